import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

export const get: Handler = (ctx, args) => {
  const v = getString(ctx.db, args.key(1));
  if (v === undefined) {
    ctx.server.stats.keyspaceMisses++;
    ctx.out.nil();
  } else {
    ctx.server.stats.keyspaceHits++;
    ctx.out.bulk(v);
  }
};
