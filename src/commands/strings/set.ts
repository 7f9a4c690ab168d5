/**
 * SET key value [NX | XX] [GET] [EX seconds | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]
 * and its older spellings SETNX, SETEX, PSETEX.
 *
 * Options are read into a SetOptions object first, then applied: a bad option never leaves a
 * half-done write behind.
 */

import { LOOKUP_READ, LOOKUP_WRITE } from "../../db/keyspace.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { isWord } from "../../protocol/bytes.ts";
import { changed, changedArg, expireKey } from "../args.ts";
import type { Context, Handler } from "../types.ts";
import { type ExpireOption, expireDeadline, readExpireOption } from "./expire-options.ts";
import { getString } from "./string-value.ts";

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  expire: ExpireOption | null;
}

function parseSetOptions(args: Args): SetOptions {
  const o: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expire: null };
  for (let j = 3; j < args.length; j++) {
    const a = args.bytes(j);
    if (isWord(a, "nx") && !o.xx) o.nx = true;
    else if (isWord(a, "xx") && !o.nx) o.xx = true;
    else if (isWord(a, "get")) o.get = true;
    else if (isWord(a, "keepttl") && o.expire === null) o.keepTtl = true;
    else {
      const e = readExpireOption(args, j, o.expire, o.keepTtl);
      if (e === null) throw new ReplyError(ERR.syntax);
      o.expire = e;
      j++;
    }
  }
  return o;
}

/** Apply a SET whose value is argument `valueAt` of args. */
function applySet(ctx: Context, args: Args, valueAt: number, o: SetOptions, commandName: string): boolean {
  const key = args.key(1);
  const deadline = o.expire ? expireDeadline(o.expire, ctx.now, commandName) : 0;
  const db = ctx.db;
  let found: boolean;
  if (o.get) {
    // GET's lookup is Redis's getGenericCommand, a counted read; SET's own is not.
    const dbs = ctx.server.dbs;
    dbs.lookupMode = LOOKUP_READ;
    const old = getString(db, key);
    dbs.lookupMode = LOOKUP_WRITE;
    if (old === undefined) ctx.out.nil();
    else ctx.out.bulk(old);
    found = old !== undefined;
  } else {
    found = o.nx || o.xx ? db.has(key) : false;
  }
  if ((o.nx && found) || (o.xx && !found)) return false;
  db.set(key, args.copy(valueAt), o.keepTtl);
  // Redis notifies `set`, then `expire` for EX/PX/EXAT/PXAT (KEEPTTL is no new deadline).
  changed(ctx, key, "set");
  if (deadline) expireKey(ctx, key, deadline);
  return true;
}

export const set: Handler = (ctx, args) => {
  if (args.length === 3) {
    // Plain SET, the hot path: straight from the request bytes into the Db.
    ctx.db.setBytes(
      args.src[1]!,
      args.starts[1]!,
      args.ends[1]!,
      args.src[2]!,
      args.starts[2]!,
      args.ends[2]!,
    );
    changedArg(ctx, args, 1, "set");
    return ctx.out.ok();
  }
  const o = parseSetOptions(args);
  const done = applySet(ctx, args, 2, o, "set");
  if (o.get) return;
  if (done) ctx.out.ok();
  else ctx.out.nil();
};
const PLAIN: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expire: null };

/** SETNX key value — 1 if set, 0 if the key existed. */
export const setnx: Handler = (ctx, args) => {
  const done = applySet(ctx, args, 2, { ...PLAIN, nx: true }, "setnx");
  ctx.out.integer(done ? 1 : 0);
};

/** SETEX key seconds value */
export const setex: Handler = (ctx, args) => {
  const o = { ...PLAIN, expire: { unit: "ex", raw: args.bytes(2) } satisfies ExpireOption };
  applySet(ctx, args, 3, o, "setex");
  ctx.out.ok();
};

/** PSETEX key milliseconds value */
export const psetex: Handler = (ctx, args) => {
  const o = { ...PLAIN, expire: { unit: "px", raw: args.bytes(2) } satisfies ExpireOption };
  applySet(ctx, args, 3, o, "psetex");
  ctx.out.ok();
};

/**
 * SET's key flags for one call (its key spec says `variable_flags`): with a GET argument the
 * old value is read (RW access update), without it the key is only overwritten (OW update).
 */
export function setKeyFlags(words: readonly Uint8Array[]): readonly string[] {
  for (let j = 3; j < words.length; j++) if (isWord(words[j]!, "get")) return ["RW", "access", "update"];
  return ["OW", "update"];
}
