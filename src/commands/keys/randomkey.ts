/** RANDOMKEY — a random live key, nil when the database is empty; TOUCH key [key ...] — how many exist. */
import type { Handler } from "../types.ts";

export const randomkey: Handler = (ctx) => {
  const key = ctx.db.randomKey();
  if (key === undefined) ctx.out.nil();
  else ctx.out.bulkKey(key);
};

// TOUCH: each lookup stamps the key's access time (OBJECT IDLETIME), even under CLIENT NO-TOUCH.
export const touch: Handler = (ctx, args) => {
  let n = 0;
  for (let i = 1; i < args.length; i++) if (ctx.db.has(args.key(i))) n++;
  ctx.out.integer(n);
};
