/**
 * HSET key field value [field value ...], HMSET (the same, answering OK), and
 * HSETNX key field value. Fields and values go from the request bytes straight into the hash
 * (no string, no copy first).
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { getOrCreateHash } from "./hash-value.ts";

/** Store every pair from argument 2 on; returns how many fields were new. */
function setPairs(ctx: Context, args: Args, name: string): number {
  // Arity -4 lets an odd count through; Redis answers it with the arity error too.
  if (args.length % 2 === 1) throw new ReplyError(ERR.wrongArity(name));
  const key = args.key(1);
  const h = getOrCreateHash(ctx.db, key);
  const { src, starts, ends } = args;
  let added = 0;
  for (let i = 2; i < args.length; i += 2) {
    if (h.setBytes(src[i]!, starts[i]!, ends[i]!, src[i + 1]!, starts[i + 1]!, ends[i + 1]!)) added++;
  }
  changed(ctx, key, "hset");
  return added;
}

export const hset: Handler = (ctx, args) => {
  ctx.out.integer(setPairs(ctx, args, "hset"));
};

export const hmset: Handler = (ctx, args) => {
  setPairs(ctx, args, "hmset");
  ctx.out.ok();
};

/** HSETNX: 1 when the field was set, 0 when it existed (and nothing changed). */
export const hsetnx: Handler = (ctx, args) => {
  const key = args.key(1);
  const h = getOrCreateHash(ctx.db, key);
  const { src, starts, ends } = args;
  if (h.find(src[2]!, starts[2]!, ends[2]!) >= 0) {
    ctx.out.integer(0);
    return;
  }
  h.setBytes(src[2]!, starts[2]!, ends[2]!, src[3]!, starts[3]!, ends[3]!);
  changed(ctx, key, "hset");
  ctx.out.integer(1);
};
