/**
 * Small argument readers shared by commands: integers, floats and option words, each throwing
 * the exact Redis error for a bad value.
 */
import { ERR, ReplyError } from "../errors.ts";
import type { Args } from "../protocol/args.ts";
import { isWord, parseInt64, parseSafeInt } from "../protocol/bytes.ts";
import type { Context } from "./types.ts";

/** An integer argument that must fit a JS number exactly ("value is not an integer or out of range"). */
export function intArg(b: Uint8Array, message: string = ERR.notInteger): number {
  const v = parseSafeInt(b);
  if (v === null) {
    // Values beyond 2^53 but inside int64 are still integers to Redis: keep them as (inexact) numbers
    // only where the caller range-checks; here they are out of our range.
    const big = parseInt64(b);
    if (big === null) throw new ReplyError(message);
    return Number(big);
  }
  return v;
}

/** A signed 64-bit integer argument, exact: number when safe, bigint beyond. */
export function int64Arg(b: Uint8Array): number | bigint {
  const v = parseInt64(b);
  if (v === null) throw new ReplyError(ERR.notInteger);
  return v;
}

export { isWord };

/** Tell the server a key changed (WATCH, notifications, blocked clients): see ServerState.keyChanged. */
export function changed(ctx: Context, key: string, event: string): void {
  ctx.server.keyChanged(ctx.client.db, key, event);
}

/**
 * changed() for a key that is argument i: the key string is only built when something listens
 * (the SET/DEL hot path then just counts the change).
 */
export function changedArg(ctx: Context, args: Args, i: number, event: string): void {
  const server = ctx.server;
  if (server.keyListeners) server.keyChanged(ctx.client.db, args.key(i), event);
  else server.dirty++;
}

/**
 * Give live `key` the deadline `at` (Unix ms) and report `expire` (EXPIRE, SET EX, GETEX). The
 * keyspace deletes a key whose deadline already passed on the live clock (SET PXAT in the
 * past, or PX 1 applied a millisecond after the command's time snapshot); Redis keeps such a
 * key until a lookup or its active cycle removes it with an `expired` event, so publish (and
 * count) that expiry right after `expire`.
 */
export function expireKey(ctx: Context, key: string, at: number): void {
  const alive = ctx.db.setExpire(key, at);
  changed(ctx, key, "expire");
  if (!alive) ctx.server.dbs.expired(ctx.client.db, key);
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * value + by in signed 64-bit arithmetic (INCRBY, HINCRBY): plain numbers while exact, BigInt
 * only past 2^53; "increment or decrement would overflow" outside int64.
 */
export function addInt64(value: number | bigint, by: number | bigint): number | bigint {
  if (typeof value === "number" && typeof by === "number" && Number.isSafeInteger(value + by))
    return value + by;
  const big = BigInt(value) + BigInt(by);
  if (big > INT64_MAX || big < INT64_MIN) throw new ReplyError(ERR.overflow);
  return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
}
