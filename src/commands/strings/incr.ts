/**
 * INCR, DECR, INCRBY, DECRBY — signed 64-bit arithmetic on a string holding an integer.
 * Plain numbers while exact; BigInt only past 2^53, so the common case allocates nothing extra.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { parseInt64 } from "../../protocol/bytes.ts";
import { addInt64, changed, int64Arg } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { getString } from "./string-value.ts";

const INT64_MIN = -9223372036854775808n;
const asciiEncoder = new TextEncoder();

function incrBy(ctx: Context, key: string, by: number | bigint): void {
  const cur = getString(ctx.db, key);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const parsed = parseInt64(cur);
    if (parsed === null) throw new ReplyError(ERR.notInteger);
    value = parsed;
  }
  const result = addInt64(value, by);
  ctx.db.set(key, asciiEncoder.encode(String(result)), true);
  changed(ctx, key, "incrby");
  ctx.out.integer(result);
}

export const incr: Handler = (ctx, args) => incrBy(ctx, args.key(1), 1);
export const decr: Handler = (ctx, args) => incrBy(ctx, args.key(1), -1);
export const incrby: Handler = (ctx, args) => incrBy(ctx, args.key(1), int64Arg(args.bytes(2)));
export const decrby: Handler = (ctx, args) => {
  const by = int64Arg(args.bytes(2));
  if (by === INT64_MIN) throw new ReplyError("ERR decrement would overflow");
  incrBy(ctx, args.key(1), typeof by === "bigint" ? -by : -by);
};
