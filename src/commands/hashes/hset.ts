/**
 * HSET key field value [field value ...], HMSET (the same, answering OK), and
 * HSETNX key field value.
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
  let added = 0;
  for (let i = 2; i < args.length; i += 2) if (h.set(args.key(i), args.copy(i + 1))) added++;
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
  const field = args.key(2);
  if (h.has(field)) {
    ctx.out.integer(0);
    return;
  }
  h.set(field, args.copy(3));
  changed(ctx, key, "hset");
  ctx.out.integer(1);
};
