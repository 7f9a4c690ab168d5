/** MSET key value [key value ...] — set every pair (clearing their TTLs). */
import { ERR, ReplyError } from "../../errors.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";

export const mset: Handler = (ctx, args) => {
  if (args.length % 2 === 0) throw new ReplyError(ERR.wrongArity("mset"));
  for (let i = 1; i < args.length; i += 2) {
    const key = args.key(i);
    ctx.db.set(key, args.copy(i + 1));
    changed(ctx, key, "set");
  }
  ctx.out.ok();
};
