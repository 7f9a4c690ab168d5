/**
 * The errors a client call can fail with. Each one is its own class so callers can tell
 * "the server said no" (ReplyError) from "we never heard back" (ConnectionClosedError,
 * TimeoutError) with `instanceof`, and each passes `{ cause }` where there is one.
 */
export { ReplyError } from "../errors.ts";

/**
 * The connection closed (or never opened) before the reply arrived. A command that was
 * already written may have run on the server: the client never replays it by itself.
 */
export class ConnectionClosedError extends Error {
  override name = "ConnectionClosedError";
}

/** No reply (or no connection) within `commandTimeout` / `connectTimeout`. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
}
