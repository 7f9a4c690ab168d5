/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] — the longest common subsequence
 * of two strings (missing keys are empty strings), its length, or the matching ranges.
 *
 * The classic O(N*M) dynamic-programming table, walked back from the end exactly as Redis
 * walks it, so that among equally long subsequences the same one (and the same ranges, in the
 * same order: from the end of the strings) comes out. Like Redis, the table may not need more
 * than proto-max-bulk-len bytes (4 per cell).
 *
 * IDX answers a map {matches: [[[a0, a1], [b0, b1], len?], ...], len: n}; in RESP2 a flat array.
 */
import type { Value } from "../../db/keyspace.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { intArg } from "../args.ts";
import type { Handler } from "../types.ts";

interface LcsOptions {
  len: boolean;
  idx: boolean;
  withMatchLen: boolean;
  minMatchLen: number;
}

const EMPTY = new Uint8Array(0);

function parseLcsOptions(args: Args): LcsOptions {
  const o: LcsOptions = { len: false, idx: false, withMatchLen: false, minMatchLen: 0 };
  for (let j = 3; j < args.length; j++) {
    if (args.is(j, "idx")) o.idx = true;
    else if (args.is(j, "len")) o.len = true;
    else if (args.is(j, "withmatchlen")) o.withMatchLen = true;
    else if (args.is(j, "minmatchlen") && j + 1 < args.length) {
      o.minMatchLen = Math.max(0, intArg(args.bytes(++j)));
    } else throw new ReplyError(ERR.syntax);
  }
  if (o.idx && o.len) throw new ReplyError(ERR.lcsIdxAndLen);
  return o;
}

function stringOrEmpty(v: Value | undefined): Uint8Array {
  return v === undefined ? EMPTY : (v as Uint8Array);
}

export const lcs: Handler = (ctx, args) => {
  const va = ctx.db.get(args.key(1));
  const vb = ctx.db.get(args.key(2));
  if (
    (va !== undefined && !(va instanceof Uint8Array)) ||
    (vb !== undefined && !(vb instanceof Uint8Array))
  ) {
    throw new ReplyError(ERR.lcsNotStrings);
  }
  const o = parseLcsOptions(args);
  const a = stringOrEmpty(va);
  const b = stringOrEmpty(vb);
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > ctx.server.config.getNumber("proto-max-bulk-len")) throw new ReplyError(ERR.lcsTooBig);

  // dp[i * w + j] = LCS length of a[0..i) and b[0..j).
  const w = blen + 1;
  const dp = new Uint32Array(cells);
  for (let i = 1; i <= alen; i++) {
    const ai = a[i - 1];
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ai === b[j - 1]) dp[row + j] = dp[prev + j - 1]! + 1;
      else {
        const up = dp[prev + j]!;
        const left = dp[row + j - 1]!;
        dp[row + j] = Math.max(up, left);
      }
    }
  }
  const total = dp[alen * w + blen]!;
  const out = ctx.out;
  if (o.len) return out.integer(total);

  // Walk back from the end, collecting the subsequence and the ranges of contiguous matches.
  const result = new Uint8Array(total);
  const ranges: number[] = []; // aStart, aEnd, bStart, bEnd per emitted range
  let k = total;
  let i = alen;
  let j = blen;
  let aStart = alen; // alen: no range open
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      result[--k] = a[i - 1]!;
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (dp[(i - 1) * w + j]! > dp[i * w + j - 1]!) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (o.minMatchLen === 0 || matchLen >= o.minMatchLen) ranges.push(aStart, aEnd, bStart, bEnd);
      aStart = alen;
    }
  }
  if (!o.idx) return out.bulk(result);

  out.map(2);
  out.bulkString("matches");
  out.array(ranges.length / 4);
  for (let r = 0; r < ranges.length; r += 4) {
    out.array(o.withMatchLen ? 3 : 2);
    out.array(2);
    out.integer(ranges[r]!);
    out.integer(ranges[r + 1]!);
    out.array(2);
    out.integer(ranges[r + 2]!);
    out.integer(ranges[r + 3]!);
    if (o.withMatchLen) out.integer(ranges[r + 1]! - ranges[r]! + 1);
  }
  out.bulkString("len");
  out.integer(total);
};
