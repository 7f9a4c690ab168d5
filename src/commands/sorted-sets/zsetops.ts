/**
 * ZUNION, ZINTER, ZDIFF numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES],
 * their STORE forms (destination first, no WITHSCORES), and ZINTERCARD numkeys key ... [LIMIT n].
 * ZDIFF and ZINTERCARD take neither WEIGHTS nor AGGREGATE.
 *
 * As Redis's zunionInterDiffGenericCommand: inputs may be plain sets (every member scores 1);
 * keys are looked up (WRONGTYPE) before the options are read; union and intersection visit
 * the inputs from the smallest up, which fixes the order of floating-point sums; a weighted
 * score or a sum that comes out NaN (0 * inf, inf + -inf) counts as 0.
 */
import type { Value } from "../../db/keyspace.ts";
import { RedisSet } from "../../db/types/set.ts";
import { RedisZSet, type ZEntry } from "../../db/types/zset.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";
import {
  compareEntries,
  longArg,
  scoreArg,
  storeResult,
  writeEntries,
  zsetFromSorted,
} from "./zset-value.ts";

type Op = "union" | "inter" | "diff";
type Aggregate = "sum" | "min" | "max";

/** One input: its size and how to read a member's score (undefined: absent). */
interface Source {
  size: number;
  weight: number;
  value: RedisZSet | RedisSet | undefined;
}

function sourceOf(v: Value | undefined): Source {
  if (v === undefined) return { size: 0, weight: 1, value: undefined };
  if (v instanceof RedisZSet || v instanceof RedisSet) return { size: v.size, weight: 1, value: v };
  throw new ReplyError(ERR.wrongType);
}

function scoreIn(src: Source, member: string): number | undefined {
  const v = src.value;
  if (v instanceof RedisZSet) return v.score(member);
  if (v instanceof RedisSet) return v.has(member) ? 1 : undefined;
  return undefined;
}

/** Every (member, score) of a source, unweighted. */
function* entriesOf(src: Source): Generator<ZEntry> {
  const v = src.value;
  if (v instanceof RedisZSet) yield* v.entries();
  else if (v instanceof RedisSet) for (const m of v) yield [m, 1];
}

function aggregate(acc: number, value: number, how: Aggregate): number {
  if (how === "sum") {
    const s = acc + value;
    return Number.isNaN(s) ? 0 : s;
  }
  // Not Math.min/max: they order -0 before 0 and spread NaN; Redis's `<` keeps `acc` on a tie.
  // biome-ignore lint/complexity/useMathMinMax: see above
  if (how === "min") return value < acc ? value : acc;
  // biome-ignore lint/complexity/useMathMinMax: see above
  return value > acc ? value : acc;
}

function weighted(src: Source, score: number): number {
  const s = src.weight * score;
  return Number.isNaN(s) ? 0 : s;
}

interface OpOptions {
  sources: Source[];
  how: Aggregate;
  withScores: boolean;
  limit: number;
}

type Kind = "plain" | "store" | "card";

/** numkeys, the keys (looked up at once), then the options this command takes. */
function parseOp(ctx: Context, args: Args, numkeysAt: number, op: Op, kind: Kind, name: string): OpOptions {
  const setnum = longArg(args, numkeysAt);
  if (setnum < 1) throw new ReplyError(ERR.zsetAtLeastOneKey(name));
  if (setnum > args.length - (numkeysAt + 1)) throw new ReplyError(ERR.syntax);
  const sources: Source[] = [];
  let j = numkeysAt + 1;
  for (let i = 0; i < setnum; i++, j++) sources.push(sourceOf(ctx.db.get(args.key(j))));
  const o: OpOptions = { sources, how: "sum", withScores: false, limit: 0 };
  const weighable = op !== "diff" && kind !== "card";
  while (j < args.length) {
    const remaining = args.length - j;
    if (weighable && remaining >= setnum + 1 && args.is(j, "weights")) {
      j++;
      for (let i = 0; i < setnum; i++, j++) sources[i]!.weight = scoreArg(args, j, ERR.zsetWeightNotFloat);
    } else if (weighable && remaining >= 2 && args.is(j, "aggregate")) {
      j++;
      if (args.is(j, "sum")) o.how = "sum";
      else if (args.is(j, "min")) o.how = "min";
      else if (args.is(j, "max")) o.how = "max";
      else throw new ReplyError(ERR.syntax);
      j++;
    } else if (kind === "plain" && args.is(j, "withscores")) {
      j++;
      o.withScores = true;
    } else if (kind === "card" && remaining >= 2 && args.is(j, "limit")) {
      const limit = longArg(args, j + 1, ERR.limitNegative);
      if (limit < 0) throw new ReplyError(ERR.limitNegative);
      o.limit = limit;
      j += 2;
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  return o;
}

/** Smallest input first (a stable sort, like glibc's qsort, keeps equal sizes in key order). */
function bySize(sources: Source[]): Source[] {
  return sources.slice().sort((a, b) => a.size - b.size);
}

function union(o: OpOptions): ZEntry[] {
  const acc = new Map<string, number>();
  for (const src of bySize(o.sources)) {
    for (const [m, s] of entriesOf(src)) {
      const w = weighted(src, s);
      const cur = acc.get(m);
      acc.set(m, cur === undefined ? w : aggregate(cur, w, o.how));
    }
  }
  return [...acc];
}

/** The intersection; with `limit` (ZINTERCARD) it stops once that many are found. */
function inter(o: OpOptions, limit = 0): ZEntry[] {
  const [first, ...rest] = bySize(o.sources);
  const out: ZEntry[] = [];
  if (first!.size === 0) return out;
  outer: for (const [m, s] of entriesOf(first!)) {
    let score = weighted(first!, s);
    for (const src of rest) {
      const v = scoreIn(src, m);
      if (v === undefined) continue outer;
      // Not `weighted`: Redis does not zero a NaN product here, only a NaN sum.
      score = aggregate(score, v * src.weight, o.how);
    }
    out.push([m, score]);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

function diff(o: OpOptions): ZEntry[] {
  const [first, ...rest] = o.sources;
  const out: ZEntry[] = [];
  outer: for (const [m, s] of entriesOf(first!)) {
    for (const src of rest) if (scoreIn(src, m) !== undefined) continue outer;
    out.push([m, s]);
  }
  return out;
}

function compute(op: Op, o: OpOptions): ZEntry[] {
  const entries = op === "union" ? union(o) : op === "inter" ? inter(o) : diff(o);
  return entries.sort(compareEntries);
}

function plain(op: Op, name: string): Handler {
  return (ctx, args) => {
    const o = parseOp(ctx, args, 1, op, "plain", name);
    writeEntries(ctx.out, compute(op, o), o.withScores);
  };
}

function store(op: Op, name: string): Handler {
  return (ctx, args) => {
    const o = parseOp(ctx, args, 2, op, "store", name);
    storeResult(ctx, args.key(1), zsetFromSorted(compute(op, o)), name);
  };
}

export const zunion = plain("union", "zunion");
export const zinter = plain("inter", "zinter");
export const zdiff = plain("diff", "zdiff");
export const zunionstore = store("union", "zunionstore");
export const zinterstore = store("inter", "zinterstore");
export const zdiffstore = store("diff", "zdiffstore");

/** ZINTERCARD numkeys key [key ...] [LIMIT limit]: stops counting at the limit. */
export const zintercard: Handler = (ctx, args) => {
  const o = parseOp(ctx, args, 1, "inter", "card", "zintercard");
  ctx.out.integer(inter(o, o.limit).length);
};
