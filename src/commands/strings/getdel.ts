import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

export const getdel: Handler = (ctx, args) => {
  const key = args.key(1);
  const v = getString(ctx.db, key);
  if (v === undefined) return ctx.out.nil();
  ctx.out.bulk(v);
  ctx.db.delete(key);
  changed(ctx, key, "del");
};
