import { pbkdf2 } from "node:crypto";

/** Work finished on libuv's thread pool and delivered by the event loop's poll phase, as a database or Redis reply is. */
export const threadPoolWork = (): Promise<string> =>
  new Promise<string>((resolve, reject) => pbkdf2("secret", "salt", 1, 16, "sha256", (err) => (err ? reject(err) : resolve("answer"))));

/** Keeps the event loop busy (a burst of requests, a long garbage collection, a descheduled process) for `ms`. */
export function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}
