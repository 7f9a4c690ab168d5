import { changed } from "../args.ts";
import type { Handler } from "../types.ts";

// UNLINK frees memory in the background in Redis; a JS engine's GC already does that for us.
export const del: Handler = (ctx, args) => {
  let n = 0;
  for (let i = 1; i < args.length; i++) {
    const key = args.key(i);
    if (ctx.db.delete(key)) {
      changed(ctx, key, "del");
      n++;
    }
  }
  ctx.out.integer(n);
};
