/**
 * SADD key member [member ...] and SREM key member [member ...]: the number of members added
 * or removed. SREM deletes the key when the set becomes empty.
 *
 * Members go from the request bytes straight into the set (RedisSet's byte API), and the key
 * is found by its bytes too: the key string is built only to create the key or report a change.
 */
import { RedisSet } from "../../db/types/set.ts";
import { changed } from "../args.ts";
import type { Handler } from "../types.ts";
import { getSetArg } from "./set-value.ts";

export const sadd: Handler = (ctx, args) => {
  let set = getSetArg(ctx.db, args, 1);
  let key: string | null = null;
  if (set === undefined) {
    set = new RedisSet();
    key = args.key(1);
    ctx.db.set(key, set);
  }
  const { src, starts, ends } = args;
  let added = 0;
  for (let i = 2; i < args.length; i++) if (set.addBytes(src[i]!, starts[i]!, ends[i]!)) added++;
  if (added > 0) changed(ctx, key ?? args.key(1), "sadd");
  ctx.out.integer(added);
};

export const srem: Handler = (ctx, args) => {
  const set = getSetArg(ctx.db, args, 1);
  const { src, starts, ends } = args;
  let removed = 0;
  if (set !== undefined) {
    for (let i = 2; i < args.length && set.size > 0; i++) {
      if (set.deleteBytes(src[i]!, starts[i]!, ends[i]!)) removed++;
    }
  }
  if (removed > 0) {
    // Redis notifies `srem`, then `del` when the set is gone.
    const key = args.key(1);
    changed(ctx, key, "srem");
    if (set!.size === 0) {
      ctx.db.delete(key);
      changed(ctx, key, "del");
    }
  }
  ctx.out.integer(removed);
};
