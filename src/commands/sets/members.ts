/**
 * The read-only set queries: SCARD key, SISMEMBER key member, SMISMEMBER key member
 * [member ...], SMEMBERS key. A missing key reads as the empty set. Members are tested and
 * written as bytes (RedisSet's byte API): no member string is built.
 */
import type { Handler } from "../types.ts";
import { getSetArg, replyMembers } from "./set-value.ts";

export const scard: Handler = (ctx, args) => {
  ctx.out.integer(getSetArg(ctx.db, args, 1)?.size ?? 0);
};

export const sismember: Handler = (ctx, args) => {
  const set = getSetArg(ctx.db, args, 1);
  ctx.out.integer(set?.hasBytes(args.src[2]!, args.starts[2]!, args.ends[2]!) ? 1 : 0);
};

/** One integer per member (an array of 0/1 in RESP3 too, not booleans). */
export const smismember: Handler = (ctx, args) => {
  const set = getSetArg(ctx.db, args, 1);
  ctx.out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    ctx.out.integer(set?.hasBytes(args.src[i]!, args.starts[i]!, args.ends[i]!) ? 1 : 0);
  }
};

export const smembers: Handler = (ctx, args) => {
  replyMembers(ctx, getSetArg(ctx.db, args, 1));
};
