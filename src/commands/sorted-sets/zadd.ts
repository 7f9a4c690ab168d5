/**
 * ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
 * ZINCRBY key increment member
 *
 * Options are the leading words that name one (in any order and case); the rest must be
 * score/member pairs. Every score is parsed before the set is touched, so a bad one changes
 * nothing, as in Redis.
 *
 * The common shape, one pair and no option (what redis-benchmark and most clients send), takes
 * constant options and allocates nothing: members are looked up by their request bytes.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { type AddFlags, getZSetArg, newZSet, scoreArg, zsetAddBytes } from "./zset-value.ts";

interface ZaddOptions extends AddFlags {
  ch: boolean;
  /** Argument index of the first score. */
  first: number;
}

/** The options of `ZADD key score member` and of every ZINCRBY; never modified. */
const ONE_PAIR: Readonly<ZaddOptions> = {
  nx: false,
  xx: false,
  gt: false,
  lt: false,
  incr: false,
  ch: false,
  first: 2,
};
const ONE_INCR: Readonly<ZaddOptions> = { ...ONE_PAIR, incr: true };

const OPTION_WORDS = ["nx", "xx", "ch", "incr", "gt", "lt"];

function isOption(args: Args, i: number): boolean {
  // Option words are 2-4 bytes long; a score rarely is, so this mostly stops at the length.
  const n = args.len(i);
  if (n < 2 || n > 4) return false;
  for (const w of OPTION_WORDS) if (args.is(i, w)) return true;
  return false;
}

function parseZadd(args: Args, incr: boolean): Readonly<ZaddOptions> {
  if (args.length === 4 && !isOption(args, 2)) return incr ? ONE_INCR : ONE_PAIR;
  const o: ZaddOptions = { nx: false, xx: false, gt: false, lt: false, incr, ch: false, first: 2 };
  let i = 2;
  for (; i < args.length; i++) {
    if (args.is(i, "nx")) o.nx = true;
    else if (args.is(i, "xx")) o.xx = true;
    else if (args.is(i, "ch")) o.ch = true;
    else if (args.is(i, "incr")) o.incr = true;
    else if (args.is(i, "gt")) o.gt = true;
    else if (args.is(i, "lt")) o.lt = true;
    else break;
  }
  o.first = i;
  const words = args.length - i;
  if (words === 0 || words % 2 !== 0) throw new ReplyError(ERR.syntax);
  if (o.nx && o.xx) throw new ReplyError(ERR.zaddXxNx);
  if ((o.gt && o.nx) || (o.lt && o.nx) || (o.gt && o.lt)) throw new ReplyError(ERR.zaddGtLtNx);
  if (o.incr && words > 2) throw new ReplyError(ERR.zaddIncrPair);
  return o;
}

/** The scores of the running ZADD, all parsed before any is applied (reused between calls). */
const scores: number[] = [];

function zaddGeneric(ctx: Context, args: Args, incr: boolean): void {
  const o = parseZadd(args, incr);
  scores.length = 0;
  for (let j = o.first; j < args.length; j += 2) scores.push(scoreArg(args, j));
  let z = getZSetArg(ctx.db, args, 1);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined && !o.xx) {
    z = newZSet(args.len(o.first + 1));
    ctx.db.set(args.key(1), z);
  }
  if (z !== undefined) {
    const src = args.src;
    const starts = args.starts;
    const ends = args.ends;
    try {
      for (let k = 0; k < scores.length; k++) {
        const m = o.first + 1 + 2 * k;
        const r = zsetAddBytes(z, src[m]!, starts[m]!, ends[m]!, scores[k]!, o);
        if (r.kind === "added") added++;
        else if (r.kind === "updated") updated++;
        if (r.kind !== "nop") processed++;
        score = r.score;
      }
    } finally {
      // Redis reports what was done even when INCR stops on a NaN.
      if (added || updated) changed(ctx, args.key(1), o.incr ? "zincr" : "zadd");
    }
  }
  if (!o.incr) ctx.out.integer(o.ch ? added + updated : added);
  else if (processed) ctx.out.double(score);
  else ctx.out.nil();
}

export const zadd: Handler = (ctx, args) => zaddGeneric(ctx, args, false);

/** ZINCRBY is ZADD INCR with the increment in the score's place (its arity fixes the shape). */
export const zincrby: Handler = (ctx, args) => zaddGeneric(ctx, args, true);
