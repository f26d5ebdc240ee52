import type { IntroPageClient } from "@intro-page/sdk";

/**
 * What every data controller reads from its host at each update: the SDK client
 * to call and the user to call it for. Either is `undefined` until the host can
 * say (no client built yet, no `user-id` set).
 */
export interface UserSource {
  /** The SDK client to call; `undefined` until the host can build one. */
  client(): IntroPageClient | undefined;
  /** The user whose page it is; `undefined` (or empty) means "nobody yet". */
  userId(): string | undefined;
}

/**
 * True when two argument lists hold the same values in the same places (by
 * `Object.is`): the check `@lit/task` makes in `hostUpdate()` before it decides
 * whether to run again. Controllers compare their args with it so a host update
 * that changed nothing they depend on costs nothing.
 */
export function sameArgs(previous: readonly unknown[] | undefined, next: readonly unknown[]): boolean {
  return previous !== undefined && previous.length === next.length && previous.every((value, index) => Object.is(value, next[index]));
}
