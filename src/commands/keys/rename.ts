/**
 * RENAME key newkey / RENAMENX key newkey — the value and its TTL move to the new name (any
 * value and TTL there are replaced; RENAMENX answers 0 instead). Renaming a key to itself
 * changes nothing but still needs the key to exist ("ERR no such key").
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import { keep } from "../strings/string-value.ts";
import type { Context, Handler } from "../types.ts";

function renameGeneric(ctx: Context, args: Args, nx: boolean): void {
  const from = args.key(1);
  const to = args.key(2);
  const db = ctx.db;
  const v = db.get(from);
  if (v === undefined) throw new ReplyError(ERR.noSuchKey);
  const out = ctx.out;
  if (from === to) return nx ? out.integer(0) : out.ok();
  if (nx && db.has(to)) return out.integer(0);
  const deadline = db.getExpire(from);
  // A string is a view of the stored bytes: copy it before its key goes away.
  db.set(to, v instanceof Uint8Array ? keep(v) : v);
  db.delete(from);
  if (deadline !== undefined) db.setExpire(to, deadline);
  changed(ctx, from, "rename_from");
  changed(ctx, to, "rename_to");
  if (nx) out.integer(1);
  else out.ok();
}

export const rename: Handler = (ctx, args) => renameGeneric(ctx, args, false);
export const renamenx: Handler = (ctx, args) => renameGeneric(ctx, args, true);
