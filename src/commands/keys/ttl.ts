/**
 * TTL / PTTL key (time left) and EXPIRETIME / PEXPIRETIME key (the deadline):
 * -2 when the key is missing, -1 when it has no TTL. Seconds are rounded as Redis does.
 */
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";

function ttlGeneric(ctx: Context, args: Args, ms: boolean, absolute: boolean): void {
  const key = args.key(1);
  if (!ctx.db.has(key)) return ctx.out.integer(-2);
  const deadline = ctx.db.getExpire(key);
  if (deadline === undefined) return ctx.out.integer(-1);
  let t = absolute ? deadline : deadline - ctx.now;
  if (t < 0) t = 0;
  ctx.out.integer(ms ? t : Math.floor((t + 500) / 1000));
}

export const ttl: Handler = (ctx, args) => ttlGeneric(ctx, args, false, false);
export const pttl: Handler = (ctx, args) => ttlGeneric(ctx, args, true, false);
export const expiretime: Handler = (ctx, args) => ttlGeneric(ctx, args, false, true);
export const pexpiretime: Handler = (ctx, args) => ttlGeneric(ctx, args, true, true);
