/**
 * A refusal or failure the operator can act on: its message is one line that
 * says what and why (the CLI prints only that and exits non-zero). Anything
 * else thrown by the migrator is a bug and keeps its stack.
 */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
}
