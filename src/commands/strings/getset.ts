/**
 * GETSET key value — set the value and answer the old one (nil when missing). Like SET without
 * options, the key loses any TTL. Deprecated in Redis 6.2 for `SET key value GET`.
 */
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getString } from "./string-value.ts";

export const getset: Handler = (ctx, args) => {
  const key = args.key(1);
  const old = getString(ctx.db, key);
  // Reply before writing: `old` is a view of the stored bytes, valid until the key changes.
  if (old === undefined) ctx.out.nil();
  else ctx.out.bulk(old);
  ctx.db.set(key, args.copy(2));
  changed(ctx, key, "set");
};
