/**
 * OBJECT ENCODING's answer for a value, following Redis 7.0's conversion rules with its
 * default thresholds:
 * - strings: `int` (a canonical int64 of at most 20 chars), `embstr` (up to 44 bytes), `raw`;
 * - lists: always `quicklist` (7.0 has no listpack-encoded lists; 7.2 does);
 * - hashes: `listpack` while at most 512 fields and every field and value at most 64 bytes,
 *   else `hashtable`;
 * - sets: `intset` while at most 512 members that are all int64s, else `hashtable` (7.0 has no
 *   listpack sets);
 * - sorted sets: `listpack` while at most 128 members of at most 64 bytes, else `skiplist`.
 *
 * Hashes keep Redis's two forms themselves (src/db/types/hash.ts), so theirs is read from the
 * value. Other collections are stored the same way whatever their size, so the encoding is
 * derived from the contents. Redis never converts a collection back to its compact encoding when it
 * shrinks: a collection once seen big (here, or by SORT, which converts sorted sets) is
 * remembered in a WeakSet and keeps answering the big encoding. Growth that nobody observed
 * is not remembered: a hash that grew past 512 fields and shrank back between two OBJECT
 * ENCODING calls answers `listpack` here and `hashtable` in Redis.
 *
 * Strings are derived from their bytes only: Redis's APPEND and SETRANGE always leave `raw`
 * and INCRBYFLOAT leaves `embstr`/`raw` whatever the bytes, which needs a per-key flag the
 * keyspace does not have.
 */
import type { Value } from "../../db/keyspace.ts";
import { RedisHash } from "../../db/types/hash.ts";
import { RedisList } from "../../db/types/list.ts";
import { RedisSet } from "../../db/types/set.ts";
import { RedisStream } from "../../db/types/stream.ts";
import { RedisZSet } from "../../db/types/zset.ts";
import { parseInt64 } from "../../protocol/bytes.ts";

/** Redis 7.0's defaults: zset-max-listpack-entries and -value, set-max-intset-entries. */
const ZSET_MAX_ENTRIES = 128;
const ZSET_MAX_VALUE = 64;
const SET_MAX_INTSET = 512;
/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT */
const EMBSTR_MAX = 44;

/** Collections that have left their compact encoding (Redis never converts back). */
const converted = new WeakSet<object>();

/** Remember that a collection now has its big encoding (SORT converts sorted sets to a skip list). */
export function markConverted(v: Value): void {
  if (v instanceof Uint8Array) return;
  converted.add(v);
  // A sorted set's own field decides whether it keeps a -0 score (zset-value.ts): a skip list does.
  if (v instanceof RedisZSet) v.encoding = "skiplist";
}

/** COPY keeps the source's encoding (Redis's dup functions copy the representation). */
export function copyEncoding(from: Value, to: Value): void {
  if (from instanceof Uint8Array) return;
  if (converted.has(from) || (from instanceof RedisHash && from.encoding === "hashtable")) converted.add(to);
  if (from instanceof RedisZSet && to instanceof RedisZSet) to.encoding = from.encoding;
}

/** Whether a string is int-encoded in Redis (string2l on at most 20 bytes). */
export function isIntEncoded(s: Uint8Array): boolean {
  return s.length <= 20 && parseInt64(s) !== null;
}

export function encodingOf(v: Value): string {
  if (v instanceof Uint8Array) {
    if (isIntEncoded(v)) return "int";
    return v.length <= EMBSTR_MAX ? "embstr" : "raw";
  }
  if (v instanceof RedisList) return "quicklist";
  if (v instanceof RedisStream) return "stream";
  if (v instanceof RedisHash) return converted.has(v) ? "hashtable" : v.encoding;
  if (converted.has(v)) return bigName(v);
  if (!isCompact(v)) {
    converted.add(v);
    return bigName(v);
  }
  if (v instanceof RedisSet) return "intset";
  return "listpack";
}

function bigName(v: object): string {
  if (v instanceof RedisSet) return "hashtable";
  return "skiplist";
}

/** Bounded work: a collection over its entry limit is answered at once, else at most 512 checks. */
function isCompact(v: RedisSet | RedisZSet): boolean {
  if (v instanceof RedisSet) {
    if (v.size > SET_MAX_INTSET) return false;
    for (const m of v) if (!isInt64Key(m)) return false;
    return true;
  }
  if (v.size > ZSET_MAX_ENTRIES) return false;
  for (const [m] of v.entries()) if (m.length > ZSET_MAX_VALUE) return false;
  return true;
}

const scratch = new Uint8Array(20);

/** string2ll on a binary string (a set member). */
export function isInt64Key(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  for (let i = 0; i < n; i++) scratch[i] = s.charCodeAt(i);
  return parseInt64(scratch.subarray(0, n)) !== null;
}
