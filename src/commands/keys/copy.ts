/**
 * COPY source destination [DB index] [REPLACE] — a deep copy of the value (and its TTL) under
 * another name, in this or another database: 1 when copied, 0 when the source is missing or
 * the destination exists (without REPLACE).
 */
import { LOOKUP_WRITE } from "../../db/keyspace.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";
import { cloneValue } from "./clone-value.ts";
import { dbIndexArg } from "./db-index.ts";

interface CopyOptions {
  db: number;
  replace: boolean;
}

function parseCopyOptions(ctx: Context, args: Args): CopyOptions {
  const o: CopyOptions = { db: ctx.client.db, replace: false };
  for (let j = 3; j < args.length; j++) {
    if (args.is(j, "replace")) o.replace = true;
    else if (args.is(j, "db") && j + 1 < args.length) o.db = dbIndexArg(ctx, args, ++j);
    else throw new ReplyError(ERR.syntax);
  }
  return o;
}

export const copy: Handler = (ctx, args) => {
  const o = parseCopyOptions(ctx, args);
  const from = args.key(1);
  const to = args.key(2);
  if (o.db === ctx.client.db && from === to) throw new ReplyError(ERR.sameObject);
  const src = ctx.db;
  const v = src.get(from);
  if (v === undefined) return ctx.out.integer(0);
  const deadline = src.getExpire(from);
  // The source was a counted read (lookupKeyRead); the destination is a write lookup.
  ctx.server.dbs.lookupMode = LOOKUP_WRITE;
  const dst = ctx.server.dbs.db(o.db);
  if (!o.replace && dst.has(to)) return ctx.out.integer(0);
  dst.set(to, cloneValue(v));
  if (deadline !== undefined) dst.setExpire(to, deadline);
  ctx.server.keyChanged(o.db, to, "copy_to");
  ctx.out.integer(1);
};
