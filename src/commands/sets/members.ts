/**
 * The read-only set queries: SCARD key, SISMEMBER key member, SMISMEMBER key member
 * [member ...], SMEMBERS key. A missing key reads as the empty set.
 */
import type { Handler } from "../types.ts";
import { getSet, replyMembers } from "./set-value.ts";

export const scard: Handler = (ctx, args) => {
  ctx.out.integer(getSet(ctx.db, args.key(1))?.size ?? 0);
};

export const sismember: Handler = (ctx, args) => {
  const set = getSet(ctx.db, args.key(1));
  ctx.out.integer(set?.has(args.key(2)) ? 1 : 0);
};

/** One integer per member (an array of 0/1 in RESP3 too, not booleans). */
export const smismember: Handler = (ctx, args) => {
  const set = getSet(ctx.db, args.key(1));
  ctx.out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) ctx.out.integer(set?.has(args.key(i)) ? 1 : 0);
};

export const smembers: Handler = (ctx, args) => {
  const set = getSet(ctx.db, args.key(1));
  if (set === undefined) replyMembers(ctx, [], 0);
  else replyMembers(ctx, set, set.size);
};
