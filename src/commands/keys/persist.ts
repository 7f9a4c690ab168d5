import { changed } from "../args.ts";
import type { Handler } from "../types.ts";

export const persist: Handler = (ctx, args) => {
  const key = args.key(1);
  const done = ctx.db.has(key) && ctx.db.persist(key);
  if (done) changed(ctx, key, "persist");
  ctx.out.integer(done ? 1 : 0);
};
