/**
 * MSETNX key value [key value ...] — set every pair only if none of the keys exists: 1 when
 * all were set, 0 (and nothing written) otherwise. A key given twice takes its last value.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";

export const msetnx: Handler = (ctx, args) => {
  if (args.length % 2 === 0) throw new ReplyError(ERR.wrongArity("msetnx"));
  const db = ctx.db;
  for (let i = 1; i < args.length; i += 2) if (db.has(args.key(i))) return ctx.out.integer(0);
  for (let i = 1; i < args.length; i += 2) {
    const key = args.key(i);
    db.set(key, args.copy(i + 1));
    changed(ctx, key, "set");
  }
  ctx.out.integer(1);
};
