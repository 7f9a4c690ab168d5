import type { Handler } from "../types.ts";

export const persist: Handler = (ctx, args) => {
  const key = args.key(1);
  ctx.out.integer(ctx.db.has(key) && ctx.db.persist(key) ? 1 : 0);
};
