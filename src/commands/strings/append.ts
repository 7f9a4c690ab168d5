/** APPEND key value — the new length; STRLEN key — the length (0 when missing). */
import { ERR, ReplyError } from "../../errors.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getString, keep } from "./string-value.ts";

export const append: Handler = (ctx, args) => {
  const key = args.key(1);
  const add = args.bytes(2);
  const cur = getString(ctx.db, key);
  if (cur === undefined) {
    ctx.db.set(key, keep(add));
    changed(ctx, key, "append");
    return ctx.out.integer(add.length);
  }
  const total = cur.length + add.length;
  if (total > ctx.server.config.getNumber("proto-max-bulk-len")) throw new ReplyError(ERR.stringTooLong);
  const next = new Uint8Array(total);
  next.set(cur);
  next.set(add, cur.length);
  ctx.db.set(key, next, true);
  changed(ctx, key, "append");
  ctx.out.integer(total);
};

export const strlen: Handler = (ctx, args) => {
  const v = getString(ctx.db, args.key(1));
  ctx.out.integer(v === undefined ? 0 : v.length);
};
