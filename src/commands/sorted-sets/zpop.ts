/**
 * ZPOPMIN key [count], ZPOPMAX key [count], ZMPOP numkeys key [key ...] MIN | MAX [COUNT count].
 *
 * Reply shapes differ by command and protocol, as in Redis's genericZpopCommand:
 * - ZPOPMIN/MAX without count: a flat [member, score] (or an empty array);
 * - with a count: flat in RESP2, [member, score] pairs in RESP3;
 * - ZMPOP (and BZMPOP): [key, [[member, score], ...]], or a null array when nothing popped;
 * - BZPOPMIN/MAX: a flat [key, member, score].
 */
import type { RedisZSet, ZEntry } from "../../db/types/zset.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";
import { afterRemove, getZSet, getZSetArg, longArg } from "./zset-value.ts";

export type PopSide = "min" | "max";

/**
 * Pop up to `count` members from the first key of `keys` that exists (a wrong type there is
 * an error; keys after it are not looked at). Null when none of the keys exists.
 */
export function popFirst(
  ctx: Context,
  keys: readonly string[],
  side: PopSide,
  count: number,
): { key: string; entries: ZEntry[] } | null {
  for (const key of keys) {
    const z = getZSet(ctx.db, key);
    if (z !== undefined) return { key, entries: popFrom(ctx, key, z, side, count) };
  }
  return null;
}

/** Pop up to `count` members of `z`, the set at `key`, and report the change. */
function popFrom(ctx: Context, key: string, z: RedisZSet, side: PopSide, count: number): ZEntry[] {
  const entries = side === "min" ? z.popMin(count) : z.popMax(count);
  if (entries.length) afterRemove(ctx, key, z, side === "min" ? "zpopmin" : "zpopmax");
  return entries;
}

/** [key, [[member, score], ...]] (ZMPOP, BZMPOP). */
export function writeKeyAndPairs(ctx: Context, key: string, entries: readonly ZEntry[]): void {
  const out = ctx.out;
  out.array(2);
  out.bulkKey(key);
  out.array(entries.length);
  for (const [m, s] of entries) {
    out.array(2);
    out.bulkKey(m);
    out.double(s);
  }
}

function zpop(side: PopSide): Handler {
  return (ctx, args) => {
    if (args.length > 3) throw new ReplyError(ERR.syntax);
    let count = -1;
    if (args.length === 3) {
      count = longArg(args, 2, ERR.mustBePositive);
      if (count < 0) throw new ReplyError(ERR.mustBePositive);
    }
    // The key is found by its bytes; its string is built only when something is popped.
    // Count 0 still checks the key's type, then answers an empty array.
    const z = getZSetArg(ctx.db, args, 1);
    if (z === undefined || count === 0) return ctx.out.array(0);
    const entries = popFrom(ctx, args.key(1), z, side, count === -1 ? 1 : count);
    const out = ctx.out;
    const nested = out.resp === 3 && count !== -1;
    out.array(nested ? entries.length : entries.length * 2);
    for (const [m, s] of entries) {
      if (nested) out.array(2);
      out.bulkKey(m);
      out.double(s);
    }
  };
}

export const zpopmin = zpop("min");
export const zpopmax = zpop("max");

export interface MpopOptions {
  keys: string[];
  side: PopSide;
  count: number;
}

/** ZMPOP/BZMPOP's arguments from `numkeysAt` on: numkeys key... MIN|MAX [COUNT n]. */
export function parseMpop(args: Args, numkeysAt: number): MpopOptions {
  const numkeys = longArg(args, numkeysAt, ERR.numkeysNotPositive);
  if (numkeys < 1) throw new ReplyError(ERR.numkeysNotPositive);
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= args.length) throw new ReplyError(ERR.syntax);
  let side: PopSide;
  if (args.is(whereAt, "min")) side = "min";
  else if (args.is(whereAt, "max")) side = "max";
  else throw new ReplyError(ERR.syntax);
  let count = -1;
  for (let j = whereAt + 1; j < args.length; j++) {
    if (count === -1 && args.is(j, "count") && j + 1 < args.length) {
      j++;
      count = longArg(args, j, ERR.countNotPositive);
      if (count < 1) throw new ReplyError(ERR.countNotPositive);
    } else {
      throw new ReplyError(ERR.syntax);
    }
  }
  const keys: string[] = [];
  for (let i = numkeysAt + 1; i < whereAt; i++) keys.push(args.key(i));
  return { keys, side, count: count === -1 ? 1 : count };
}

export const zmpop: Handler = (ctx, args) => {
  const o = parseMpop(args, 1);
  const popped = popFirst(ctx, o.keys, o.side, o.count);
  if (popped === null) ctx.out.nullArray();
  else writeKeyAndPairs(ctx, popped.key, popped.entries);
};
