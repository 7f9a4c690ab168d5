/**
 * EXPIRE / PEXPIRE key ttl [NX | XX | GT | LT] and EXPIREAT / PEXPIREAT key deadline [...].
 * Redis accepts negative and past times (the key is deleted at once) and refuses only
 * overflow; the range checks are done in BigInt so they are exact at the int64 edges.
 */

import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { changed, expireKey, int64Arg } from "../args.ts";
import type { Context, Handler } from "../types.ts";

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

interface ExpireFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
}

function parseFlags(args: Args): ExpireFlags {
  const f: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (let j = 3; j < args.length; j++) {
    const opt = args.lower(j);
    if (opt === "nx" || opt === "xx" || opt === "gt" || opt === "lt") f[opt] = true;
    else throw new ReplyError(`ERR Unsupported option ${new TextDecoder().decode(args.bytes(j))}`);
  }
  if (f.nx && (f.xx || f.gt || f.lt)) {
    throw new ReplyError("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if (f.gt && f.lt) throw new ReplyError("ERR GT and LT options at the same time are not compatible");
  return f;
}

function expireGeneric(ctx: Context, args: Args, name: string, seconds: boolean, relative: boolean): void {
  const flags = parseFlags(args);
  let when = BigInt(int64Arg(args.bytes(2)));
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw new ReplyError(ERR.invalidExpire(name));
    when *= 1000n;
  }
  const base = relative ? BigInt(ctx.now) : 0n;
  if (when > LLONG_MAX - base) throw new ReplyError(ERR.invalidExpire(name));
  when += base;

  const key = args.key(1);
  const db = ctx.db;
  if (!db.has(key)) return ctx.out.integer(0);
  const deadline = Number(when);
  const current = db.getExpire(key);
  if (flags.nx && current !== undefined) return ctx.out.integer(0);
  if (flags.xx && current === undefined) return ctx.out.integer(0);
  // No TTL counts as an infinite one: GT never beats it, LT always does.
  if (flags.gt && (current === undefined || deadline <= current)) return ctx.out.integer(0);
  if (flags.lt && current !== undefined && deadline >= current) return ctx.out.integer(0);
  if (deadline <= ctx.now) {
    db.delete(key);
    changed(ctx, key, "del");
  } else {
    expireKey(ctx, key, deadline);
  }
  ctx.out.integer(1);
}

export const expire: Handler = (ctx, args) => expireGeneric(ctx, args, "expire", true, true);
export const pexpire: Handler = (ctx, args) => expireGeneric(ctx, args, "pexpire", false, true);
export const expireat: Handler = (ctx, args) => expireGeneric(ctx, args, "expireat", true, false);
export const pexpireat: Handler = (ctx, args) => expireGeneric(ctx, args, "pexpireat", false, false);
