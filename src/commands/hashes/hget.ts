/**
 * The single-field reads: HGET, HMGET, HEXISTS, HSTRLEN, and HLEN. A missing key reads as
 * an empty hash. Fields are looked up by their request bytes and values written from where the
 * hash keeps them: no string, no copy.
 */

import type { RedisHash } from "../../db/types/hash.ts";
import type { Args } from "../../protocol/args.ts";
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

/** The handle of argument i's field in `h` (see RedisHash.find), or -1. */
function findArg(h: RedisHash, args: Args, i: number): number {
  return h.find(args.src[i]!, args.starts[i]!, args.ends[i]!);
}

/** HGET key field — the value, or nil. */
export const hget: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const at = h === undefined ? -1 : findArg(h, args, 2);
  if (at < 0) ctx.out.nil();
  else ctx.out.bulkRange(h!.valueSrc(at), h!.valueStart(at), h!.valueEnd(at));
};

/** HMGET key field [field ...] — one value or nil per field. */
export const hmget: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const at = h === undefined ? -1 : findArg(h, args, i);
    if (at < 0) out.nil();
    else out.bulkRange(h!.valueSrc(at), h!.valueStart(at), h!.valueEnd(at));
  }
};

/** HEXISTS key field — 1 or 0 (an integer in RESP3 too, as Redis). */
export const hexists: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  ctx.out.integer(h !== undefined && findArg(h, args, 2) >= 0 ? 1 : 0);
};

/** HSTRLEN key field — the value's length, 0 when missing. */
export const hstrlen: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const at = h === undefined ? -1 : findArg(h, args, 2);
  ctx.out.integer(at < 0 ? 0 : h!.valueEnd(at) - h!.valueStart(at));
};

/** HLEN key — the number of fields. */
export const hlen: Handler = (ctx, args) => {
  ctx.out.integer(getHash(ctx.db, args.key(1))?.size ?? 0);
};
