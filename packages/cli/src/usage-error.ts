/**
 * An error in how the command was called or what it was pointed at. The
 * command prints its message and exits with status 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
