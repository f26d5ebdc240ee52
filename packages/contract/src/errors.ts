/**
 * A problem with how the tool was called or with what it was pointed at
 * (bad option, unreadable spec, unreachable base URL, refused token). The CLI
 * prints its message as one line and exits 2.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
