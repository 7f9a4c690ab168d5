/**
 * Reading a database index argument as Redis's getIntFromObjectOrReply does (MOVE, COPY DB,
 * SWAPDB): an int64, then a 32-bit range check with its own error, then the db count check.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { parseInt64 } from "../../protocol/bytes.ts";
import type { Context } from "../types.ts";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * Argument i as a C int. `message` replaces both errors (SWAPDB's "invalid first DB index");
 * without it a non-integer is "value is not an integer or out of range" and a value outside
 * 32 bits "value is out of range, value must between ...".
 */
export function intArg32(args: Args, i: number, message?: string): number {
  const v = parseInt64(args.bytes(i));
  if (v === null) throw new ReplyError(message ?? ERR.notInteger);
  if (v < INT_MIN || v > INT_MAX) {
    throw new ReplyError(message ?? ERR.outOfRangeBetween(String(INT_MIN), String(INT_MAX)));
  }
  return Number(v);
}

/** A valid database index for this server, or "DB index is out of range". */
export function dbIndexArg(ctx: Context, args: Args, i: number): number {
  const id = intArg32(args, i);
  if (id < 0 || id >= ctx.server.dbs.count) throw new ReplyError(ERR.dbIndexOutOfRange);
  return id;
}
