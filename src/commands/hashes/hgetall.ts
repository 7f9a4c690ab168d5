/**
 * The whole-hash reads: HGETALL (a map in RESP3, a flat array in RESP2), HKEYS and HVALS
 * (arrays in both), in the hash's insertion order.
 */
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

export const hgetall: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.map(h?.size ?? 0);
  h?.forEach((field, value) => {
    out.bulkKey(field);
    out.bulk(value);
  });
};

export const hkeys: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.array(h?.size ?? 0);
  if (h) for (const field of h.fields()) out.bulkKey(field);
};

export const hvals: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.array(h?.size ?? 0);
  h?.forEach((_field, value) => {
    out.bulk(value);
  });
};
