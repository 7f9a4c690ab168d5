/**
 * SET key value [NX | XX] [GET] [EX seconds | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]
 * and its older spellings SETNX, SETEX, PSETEX.
 *
 * Options are read into a SetOptions object first, then applied: a bad option never leaves a
 * half-done write behind.
 */
import { ERR, ReplyError } from "../../errors.ts";
import { bytesToKey, isWord } from "../../protocol/bytes.ts";
import type { Context, Handler } from "../types.ts";
import { type ExpireOption, expireDeadline, readExpireOption } from "./expire-options.ts";
import { getString, keep } from "./string-value.ts";

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  expire: ExpireOption | null;
}

function parseSetOptions(argv: Uint8Array[]): SetOptions {
  const o: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expire: null };
  for (let j = 3; j < argv.length; j++) {
    const a = argv[j]!;
    if (isWord(a, "nx") && !o.xx) o.nx = true;
    else if (isWord(a, "xx") && !o.nx) o.xx = true;
    else if (isWord(a, "get")) o.get = true;
    else if (isWord(a, "keepttl") && o.expire === null) o.keepTtl = true;
    else {
      const e = readExpireOption(argv, j, o.expire, o.keepTtl);
      if (e === null) throw new ReplyError(ERR.syntax);
      o.expire = e;
      j++;
    }
  }
  return o;
}

function applySet(ctx: Context, key: string, value: Uint8Array, o: SetOptions, commandName: string): boolean {
  const deadline = o.expire ? expireDeadline(o.expire, ctx.now, commandName) : 0;
  const db = ctx.db;
  let found: boolean;
  if (o.get) {
    const old = getString(db, key);
    if (old === undefined) ctx.out.nil();
    else ctx.out.bulk(old);
    found = old !== undefined;
  } else {
    found = o.nx || o.xx ? db.has(key) : false;
  }
  if ((o.nx && found) || (o.xx && !found)) return false;
  db.set(key, keep(value), o.keepTtl);
  if (deadline) db.setExpire(key, deadline);
  return true;
}

export const set: Handler = (ctx, argv) => {
  const o = argv.length > 3 ? parseSetOptions(argv) : PLAIN;
  const done = applySet(ctx, bytesToKey(argv[1]!), argv[2]!, o, "set");
  if (o.get) return;
  if (done) ctx.out.ok();
  else ctx.out.nil();
};
const PLAIN: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, expire: null };

/** SETNX key value — 1 if set, 0 if the key existed. */
export const setnx: Handler = (ctx, argv) => {
  const done = applySet(ctx, bytesToKey(argv[1]!), argv[2]!, { ...PLAIN, nx: true }, "setnx");
  ctx.out.integer(done ? 1 : 0);
};

/** SETEX key seconds value */
export const setex: Handler = (ctx, argv) => {
  const o = { ...PLAIN, expire: { unit: "ex", raw: argv[2]! } satisfies ExpireOption };
  applySet(ctx, bytesToKey(argv[1]!), argv[3]!, o, "setex");
  ctx.out.ok();
};

/** PSETEX key milliseconds value */
export const psetex: Handler = (ctx, argv) => {
  const o = { ...PLAIN, expire: { unit: "px", raw: argv[2]! } satisfies ExpireOption };
  applySet(ctx, bytesToKey(argv[1]!), argv[3]!, o, "psetex");
  ctx.out.ok();
};

/**
 * SET's key flags for one call (its key spec says `variable_flags`): with a GET argument the
 * old value is read (RW access update), without it the key is only overwritten (OW update).
 */
export function setKeyFlags(argv: readonly Uint8Array[]): readonly string[] {
  for (let j = 3; j < argv.length; j++) if (isWord(argv[j]!, "get")) return ["RW", "access", "update"];
  return ["OW", "update"];
}
