/**
 * What every stream command shares: the typed getters (WRONGTYPE for another type), stream ID
 * parsing exactly as Redis's streamGenericParseIDOrReply (string2ull, hence strtoull's
 * leniency for parts above 2^63), and the entry reply.
 */
import type { Keyspace } from "../../db/keyspace.ts";
import {
  cmpId,
  decU64,
  entryItems,
  incU64,
  RedisStream,
  toU64,
  type U64,
  U64_MAX,
  writeItems,
} from "../../db/types/stream.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { ReplyWriter } from "../../protocol/reply-writer.ts";

/** The stream at `key`, or undefined; WRONGTYPE when the key holds another type. */
export function getStream(db: Keyspace, key: string): RedisStream | undefined {
  const v = db.get(key);
  if (v === undefined || v instanceof RedisStream) return v;
  throw new ReplyError(ERR.wrongType);
}

/** A mutable stream ID (parsing results, range bounds). */
export interface Sid {
  ms: U64;
  seq: U64;
}

export const MAX_ID: Readonly<Sid> = { ms: U64_MAX, seq: U64_MAX };

/** Redis's streamIncrID: false (and 0-0) when `id` was the last possible ID. */
export function incrId(id: Sid): boolean {
  if (id.seq === U64_MAX) {
    if (id.ms === U64_MAX) {
      id.ms = 0;
      id.seq = 0;
      return false;
    }
    id.ms = incU64(id.ms);
    id.seq = 0;
  } else {
    id.seq = incU64(id.seq);
  }
  return true;
}

/** Redis's streamDecrID: false (and the max ID) when `id` was 0-0. */
export function decrId(id: Sid): boolean {
  if (id.seq === 0) {
    if (id.ms === 0) {
      id.ms = U64_MAX;
      id.seq = U64_MAX;
      return false;
    }
    id.ms = decU64(id.ms);
    id.seq = U64_MAX;
  } else {
    id.seq = decU64(id.seq);
  }
  return true;
}

export const compare = (a: Sid, b: Sid): number => cmpId(a.ms, a.seq, b.ms, b.seq);

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Redis's string2ull on b[start..end): a canonical int64 >= 0 (string2ll), or what strtoull
 * accepts (leading spaces, a sign, leading zeros; a `-` negates modulo 2^64), without overflow.
 * Null when neither accepts it.
 */
function parseU64(b: Uint8Array, start: number, end: number): U64 | null {
  if (start === end) return null;
  let i = start;
  while (i < end && isSpace(b[i]!)) i++;
  let neg = false;
  if (i < end && (b[i] === 43 || b[i] === 45)) {
    neg = b[i] === 45;
    i++;
  }
  if (i === end) return null;
  let v = 0;
  let big: bigint | null = null;
  for (let k = i; k < end; k++) {
    const c = b[k]! - 48;
    if (c < 0 || c > 9) return null;
    // Numbers while v * 10 + 9 stays below 2^53, BigInt past that.
    if (big === null && v < 9e14) {
      v = v * 10 + c;
    } else {
      big = (big ?? BigInt(v)) * 10n + BigInt(c);
      if (big > U64_MAX) return null;
    }
  }
  let r = big ?? BigInt(v);
  if (neg) {
    // string2ll takes a canonical negative int64 first, and string2ull refuses it; strtoull
    // negates anything else ("-0", "-00", beyond int64).
    if (r !== 0n && r <= 9223372036854775808n && isCanonical(b, start, end)) return null;
    r = BigInt.asUintN(64, -r);
  }
  return toU64(r);
}

/** string2ll's syntax: no spaces, no `+`, no leading zero (except "0"). */
function isCanonical(b: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (b[i] === 45) i++;
  if (i === end) return false;
  if (b[i] === 48) return end - i === 1 && i === start;
  for (let k = i; k < end; k++) if (b[k]! < 48 || b[k]! > 57) return false;
  return true;
}

/** Parse result flags: whether `<ms>-*` left the sequence to be generated. */
export interface ParsedId extends Sid {
  seqGiven: boolean;
}

/**
 * Redis's streamGenericParseIDOrReply on argument `i` of `args`: `-` and `+` (unless
 * `strict`), `ms-seq`, `ms` (seq = `missingSeq`), and with `allowSeqStar` `ms-*`. Throws
 * "Invalid stream ID" otherwise.
 */
export function parseId(
  args: Args,
  i: number,
  into: ParsedId,
  missingSeq: U64,
  strict: boolean,
  allowSeqStar = false,
  skip = 0,
): ParsedId {
  const b = args.src[i]!;
  const start = args.starts[i]! + skip;
  let end = args.ends[i]!;
  if (end - start > 127) throw new ReplyError(ERR.streamInvalidId);
  // The C code copies the argument into a C string: a NUL ends it.
  for (let k = start; k < end; k++) {
    if (b[k] === 0) {
      end = k;
      break;
    }
  }
  into.seqGiven = true;
  if (end - start === 1 && (b[start] === 45 || b[start] === 43)) {
    if (strict) throw new ReplyError(ERR.streamInvalidId);
    const max = b[start] === 43;
    into.ms = max ? U64_MAX : 0;
    into.seq = max ? U64_MAX : 0;
    return into;
  }
  let dash = -1;
  for (let k = start; k < end; k++) {
    if (b[k] === 45) {
      dash = k;
      break;
    }
  }
  const ms = parseU64(b, start, dash < 0 ? end : dash);
  if (ms === null) throw new ReplyError(ERR.streamInvalidId);
  let seq: U64 | null = missingSeq;
  if (dash >= 0) {
    if (allowSeqStar && end - dash === 2 && b[dash + 1] === 42) {
      seq = 0;
      into.seqGiven = false;
    } else {
      seq = parseU64(b, dash + 1, end);
      if (seq === null) throw new ReplyError(ERR.streamInvalidId);
    }
  }
  into.ms = ms;
  into.seq = seq;
  return into;
}

/** A fresh parse target. */
export const newId = (): ParsedId => ({ ms: 0, seq: 0, seqGiven: true });

/** One entry as Redis replies it: `[id, [field, value, ...]]`. */
export function writeEntry(out: ReplyWriter, ms: U64, seq: U64, data: Uint8Array): void {
  out.array(2);
  out.bulkKey(`${ms}-${seq}`);
  out.array(entryItems(data));
  writeItems(data, out);
}

/** Entries collected before their count is known (the reply writer has no deferred lengths). */
export class EntryBatch {
  ms: U64[] = [];
  seq: U64[] = [];
  data: Uint8Array[] = [];
  length = 0;

  readonly add = (ms: U64, seq: U64, data: Uint8Array): void => {
    const n = this.length++;
    this.ms[n] = ms;
    this.seq[n] = seq;
    this.data[n] = data;
  };

  /** Write the collected entries as an array and forget them. */
  write(out: ReplyWriter): void {
    const n = this.length;
    out.array(n);
    for (let i = 0; i < n; i++) writeEntry(out, this.ms[i]!, this.seq[i]!, this.data[i]!);
    this.clear();
  }

  clear(): void {
    // Keep the arrays (reused by the next command) but drop the entry buffers they point to.
    if (this.length > 64) {
      this.ms = [];
      this.seq = [];
      this.data = [];
    } else {
      this.data.fill(EMPTY, 0, this.length);
    }
    this.length = 0;
  }
}

const EMPTY = new Uint8Array(0);

/** The one batch commands share: a command runs to completion before the next one starts. */
export const batch = new EntryBatch();
