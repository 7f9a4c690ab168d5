/**
 * The whole-hash reads: HGETALL (a map in RESP3, a flat array in RESP2), HKEYS and HVALS
 * (arrays in both), in the hash's slot order (insertion order for a compact hash, as Redis's
 * listpack), written from the hash's bytes.
 */
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

export const hgetall: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.map(h?.size ?? 0);
  h?.forEachRange((fsrc, fs, fe, vsrc, vs, ve) => {
    out.bulkRange(fsrc, fs, fe);
    out.bulkRange(vsrc, vs, ve);
  });
};

export const hkeys: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.array(h?.size ?? 0);
  h?.forEachRange((fsrc, fs, fe) => {
    out.bulkRange(fsrc, fs, fe);
  });
};

export const hvals: Handler = (ctx, args) => {
  const h = getHash(ctx.db, args.key(1));
  const out = ctx.out;
  out.array(h?.size ?? 0);
  h?.forEachRange((_fsrc, _fs, _fe, vsrc, vs, ve) => {
    out.bulkRange(vsrc, vs, ve);
  });
};
