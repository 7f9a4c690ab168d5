/**
 * ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES], its older
 * forms ZRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGE, ZREVRANGEBYSCORE, ZREVRANGEBYLEX, and
 * ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count].
 *
 * One parser for all of them, as Redis's zrangeGenericCommand: the older forms fix the range
 * type and/or direction, so the word that would set it again is a syntax error for them
 * (ZREVRANGE ... REV). Options first, then their conflicts, then the range, then the key.
 */
import type { ZEntry } from "../../db/types/zset.ts";
import { RedisZSet } from "../../db/types/zset.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";
import {
  getZSet,
  LISTPACK_MAX_ENTRIES,
  lexBoundArg,
  longArg,
  scoreBoundArg,
  storeResult,
  writeEntries,
  zsetAdd,
} from "./zset-value.ts";

type RangeType = "auto" | "rank" | "score" | "lex";
type Direction = "auto" | "forward" | "reverse";

interface RangeOptions {
  type: RangeType;
  reverse: boolean;
  withScores: boolean;
  offset: number;
  /** LIMIT's count; -1 (also Redis's default) means all. */
  limit: number;
}

/** `at` is the source key's index; min and max follow it. */
function parseRange(args: Args, at: number, store: boolean, type: RangeType, dir: Direction): RangeOptions {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = at + 3; j < args.length; j++) {
    const left = args.length - j - 1;
    if (!store && args.is(j, "withscores")) withScores = true;
    else if (args.is(j, "limit") && left >= 2) {
      offset = longArg(args, j + 1);
      limit = longArg(args, j + 2);
      j += 2;
    } else if (dir === "auto" && args.is(j, "rev")) dir = "reverse";
    else if (type === "auto" && args.is(j, "bylex")) type = "lex";
    else if (type === "auto" && args.is(j, "byscore")) type = "score";
    else throw new ReplyError(ERR.syntax);
  }
  if (type === "auto") type = "rank";
  // `LIMIT 0 -1` reads as no LIMIT, so it passes with a rank range, exactly as in Redis.
  if (limit !== -1 && type === "rank") throw new ReplyError(ERR.zrangeLimitRank);
  if (withScores && type === "lex") throw new ReplyError(ERR.zrangeWithscoresLex);
  return { type, reverse: dir === "reverse", withScores, offset, limit };
}

/**
 * Parse, look up and slice; null when the source key is missing. `parsed` receives the range
 * type (ZRANGESTORE sizes its result by it).
 */
function rangeGeneric(
  ctx: Context,
  args: Args,
  at: number,
  store: boolean,
  t: RangeType,
  d: Direction,
  parsed?: { type: RangeType },
): ZEntry[] | null {
  const o = parseRange(args, at, store, t, d);
  if (parsed) parsed.type = o.type;
  // ZREVRANGEBYSCORE and friends take max before min.
  const minAt = o.reverse && o.type !== "rank" ? at + 2 : at + 1;
  const maxAt = minAt === at + 1 ? at + 2 : at + 1;
  const limits = { reverse: o.reverse, offset: o.offset, count: o.limit };
  let slice: (z: RedisZSet) => ZEntry[];
  if (o.type === "rank") {
    const start = longArg(args, at + 1);
    const stop = longArg(args, at + 2);
    slice = (z) => z.byRank(start, stop, o.reverse);
  } else if (o.type === "score") {
    const min = scoreBoundArg(args, minAt);
    const max = scoreBoundArg(args, maxAt);
    slice = (z) => z.byScore(min, max, limits);
  } else {
    const min = lexBoundArg(args, minAt);
    const max = lexBoundArg(args, maxAt);
    slice = (z) => z.byLex(min, max, limits);
  }
  const z = getZSet(ctx.db, args.key(at));
  if (z === undefined) return null;
  const entries = slice(z);
  if (!store) writeEntries(ctx.out, entries, o.withScores);
  return entries;
}

function range(t: RangeType, d: Direction): Handler {
  return (ctx, args) => {
    if (rangeGeneric(ctx, args, 1, false, t, d) === null) ctx.out.array(0);
  };
}

export const zrange = range("auto", "auto");
export const zrevrange = range("rank", "reverse");
export const zrangebyscore = range("score", "forward");
export const zrevrangebyscore = range("score", "reverse");
export const zrangebylex = range("lex", "forward");
export const zrevrangebylex = range("lex", "reverse");

/**
 * ZRANGESTORE: the range is added in reply order to a new set, as ZADD would add it. Redis
 * sizes that set by the range's length when it knows it in advance (a rank range): more than
 * a listpack holds starts as a skiplist, anything else starts as a listpack and converts when
 * it outgrows it. An empty range deletes `dst`.
 */
export const zrangestore: Handler = (ctx, args) => {
  const parsed = { type: "auto" as RangeType };
  const entries = rangeGeneric(ctx, args, 2, true, "auto", "auto", parsed) ?? [];
  const z = new RedisZSet();
  if (parsed.type === "rank" && entries.length > LISTPACK_MAX_ENTRIES) z.encoding = "skiplist";
  for (const [m, s] of entries) zsetAdd(z, m, s);
  storeResult(ctx, args.key(1), z, "zrangestore");
};
