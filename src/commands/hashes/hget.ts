/**
 * The single-field reads: HGET, HMGET, HEXISTS, HSTRLEN, and HLEN. A missing key reads as
 * an empty hash.
 */
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

/** HGET key field — the value, or nil. */
export const hget: Handler = (ctx, args) => {
  const v = getHash(ctx.db, args.key(1))?.get(args.key(2));
  if (v === undefined) ctx.out.nil();
  else ctx.out.bulk(v);
};

/** HMGET key field [field ...] — one value or nil per field. */
export const hmget: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.array(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const v = h?.get(args.key(i));
    if (v === undefined) out.nil();
    else out.bulk(v);
  }
};

/** HEXISTS key field — 1 or 0 (an integer in RESP3 too, as Redis). */
export const hexists: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  ctx.out.integer(h?.has(args.key(2)) ? 1 : 0);
};

/** HSTRLEN key field — the value's length, 0 when missing. */
export const hstrlen: Handler = (ctx, args) => {
  ctx.out.integer(getHash(ctx.db, args.key(1))?.get(args.key(2))?.length ?? 0);
};

/** HLEN key — the number of fields. */
export const hlen: Handler = (ctx, args) => {
  ctx.out.integer(getHash(ctx.db, args.key(1))?.size ?? 0);
};
