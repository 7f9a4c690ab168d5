/**
 * What the sorted-set commands share: the typed getter, Redis's `zsetAdd` (ZADD's flags and
 * the listpack → skiplist switch), argument readers that throw Redis's exact errors, and the
 * reply shapes of (member, score) lists.
 */
import type { Keyspace } from "../../db/keyspace.ts";
import {
  type LexBound,
  parseLexBound,
  parseScore,
  parseScoreBound,
  RedisZSet,
  type ScoreBound,
  type ZEntry,
} from "../../db/types/zset.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { keyToBytes, parseInt64 } from "../../protocol/bytes.ts";
import type { ReplyWriter } from "../../protocol/reply-writer.ts";
import { changed } from "../args.ts";
import type { Context } from "../types.ts";

/*
 * Redis's defaults for zset-max-listpack-entries / zset-max-listpack-value. redbun's config
 * table has no such parameters yet; when it does, these become reads of it.
 */
export const LISTPACK_MAX_ENTRIES = 128;
const LISTPACK_MAX_VALUE = 64;

/** The sorted set at `key`, undefined when missing; WRONGTYPE for another type. */
export function getZSet(db: Keyspace, key: string): RedisZSet | undefined {
  const v = db.get(key);
  if (v === undefined || v instanceof RedisZSet) return v;
  throw new ReplyError(ERR.wrongType);
}

/** getZSet for the key that is argument i, found by its bytes (no key string built). */
export function getZSetArg(db: Keyspace, args: Args, i: number): RedisZSet | undefined {
  const id = db.lookup(args.src[i]!, args.starts[i]!, args.ends[i]!);
  if (id < 0) return undefined;
  const v = db.valueOf(id);
  if (v instanceof RedisZSet) return v;
  throw new ReplyError(ERR.wrongType);
}

/** A fresh set for a new key: a listpack unless the first member (its length in bytes) is too long. */
export function newZSet(firstMemberLength = 0): RedisZSet {
  const z = new RedisZSet();
  if (firstMemberLength > LISTPACK_MAX_VALUE) z.encoding = "skiplist";
  return z;
}

/** A listpack keeps scores as text: -0 comes back as 0 (a skiplist keeps the sign). */
function stored(z: RedisZSet, score: number): number {
  return z.encoding === "listpack" && score === 0 ? 0 : score;
}

/** ZADD's NX/XX/GT/LT/INCR, as Redis's ZADD_IN_* flags. */
export interface AddFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  incr: boolean;
}

export const PLAIN_ADD: AddFlags = { nx: false, xx: false, gt: false, lt: false, incr: false };

/**
 * What one zsetAdd did. `score` is ZADD INCR's reply: the score as computed, which a listpack
 * then stores as 0 when it is -0 (Redis replies before storing).
 */
export interface AddResult {
  kind: "added" | "updated" | "unchanged" | "nop";
  score: number;
}

/*
 * zsetAdd answers in this one object, overwritten by each call (read it before the next):
 * ZADD runs once per request on the hot path, and a result object per member is garbage.
 */
const result: AddResult = { kind: "nop", score: 0 };

function answer(kind: AddResult["kind"], score: number): AddResult {
  result.kind = kind;
  result.score = score;
  return result;
}

/** zsetAdd of a member given as a binary string (sets built from other sets). */
export function zsetAdd(z: RedisZSet, member: string, score: number, f: AddFlags = PLAIN_ADD): AddResult {
  const b = keyToBytes(member);
  return zsetAddBytes(z, b, 0, b.length, score, f);
}

/**
 * Redis's zsetAdd for the member at bytes [start, end) of `src`. Throws "resulting score is
 * not a number" when INCR makes a NaN (inf + -inf). A new member that would not fit a
 * listpack converts the set first. The result is shared: see `result`.
 */
export function zsetAddBytes(
  z: RedisZSet,
  src: Uint8Array,
  start: number,
  end: number,
  score: number,
  f: AddFlags = PLAIN_ADD,
): AddResult {
  const id = z.findBytes(src, start, end);
  if (id >= 0) {
    const cur = z.scoreOf(id);
    if (f.nx) return answer("nop", cur);
    let next = score;
    if (f.incr) {
      next = cur + score;
      if (Number.isNaN(next)) throw new ReplyError(ERR.zsetNaN);
    }
    if ((f.gt && next <= cur) || (f.lt && next >= cur)) return answer("nop", cur);
    if (next === cur) return answer("unchanged", next);
    z.rescoreBytes(id, src, start, end, stored(z, next));
    return answer("updated", next);
  }
  if (f.xx) return answer("nop", score);
  if (z.encoding === "listpack" && (z.size + 1 > LISTPACK_MAX_ENTRIES || end - start > LISTPACK_MAX_VALUE)) {
    z.encoding = "skiplist";
  }
  z.insertBytes(src, start, end, stored(z, score));
  return answer("added", score);
}

