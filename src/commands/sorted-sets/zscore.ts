/**
 * The O(1) and O(log n) reads of one sorted set: ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK,
 * ZCOUNT, ZLEXCOUNT. A missing key reads as an empty set. Keys and members are looked up by
 * their request bytes: these reads build no string.
 */
import type { Handler } from "../types.ts";
import { getZSetArg, lexBoundArg, scoreBoundArg } from "./zset-value.ts";

/** ZCARD key */
export const zcard: Handler = (ctx, args) => {
  ctx.out.integer(getZSetArg(ctx.db, args, 1)?.size ?? 0);
};

/** ZSCORE key member */
export const zscore: Handler = (ctx, args) => {
  const s = getZSetArg(ctx.db, args, 1)?.scoreBytes(args.src[2]!, args.starts[2]!, args.ends[2]!);
  if (s === undefined) ctx.out.nil();
  else ctx.out.double(s);
};

/** ZMSCORE key member [member ...] */
export const zmscore: Handler = (ctx, args) => {
  const z = getZSetArg(ctx.db, args, 1);
  ctx.out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const s = z?.scoreBytes(args.src[i]!, args.starts[i]!, args.ends[i]!);
    if (s === undefined) ctx.out.nil();
    else ctx.out.double(s);
  }
};

function rank(reverse: boolean): Handler {
  return (ctx, args) => {
    const r = getZSetArg(ctx.db, args, 1)?.rankBytes(args.src[2]!, args.starts[2]!, args.ends[2]!, reverse);
    if (r === undefined) ctx.out.nil();
    else ctx.out.integer(r);
  };
}

/** ZRANK key member (WITHSCORE is Redis 7.2: 7.0's arity rejects it). */
export const zrank = rank(false);
/** ZREVRANK key member */
export const zrevrank = rank(true);

/** ZCOUNT key min max — the range is checked before the key, as in Redis. */
export const zcount: Handler = (ctx, args) => {
  const min = scoreBoundArg(args, 2);
  const max = scoreBoundArg(args, 3);
  ctx.out.integer(getZSetArg(ctx.db, args, 1)?.countByScore(min, max) ?? 0);
};

/** ZLEXCOUNT key min max */
export const zlexcount: Handler = (ctx, args) => {
  const min = lexBoundArg(args, 2);
  const max = lexBoundArg(args, 3);
  ctx.out.integer(getZSetArg(ctx.db, args, 1)?.countByLex(min, max) ?? 0);
};
