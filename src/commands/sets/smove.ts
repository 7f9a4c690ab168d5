/**
 * SMOVE source destination member: 1 when the member moved (or source and destination are
 * the same set holding it), 0 otherwise. As in Redis, a missing source answers 0 before the
 * destination's type is checked; otherwise both are checked before anything changes.
 */
import { RedisSet } from "../../db/types/set.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getSet } from "./set-value.ts";

export const smove: Handler = (ctx, args) => {
  const db = ctx.db;
  const srcKey = args.key(1);
  const dstKey = args.key(2);
  if (!db.has(srcKey)) return ctx.out.integer(0);
  const src = getSet(db, srcKey)!;
  let dst = getSet(db, dstKey);
  // The member as bytes: tested, removed and added without building its string.
  const m = args.src[3]!;
  const start = args.starts[3]!;
  const end = args.ends[3]!;
  if (src === dst) return ctx.out.integer(src.hasBytes(m, start, end) ? 1 : 0);
  if (!src.deleteBytes(m, start, end)) return ctx.out.integer(0);
  // Redis's order of notifications: srem (and del) on the source, then sadd on the destination.
  changed(ctx, srcKey, "srem");
  if (src.size === 0) {
    db.delete(srcKey);
    changed(ctx, srcKey, "del");
  }
  if (dst === undefined) {
    dst = new RedisSet();
    db.set(dstKey, dst);
  }
  if (dst.addBytes(m, start, end)) changed(ctx, dstKey, "sadd");
  ctx.out.integer(1);
};
