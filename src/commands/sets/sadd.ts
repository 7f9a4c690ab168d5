/**
 * SADD key member [member ...] and SREM key member [member ...]: the number of members added
 * or removed. SREM deletes the key when the set becomes empty.
 */
import { RedisSet } from "../../db/types/set.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getSet } from "./set-value.ts";

export const sadd: Handler = (ctx, args) => {
  const key = args.key(1);
  let set = getSet(ctx.db, key);
  if (set === undefined) {
    set = new RedisSet();
    ctx.db.set(key, set);
  }
  let added = 0;
  for (let i = 2; i < args.length; i++) if (set.add(args.key(i))) added++;
  if (added > 0) changed(ctx, key, "sadd");
  ctx.out.integer(added);
};

export const srem: Handler = (ctx, args) => {
  const key = args.key(1);
  const set = getSet(ctx.db, key);
  let removed = 0;
  if (set !== undefined) {
    for (let i = 2; i < args.length && set.size > 0; i++) if (set.delete(args.key(i))) removed++;
  }
  if (removed > 0) {
    // Redis notifies `srem`, then `del` when the set is gone.
    changed(ctx, key, "srem");
    if (set!.size === 0) {
      ctx.db.delete(key);
      changed(ctx, key, "del");
    }
  }
  ctx.out.integer(removed);
};
