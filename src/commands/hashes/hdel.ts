/**
 * HDEL key field [field ...] — how many fields were removed. A hash left empty is deleted,
 * with the `hdel` event followed by `del`, as Redis notifies.
 */
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getHash } from "./hash-value.ts";

export const hdel: Handler = (ctx, args) => {
  const key = args.key(1);
  const h = getHash(ctx.db, key);
  let deleted = 0;
  if (h) {
    const { src, starts, ends } = args;
    for (let i = 2; i < args.length && h.size > 0; i++)
      if (h.deleteBytes(src[i]!, starts[i]!, ends[i]!)) deleted++;
  }
  if (deleted > 0) {
    changed(ctx, key, "hdel");
    if (h!.size === 0) {
      ctx.db.delete(key);
      changed(ctx, key, "del");
    }
  }
  ctx.out.integer(deleted);
};
