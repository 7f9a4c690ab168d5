/**
 * GETRANGE key start end (and its old name SUBSTR) — the bytes from start to end inclusive,
 * negative offsets counting from the end, clamped to the string; SETRANGE key offset value —
 * overwrite from offset on, zero-padding a shorter string, and answer the new length.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { changed, int64Arg } from "../args.ts";
import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

const EMPTY = new Uint8Array(0);
const LIMIT = 2 ** 53;

/** An int64 argument clamped to ±2^53: beyond that every offset is equally out of range. */
function clamp(v: number | bigint): number {
  if (typeof v === "number") return v;
  return v > 0n ? LIMIT : -LIMIT;
}

export const getrange: Handler = (ctx, args) => {
  const rawStart = int64Arg(args.bytes(2));
  const rawEnd = int64Arg(args.bytes(3));
  const s = getString(ctx.db, args.key(1));
  if (s === undefined) return ctx.out.bulk(EMPTY);
  // Redis's order of checks, including this early exit before negative offsets are converted.
  if (rawStart < 0 && rawEnd < 0 && rawStart > rawEnd) return ctx.out.bulk(EMPTY);
  const len = s.length;
  let start = clamp(rawStart);
  let end = clamp(rawEnd);
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return ctx.out.bulk(EMPTY);
  ctx.out.bulk(s.subarray(start, end + 1));
};

export const setrange: Handler = (ctx, args) => {
  const offset = int64Arg(args.bytes(2));
  if (offset < 0) throw new ReplyError(ERR.offsetOutOfRange);
  const key = args.key(1);
  const cur = getString(ctx.db, key);
  const n = args.len(3);
  // Writing nothing changes nothing: the current length (0 when missing), no key created.
  if (n === 0) return ctx.out.integer(cur === undefined ? 0 : cur.length);
  const max = ctx.server.config.getNumber("proto-max-bulk-len");
  if (offset > max - n) throw new ReplyError(ERR.stringTooLong);
  const at = Number(offset);
  const oldLen = cur === undefined ? 0 : cur.length;
  const next = new Uint8Array(Math.max(oldLen, at + n));
  if (cur !== undefined) next.set(cur);
  next.set(args.bytes(3), at);
  ctx.db.set(key, next, true);
  changed(ctx, key, "setrange");
  ctx.out.integer(next.length);
};
