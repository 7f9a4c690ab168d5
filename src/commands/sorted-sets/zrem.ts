/**
 * ZREM key member [member ...], ZREMRANGEBYRANK key start stop, ZREMRANGEBYSCORE key min max,
 * ZREMRANGEBYLEX key min max. Ranges are parsed before the key is looked up (a bad range is
 * an error even on a missing key); a set left empty is deleted.
 */

import type { RedisZSet } from "../../db/types/zset.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";
import { afterRemove, getZSet, getZSetArg, lexBoundArg, longArg, scoreBoundArg } from "./zset-value.ts";

export const zrem: Handler = (ctx, args) => {
  const z = getZSetArg(ctx.db, args, 1);
  let removed = 0;
  if (z !== undefined) {
    for (let i = 2; i < args.length && z.size > 0; i++)
      if (z.removeBytes(args.src[i]!, args.starts[i]!, args.ends[i]!)) removed++;
    if (removed) afterRemove(ctx, args.key(1), z, "zrem");
  }
  ctx.out.integer(removed);
};

function removeRange(ctx: Context, args: Args, event: string, remove: (z: RedisZSet) => number): void {
  const key = args.key(1);
  const z = getZSet(ctx.db, key);
  const removed = z === undefined ? 0 : remove(z);
  if (removed) afterRemove(ctx, key, z!, event);
  ctx.out.integer(removed);
}

export const zremrangebyrank: Handler = (ctx, args) => {
  const start = longArg(args, 2);
  const stop = longArg(args, 3);
  removeRange(ctx, args, "zremrangebyrank", (z) => z.removeRangeByRank(start, stop));
};

export const zremrangebyscore: Handler = (ctx, args) => {
  const min = scoreBoundArg(args, 2);
  const max = scoreBoundArg(args, 3);
  removeRange(ctx, args, "zremrangebyscore", (z) => z.removeRangeByScore(min, max));
};

export const zremrangebylex: Handler = (ctx, args) => {
  const min = lexBoundArg(args, 2);
  const max = lexBoundArg(args, 3);
  removeRange(ctx, args, "zremrangebylex", (z) => z.removeRangeByLex(min, max));
};
