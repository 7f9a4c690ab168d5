/**
 * ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
 * ZINCRBY key increment member
 *
 * Options are the leading words that name one (in any order and case); the rest must be
 * score/member pairs. Every score is parsed before the set is touched, so a bad one changes
 * nothing, as in Redis.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { type AddFlags, getZSet, newZSet, scoreArg, zsetAdd } from "./zset-value.ts";

interface ZaddOptions extends AddFlags {
  ch: boolean;
  /** Argument index of the first score. */
  first: number;
  scores: number[];
}

function parseZadd(args: Args, incr: boolean): ZaddOptions {
  const o: ZaddOptions = {
    nx: false,
    xx: false,
    gt: false,
    lt: false,
    incr,
    ch: false,
    first: 2,
    scores: [],
  };
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
  for (let j = i; j < args.length; j += 2) o.scores.push(scoreArg(args, j));
  return o;
}

function zaddGeneric(ctx: Context, args: Args, incr: boolean): void {
  const o = parseZadd(args, incr);
  const key = args.key(1);
  let z = getZSet(ctx.db, key);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined && !o.xx) {
    z = newZSet(args.key(o.first + 1));
    ctx.db.set(key, z);
  }
  if (z !== undefined) {
    try {
      for (let k = 0; k < o.scores.length; k++) {
        const r = zsetAdd(z, args.key(o.first + 1 + 2 * k), o.scores[k]!, o);
        if (r.kind === "added") added++;
        else if (r.kind === "updated") updated++;
        if (r.kind !== "nop") processed++;
        score = r.score;
      }
    } finally {
      // Redis reports what was done even when INCR stops on a NaN.
      if (added || updated) changed(ctx, key, o.incr ? "zincr" : "zadd");
    }
  }
  if (!o.incr) ctx.out.integer(o.ch ? added + updated : added);
  else if (processed) ctx.out.double(score);
  else ctx.out.nil();
}

export const zadd: Handler = (ctx, args) => zaddGeneric(ctx, args, false);

/** ZINCRBY is ZADD INCR with the increment in the score's place (its arity fixes the shape). */
export const zincrby: Handler = (ctx, args) => zaddGeneric(ctx, args, true);