/**
 * A set built whole by a STORE command (ZUNIONSTORE, ZDIFFSTORE, ...): Redis builds a skiplist
 * and converts it to a listpack when small enough (zsetConvertToListpackIfNeeded).
 * `entries` must be in order.
 */
export function zsetFromSorted(entries: readonly ZEntry[]): RedisZSet {
  const z = new RedisZSet();
  let longest = 0;
  for (const [m] of entries) if (m.length > longest) longest = m.length;
  z.encoding =
    entries.length <= LISTPACK_MAX_ENTRIES && longest <= LISTPACK_MAX_VALUE ? "listpack" : "skiplist";
  for (const [m, s] of entries) z.add(m, stored(z, s));
  return z;
}

/**
 * After removing members: delete the key when the set is now empty (Redis never keeps an
 * empty one) and report the change — `event`, then `del` when the key went away.
 */
export function afterRemove(ctx: Context, key: string, z: RedisZSet, event: string): void {
  changed(ctx, key, event);
  if (z.size === 0) {
    ctx.db.delete(key);
    changed(ctx, key, "del");
  }
}

/**
 * Store `z` at `dst` (replacing any value and TTL), or delete `dst` when `z` is empty, as
 * ZRANGESTORE / ZUNIONSTORE do; replies with the stored size.
 */
export function storeResult(ctx: Context, dst: string, z: RedisZSet, event: string): void {
  if (z.size > 0) {
    ctx.db.set(dst, z);
    changed(ctx, dst, event);
  } else if (ctx.db.delete(dst)) {
    changed(ctx, dst, "del");
  }
  ctx.out.integer(z.size);
}

// ---- arguments ----

/** Redis's getLongFromObject: a signed 64-bit integer (beyond 2^53 it only needs to compare). */
export function longArg(args: Args, i: number, message: string = ERR.notInteger): number {
  const v = parseInt64(args.bytes(i));
  if (v === null) throw new ReplyError(message);
  return Number(v);
}

/** A ZADD/ZINCRBY score or a WEIGHTS value: a strtod number, not NaN. */
export function scoreArg(args: Args, i: number, message: string = ERR.notFloat): number {
  const v = parseScore(args.src[i]!, args.starts[i]!, args.ends[i]!);
  if (v === null) throw new ReplyError(message);
  return v;
}

/** A `min`/`max` of ZRANGEBYSCORE, ZCOUNT, ... */
export function scoreBoundArg(args: Args, i: number): ScoreBound {
  const v = parseScoreBound(args.src[i]!, args.starts[i]!, args.ends[i]!);
  if (v === null) throw new ReplyError(ERR.zsetMinMaxNotFloat);
  return v;
}

/** A `min`/`max` of ZRANGEBYLEX, ZLEXCOUNT, ... */
export function lexBoundArg(args: Args, i: number): LexBound {
  const v = parseLexBound(args.src[i]!, args.starts[i]!, args.ends[i]!);
  if (v === null) throw new ReplyError(ERR.zsetMinMaxNotLex);
  return v;
}

// ---- replies ----

/**
 * A list of members, with their scores when asked: RESP2 a flat array (member, score, ...),
 * RESP3 an array of [member, score] pairs (Redis avoids a map there: order matters).
 */
export function writeEntries(out: ReplyWriter, entries: readonly ZEntry[], withScores: boolean): void {
  const n = entries.length;
  if (!withScores) {
    out.array(n);
    for (let i = 0; i < n; i++) out.bulkKey(entries[i]![0]);
    return;
  }
  const nested = out.resp === 3;
  out.array(nested ? n : n * 2);
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (nested) out.array(2);
    out.bulkKey(e[0]);
    out.double(e[1]);
  }
}

/** Zset order: score, then member bytes (binary strings compare as memcmp). */
export function compareEntries(a: ZEntry, b: ZEntry): number {
  if (a[1] < b[1]) return -1;
  if (a[1] > b[1]) return 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
