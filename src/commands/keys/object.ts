/**
 * OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ key, OBJECT HELP — introspection of a stored
 * value. A missing key answers nil.
 *
 * - ENCODING: Redis 7.0's encoding names, derived in encoding.ts.
 * - REFCOUNT: 2147483647 for the integers 0..9999 Redis shares (unless maxmemory with an LRU or
 *   LFU policy turns sharing off), 1 for everything else.
 * - IDLETIME: seconds since the key was last read or written, on the server clock (commands
 *   that only peek, such as TYPE, EXISTS, TTL and OBJECT itself, do not count; see NO_TOUCH in
 *   registry.ts); under an LFU policy, Redis's error.
 * - FREQ: Redis's error unless an LFU maxmemory-policy is set; then LFU_INIT_VAL (5), the
 *   counter of a key not read since it was written (no access counts are kept).
 */
import type { Value } from "../../db/keyspace.ts";
import { ERR, ReplyError } from "../../errors.ts";
import { parseInt64 } from "../../protocol/bytes.ts";
import { helpReply } from "../server/help.ts";
import type { Context, Handler } from "../types.ts";
import { encodingOf, isIntEncoded } from "./encoding.ts";

/** OBJ_SHARED_REFCOUNT (INT_MAX): the refcount of a shared object. */
const SHARED_REFCOUNT = 2147483647;
/** OBJ_SHARED_INTEGERS */
const SHARED_INTEGERS = 10000;
/** LFU_INIT_VAL: a new key's logarithmic access counter. */
const LFU_INIT_VAL = 5;

function policy(ctx: Context): string {
  return ctx.server.config.get("maxmemory-policy");
}

const isLfu = (ctx: Context): boolean => policy(ctx).endsWith("-lfu");

/** The value, or nil replied and undefined returned. */
function lookup(ctx: Context, key: string): Value | undefined {
  const v = ctx.db.get(key);
  if (v === undefined) ctx.out.nil();
  return v;
}

export const objectEncoding: Handler = (ctx, args) => {
  const v = lookup(ctx, args.key(2));
  if (v !== undefined) ctx.out.bulkString(encodingOf(v));
};

export const objectRefcount: Handler = (ctx, args) => {
  const v = lookup(ctx, args.key(2));
  if (v === undefined) return;
  ctx.out.integer(v instanceof Uint8Array && isShared(ctx, v) ? SHARED_REFCOUNT : 1);
};

function isShared(ctx: Context, s: Uint8Array): boolean {
  if (!isIntEncoded(s)) return false;
  const n = parseInt64(s)!;
  if (n < 0 || n >= SHARED_INTEGERS) return false;
  // MAXMEMORY_FLAG_NO_SHARED_INTEGERS: LRU and LFU policies need a clock per object.
  const p = policy(ctx);
  const perObjectClock = p.endsWith("-lru") || p.endsWith("-lfu");
  return ctx.server.config.getNumber("maxmemory") === 0 || !perObjectClock;
}

export const objectIdletime: Handler = (ctx, args) => {
  const id = ctx.db.lookupKey(args.key(2));
  if (id < 0) return ctx.out.nil();
  if (isLfu(ctx)) throw new ReplyError(ERR.lfuSelected);
  ctx.out.integer(ctx.db.idleSeconds(id, ctx.now));
};

export const objectFreq: Handler = (ctx, args) => {
  if (lookup(ctx, args.key(2)) === undefined) return;
  if (!isLfu(ctx)) throw new ReplyError(ERR.lfuNotSelected);
  ctx.out.integer(LFU_INIT_VAL);
};

export const objectHelp: Handler = (ctx) =>
  helpReply(ctx, "OBJECT", [
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
  ]);
