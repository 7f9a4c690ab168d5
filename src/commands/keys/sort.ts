/**
 * SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA]
 * [STORE destination], and SORT_RO (the same without STORE).
 *
 * Follows Redis's sortCommandGeneric step by step, because its quirks are visible:
 * - BY a pattern without `*` (e.g. `nosort`) does not sort: lists and sorted sets keep their
 *   order (DESC reverses it), sets come out in iteration order, except with STORE, where a
 *   set is sorted ALPHA so the stored list is deterministic.
 * - Numeric sorting parses each element (or BY value) as C's strtod would: leading spaces, hex
 *   and `inf` are accepted, a missing BY key counts as 0; anything else fails the whole
 *   command with "One or more scores can't be converted into double". Equal scores are
 *   ordered by the elements' bytes.
 * - ALPHA compares bytes (strcoll under the C/C.UTF-8 locale Redis runs in: up to the first
 *   NUL) when replying, and the full binary strings with STORE; elements whose BY key is
 *   missing sort first.
 * - GET patterns give nil for a missing key (an empty string in a STORE list); STORE of an
 *   empty result deletes the destination. The stored list loses any TTL the key had.
 *
 * Like glibc's qsort (a merge sort), the sort is stable, so ties (ALPHA with equal BY values)
 * keep the collection's order. Redis uses its own partial quicksort when BY is combined with
 * a LIMIT that does not cover everything; ties may come out in another order there.
 */
import { RedisList } from "../../db/types/list.ts";
import { RedisSet } from "../../db/types/set.ts";
import { parseScoreBound, RedisZSet } from "../../db/types/zset.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { bytesToKey, keyToBytes, parseInt64 } from "../../protocol/bytes.ts";
import { changed } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { encodingOf, markConverted } from "./encoding.ts";
import { compilePattern, lookupByPattern, type SortPattern } from "./sort-pattern.ts";

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  by: SortPattern | null;
  /** BY without `*`: do not sort. */
  dontSort: boolean;
  get: SortPattern[];
  store: string | null;
}

const LIMIT = 2 ** 53;

function longArg(args: Args, i: number): number {
  const v = parseInt64(args.bytes(i));
  if (v === null) throw new ReplyError(ERR.notInteger);
  if (typeof v === "number") return v;
  return v > 0n ? LIMIT : -LIMIT;
}

function parseSortOptions(args: Args, readonly: boolean): SortOptions {
  const o: SortOptions = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    by: null,
    dontSort: false,
    get: [],
    store: null,
  };
  for (let j = 2; j < args.length; j++) {
    const left = args.length - j - 1;
    if (args.is(j, "asc")) o.desc = false;
    else if (args.is(j, "desc")) o.desc = true;
    else if (args.is(j, "alpha")) o.alpha = true;
    else if (args.is(j, "limit") && left >= 2) {
      o.limitStart = longArg(args, j + 1);
      o.limitCount = longArg(args, j + 2);
      j += 2;
    } else if (!readonly && args.is(j, "store") && left >= 1) {
      o.store = args.key(++j);
    } else if (args.is(j, "by") && left >= 1) {
      const p = args.key(++j);
      o.by = compilePattern(p);
      // Redis tests the raw pattern with strchr: a `*` after a NUL byte does not count.
      const star = p.indexOf("*");
      const nul = p.indexOf("\0");
      if (star < 0 || (nul >= 0 && nul < star)) o.dontSort = true;
    } else if (args.is(j, "get") && left >= 1) {
      o.get.push(compilePattern(args.key(++j)));
    } else throw new ReplyError(ERR.syntax);
  }
  return o;
}

/** One element to sort: its bytes (binary string) and what it sorts by. */
interface Item {
  readonly value: string;
  score: number;
  /** ALPHA with BY: the BY value, null when its key is missing. */
  cmp: string | null;
}

