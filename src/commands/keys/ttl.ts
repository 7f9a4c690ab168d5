/**
 * TTL / PTTL key (time left) and EXPIRETIME / PEXPIRETIME key (the deadline):
 * -2 when the key is missing, -1 when it has no TTL. Seconds are rounded as Redis does.
 */
import type { Args } from "../../protocol/args.ts";
import type { Context, Handler } from "../types.ts";

const I64_MAX = 9223372036854775807n;

function ttlGeneric(ctx: Context, args: Args, ms: boolean, absolute: boolean): void {
  const key = args.key(1);
  if (!ctx.db.has(key)) return ctx.out.integer(-2);
  const deadline = ctx.db.getExpire(key);
  if (deadline === undefined) return ctx.out.integer(-1);
  if (deadline > Number.MAX_SAFE_INTEGER) return farDeadline(ctx, deadline, ms, absolute);
  let t = absolute ? deadline : deadline - ctx.now;
  if (t < 0) t = 0;
  ctx.out.integer(ms ? t : Math.floor((t + 500) / 1000));
}

/**
 * A deadline past 2^53 ms (PXAT near INT64_MAX, the year 285,000 and later) is a double that
 * is not the exact int64 given: subtracting `now` from it in doubles rounds to 1024 ms. Answer
 * in int64 arithmetic instead, from the stored value capped at INT64_MAX, as Redis computes it.
 */
function farDeadline(ctx: Context, deadline: number, ms: boolean, absolute: boolean): void {
  let d = BigInt(deadline);
  if (d > I64_MAX) d = I64_MAX;
  const t = absolute ? d : d - BigInt(ctx.now);
  ctx.out.integer(ms ? t : (t + 500n) / 1000n);
}

export const ttl: Handler = (ctx, args) => ttlGeneric(ctx, args, false, false);
export const pttl: Handler = (ctx, args) => ttlGeneric(ctx, args, true, false);
export const expiretime: Handler = (ctx, args) => ttlGeneric(ctx, args, false, true);
export const pexpiretime: Handler = (ctx, args) => ttlGeneric(ctx, args, true, true);
