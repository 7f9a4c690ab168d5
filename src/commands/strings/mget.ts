import type { Handler } from "../types.ts";

export const mget: Handler = (ctx, args) => {
  ctx.out.array(args.length - 1);
  for (let i = 1; i < args.length; i++) {
    const v = ctx.db.get(args.key(i));
    if (v instanceof Uint8Array) ctx.out.bulk(v);
    else ctx.out.nil();
  }
};
