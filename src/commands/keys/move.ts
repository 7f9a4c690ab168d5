/**
 * MOVE key db — move a key (with its TTL) to another database: 1 when moved, 0 when the key
 * is missing here or already exists there.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { keep } from "../strings/string-value.ts";
import type { Handler } from "../types.ts";
import { dbIndexArg } from "./db-index.ts";

export const move: Handler = (ctx, args) => {
  const target = dbIndexArg(ctx, args, 2);
  const from = ctx.client.db;
  if (target === from) throw new ReplyError(ERR.sameObject);
  const key = args.key(1);
  const src = ctx.db;
  const v = src.get(key);
  if (v === undefined) return ctx.out.integer(0);
  const dst = ctx.server.dbs.db(target);
  if (dst.has(key)) return ctx.out.integer(0);
  const deadline = src.getExpire(key);
  dst.set(key, v instanceof Uint8Array ? keep(v) : v);
  src.delete(key);
  if (deadline !== undefined) dst.setExpire(key, deadline);
  ctx.server.keyChanged(from, key, "move_from");
  ctx.server.keyChanged(target, key, "move_to");
  ctx.out.integer(1);
};