function sortGeneric(ctx: Context, args: Args, readonly: boolean): void {
  const o = parseSortOptions(args, readonly);
  const db = ctx.db;
  const v = db.get(args.key(1));
  if (v !== undefined && !(v instanceof RedisList || v instanceof RedisSet || v instanceof RedisZSet)) {
    throw new ReplyError(ERR.wrongType);
  }
  let { dontSort, alpha, by } = o;
  const desc = o.desc;
  if (dontSort && v instanceof RedisSet && o.store !== null) {
    // Force a deterministic order for the stored list.
    dontSort = false;
    alpha = true;
    by = null;
  }
  // Redis converts a sorted set to a skip list before sorting it (OBJECT ENCODING shows it).
  if (v instanceof RedisZSet) markConverted(v);

  let size = v === undefined ? 0 : v instanceof RedisList ? v.length : v.size;
  let start = Math.min(Math.max(o.limitStart, 0), size);
  const count = Math.min(Math.max(o.limitCount, -1), size);
  let end = count < 0 ? size - 1 : start + count - 1;
  if (start >= size) {
    start = size - 1;
    end = size - 2;
  }
  if (end >= size) end = size - 1;
  const ordered = v instanceof RedisList || v instanceof RedisZSet;
  if (ordered && dontSort && (start !== 0 || end !== size - 1)) size = end - start + 1;

  // Load the elements (only the LIMIT range when nothing is sorted).
  const items: Item[] = [];
  const push = (value: string): void => {
    items.push({ value, score: 0, cmp: null });
  };
  if (v instanceof RedisList) {
    if (!dontSort) {
      for (const e of v.range(0, -1)) push(bytesToKey(e));
    } else if (end >= start) {
      const len = v.length;
      if (desc) {
        const from = len - start - 1;
        const range = v.range(from - size + 1, from);
        for (let k = range.length - 1; k >= 0; k--) push(bytesToKey(range[k]!));
      } else {
        for (const e of v.range(start, start + size - 1)) push(bytesToKey(e));
      }
      end -= start;
      start = 0;
    }
  } else if (v instanceof RedisSet) {
    for (const m of setOrder(v)) push(m);
  } else if (v instanceof RedisZSet) {
    if (dontSort) {
      if (size > 0) for (const [m] of v.byRank(start, start + size - 1, desc)) push(m);
      end -= start;
      start = 0;
    } else {
      for (const [m] of v.entries()) push(m);
    }
  }

  let badScore = false;
  if (!dontSort) {
    for (const it of items) {
      const byValue = by !== null ? lookupByPattern(db, by, it.value) : it.value;
      if (byValue === undefined) continue;
      if (alpha) {
        if (by !== null) it.cmp = byValue;
      } else {
        const score = strtodScore(byValue);
        if (score === null) badScore = true;
        else it.score = score;
      }
    }
    items.sort(comparator(alpha, by !== null, o.store !== null, desc));
  }

  const gets = o.get;
  const outputLen = gets.length ? gets.length * (end - start + 1) : end - start + 1;
  if (badScore) throw new ReplyError(ERR.sortNotDouble);
  if (o.store === null) {
    const out = ctx.out;
    out.array(outputLen);
    for (let j = start; j <= end; j++) {
      const value = items[j]!.value;
      if (!gets.length) out.bulkKey(value);
      for (const g of gets) {
        const got = lookupByPattern(db, g, value);
        if (got === undefined) out.nil();
        else out.bulkKey(got);
      }
    }
    return;
  }
  const list = new RedisList();
  for (let j = start; j <= end; j++) {
    const value = items[j]!.value;
    if (!gets.length) list.pushBack(keyToBytes(value));
    for (const g of gets) list.pushBack(keyToBytes(lookupByPattern(db, g, value) ?? ""));
  }
  if (outputLen > 0) {
    db.set(o.store, list);
    changed(ctx, o.store, "sortstore");
  } else if (db.delete(o.store)) {
    changed(ctx, o.store, "del");
  }
  ctx.out.integer(outputLen);
}

/**
 * A set's iteration order: an intset iterates in ascending order in Redis, so a set of
 * integers comes out sorted; a hash table's order is Redis's hashing (ours: insertion).
 */
function setOrder(s: RedisSet): string[] {
  const members = [...s];
  if (encodingOf(s) !== "intset") return members;
  return members.sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** C strcmp of two binary strings: bytes up to the first NUL. */
function cStrCmp(a: string, b: string): number {
  const na = a.indexOf("\0");
  const nb = b.indexOf("\0");
  const x = na < 0 ? a : a.slice(0, na);
  const y = nb < 0 ? b : b.slice(0, nb);
  return x < y ? -1 : x > y ? 1 : 0;
}

function binCmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Redis's sortCompare for the chosen mode. */
function comparator(
  alpha: boolean,
  byPattern: boolean,
  store: boolean,
  desc: boolean,
): (a: Item, b: Item) => number {
  const sign = desc ? -1 : 1;
  if (!alpha) {
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : binCmp(a.value, b.value));
  }
  const text = store ? binCmp : cStrCmp;
  if (byPattern) {
    return (a, b) => {
      if (a.cmp === null || b.cmp === null) return sign * (a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1);
      return sign * text(a.cmp, b.cmp);
    };
  }
  return (a, b) => sign * text(a.value, b.value);
}

const scratch = new Uint8Array(64);

/**
 * C's strtod over a binary string, as SORT uses it: the whole C string (up to a NUL) must be
 * one number; leading spaces are fine, an empty string is 0, NaN and out-of-range values
 * (overflow, or underflow to zero or a subnormal, where glibc sets ERANGE) are not. Null when
 * it fails.
 */
export function strtodScore(s: string): number | null {
  const n = s.length;
  const buf = n <= scratch.length ? scratch : new Uint8Array(n);
  for (let i = 0; i < n; i++) buf[i] = s.charCodeAt(i);
  // "(" would be read as an exclusive bound; to strtod it is just not a number.
  if (n > 0 && buf[0] === 40) return null;
  const bound = parseScoreBound(buf, 0, n);
  if (bound === null) return null;
  const d = bound.value;
  const text = s.trimStart().toLowerCase();
  if (!Number.isFinite(d) && !/^[+-]?inf/.test(text)) return null; // overflow
  if (Math.abs(d) < 2.2250738585072014e-308 && hasNonZeroDigit(text)) return null; // underflow
  return d;
}

/** Whether the mantissa of a strtod text has a non-zero digit (so a zero result underflowed). */
function hasNonZeroDigit(text: string): boolean {
  const hex = /^[+-]?0x/.test(text);
  const body = text.replace(/^[+-]?(0x)?/, "");
  for (const c of body) {
    if (c === "\0") break;
    if (hex ? c === "p" : c === "e") break;
    if ((c >= "1" && c <= "9") || (hex && c >= "a" && c <= "f")) return true;
  }
  return false;
}

export const sort: Handler = (ctx, args) => sortGeneric(ctx, args, false);
export const sortRo: Handler = (ctx, args) => sortGeneric(ctx, args, true);
