import type { Handler } from "../types.ts";

export const exists: Handler = (ctx, args) => {
  let n = 0;
  for (let i = 1; i < args.length; i++) if (ctx.db.has(args.key(i))) n++;
  ctx.out.integer(n);
};
