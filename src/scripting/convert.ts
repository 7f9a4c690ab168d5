/**
 * Redis's conversions between RESP replies and Lua values, in both directions (script_lua.c's
 * redisProtocolToLuaType and luaReplyToRedisReply).
 *
 * RESP -> Lua (what `redis.call` returns): integer -> number, bulk -> string, null bulk and null
 * array -> false, status -> {ok=s}, error -> {err=s}, array -> table; and for RESP3 replies
 * (after `redis.setresp(3)`): null -> nil, boolean -> boolean, double -> {double=n},
 * map -> {map={k=v}}, set -> {set={k=true}}, big number -> {big_number=s},
 * verbatim -> {verbatim_string={format=f, string=s}}; attributes are skipped.
 *
 * Lua -> RESP (what a script returns): string -> bulk, number -> integer (truncated, as C's
 * `(long long)` cast), boolean -> 1 / null (RESP2 scripts) or a RESP3 boolean, table -> error
 * ({err=}), status ({ok=}), double, big number, verbatim, map, set, else an array stopping at the
 * first nil; anything else -> null.
 *
 * Both walk the bytes / the Lua stack directly: no intermediate JS objects per element.
 */

import { ReplyError } from "../errors.ts";
import { bytesToKey } from "../protocol/bytes.ts";
import type { ReplyWriter } from "../protocol/reply-writer.ts";
import type { Fengari, LuaState, LuaStringObject } from "./lib/fengari.ts";

/** The error table's field that marks an error already counted in INFO errorstats. */
export const IGNORE_STATS_FIELD = "ignore_error_stats_update";

/** Deeper than this, a reply or a returned table is refused (Redis's Lua stack limit). */
const MAX_DEPTH = 1000;

/**
 * Lua keys used by the conversions, as Lua strings (made once per loaded fengari), and in `obj`
 * as string objects: pushing those (Fengari.pushStringObject) skips making a new string and
 * computing its table key each time.
 */
export interface Keys {
  readonly obj: { readonly [K in Exclude<keyof Keys, "obj">]: LuaStringObject };
  readonly ok: Uint8Array;
  readonly err: Uint8Array;
  readonly double: Uint8Array;
  readonly bigNumber: Uint8Array;
  readonly verbatim: Uint8Array;
  readonly map: Uint8Array;
  readonly set: Uint8Array;
  readonly format: Uint8Array;
  readonly string: Uint8Array;
  readonly ignoreStats: Uint8Array;
}

export function makeKeys(f: Fengari): Keys {
  const s = (x: string) => f.to_luastring(x);
  const bytes = {
    ok: s("ok"),
    err: s("err"),
    double: s("double"),
    bigNumber: s("big_number"),
    verbatim: s("verbatim_string"),
    map: s("map"),
    set: s("set"),
    format: s("format"),
    string: s("string"),
    ignoreStats: s(IGNORE_STATS_FIELD),
  };
  const o = (b: Uint8Array) => f.newStringObject(b);
  const obj = {
    ok: o(bytes.ok),
    err: o(bytes.err),
    double: o(bytes.double),
    bigNumber: o(bytes.bigNumber),
    verbatim: o(bytes.verbatim),
    map: o(bytes.map),
    set: o(bytes.set),
    format: o(bytes.format),
    string: o(bytes.string),
    ignoreStats: o(bytes.ignoreStats),
  };
  return { ...bytes, obj };
}

/**
 * Redis's luaPushErrorBuff text: "-CODE msg" keeps its code, anything else gets "ERR "; CR/LF
 * trimmed from both ends of the message.
 */
export function errorText(s: string): string {
  let code = "ERR";
  let msg = s;
  if (s.charCodeAt(0) === 45) {
    const space = s.indexOf(" ");
    if (space < 0) msg = s.slice(1);
    else {
      code = s.slice(1, space);
      msg = s.slice(space + 1);
    }
  }
  return `${code} ${msg.replace(/^[\r\n]+|[\r\n]+$/g, "")}`;
}

/** Push {err=text} (and the "already counted" mark when `counted`) onto L. */
export function pushErrorTable(f: Fengari, keys: Keys, L: LuaState, text: string, counted: boolean): void {
  const lua = f.lua;
  lua.lua_createtable(L, 0, 2);
  f.pushStringObject(L, keys.obj.err);
  pushBinary(f, L, text);
  lua.lua_rawset(L, -3);
  if (counted) {
    f.pushStringObject(L, keys.obj.ignoreStats);
    lua.lua_pushboolean(L, true);
    lua.lua_rawset(L, -3);
  }
}

/** Push a binary string (chars 0-255) as a Lua string. */
export function pushBinary(f: Fengari, L: LuaState, s: string): void {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  f.pushOwnedBytes(L, b);
}

// ---- RESP -> Lua ----

/**
 * Parses one reply from buf[pos..] and pushes it onto L as Redis does; returns the position
 * after it. The bytes come from redbun's own ReplyWriter, so they are trusted to be well formed.
 */
export function pushReply(f: Fengari, keys: Keys, L: LuaState, buf: Uint8Array, pos: number): number {
  return pushValue(f, keys, L, buf, pos, 0, true);
}

/**
 * Push buf[start..end) as a Lua string: one copy, owned by the string (lua_pushlstring would make
 * a view, then copy it through another).
 */
function pushBytes(f: Fengari, L: LuaState, buf: Uint8Array, start: number, end: number): void {
  const n = end - start;
  const b = new Uint8Array(n);
  if (n <= 64) for (let k = 0; k < n; k++) b[k] = buf[start + k]!;
  else b.set(buf.subarray(start, end));
  f.pushOwnedBytes(L, b);
}

function lineEnd(buf: Uint8Array, pos: number): number {
  let i = pos;
  while (buf[i] !== 13) i++;
  return i;
}

function lineInt(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  let n = 0;
  for (; i < end; i++) n = n * 10 + (buf[i]! - 48);
  return neg ? -n : n;
}

function parseDouble(text: string): number {
  if (text === "inf") return Number.POSITIVE_INFINITY;
  if (text === "-inf") return Number.NEGATIVE_INFINITY;
  if (text === "nan" || text === "-nan") return Number.NaN;
  return Number(text);
}

/** `push` false: parse and skip (attributes), pushing nothing. */
function pushValue(
  f: Fengari,
  keys: Keys,
  L: LuaState,
  buf: Uint8Array,
  pos: number,
  depth: number,
  push: boolean,
): number {
  const lua = f.lua;
  if (push && !lua.lua_checkstack(L, 4)) throw new ReplyError("ERR reached lua stack limit");
  const type = buf[pos]!;
  const start = pos + 1;
  const end = lineEnd(buf, start);
  let next = end + 2;
  switch (type) {
    case 58: // : integer
      if (push) lua.lua_pushnumber(L, lineInt(buf, start, end));
      return next;
    case 36: {
      // $ bulk
      const n = lineInt(buf, start, end);
      if (n < 0) {
        if (push) lua.lua_pushboolean(L, false);
        return next;
      }
      if (push) pushBytes(f, L, buf, next, next + n);
      return next + n + 2;
    }
    case 43: // + status
      if (push) {
        lua.lua_createtable(L, 0, 1);
        f.pushStringObject(L, keys.obj.ok);
        pushBytes(f, L, buf, start, end);
        lua.lua_rawset(L, -3);
      }
      return next;
    case 45: // - error
      if (push) pushErrorTable(f, keys, L, errorText(`-${bytesToKey(buf.subarray(start, end))}`), true);
      return next;
    case 42: {
      // * array
      const n = lineInt(buf, start, end);
      if (n < 0) {
        if (push) lua.lua_pushboolean(L, false);
        return next;
      }
      if (depth >= MAX_DEPTH) throw new ReplyError("ERR reached lua stack limit");
      if (push) lua.lua_createtable(L, n, 0);
      for (let i = 1; i <= n; i++) {
        next = pushValue(f, keys, L, buf, next, depth + 1, push);
        if (push) lua.lua_rawseti(L, -2, i);
      }
      return next;
    }
    case 37: // % map
    case 126: {
      // ~ set
      const n = lineInt(buf, start, end);
      if (depth >= MAX_DEPTH) throw new ReplyError("ERR reached lua stack limit");
      if (push) {
        lua.lua_createtable(L, 0, 1);
        f.pushStringObject(L, type === 37 ? keys.obj.map : keys.obj.set);
        lua.lua_createtable(L, 0, n);
      }
      for (let i = 0; i < n; i++) {
        next = pushValue(f, keys, L, buf, next, depth + 1, push);
        if (type === 37) next = pushValue(f, keys, L, buf, next, depth + 1, push);
        else if (push) lua.lua_pushboolean(L, true);
        if (push) lua.lua_rawset(L, -3);
      }
      if (push) lua.lua_rawset(L, -3);
      return next;
    }
    case 95: // _ null
      if (push) lua.lua_pushnil(L);
      return next;
    case 35: // # boolean
      if (push) lua.lua_pushboolean(L, buf[start] === 116);
      return next;
    case 44: // , double
      if (push) {
        lua.lua_createtable(L, 0, 1);
        f.pushStringObject(L, keys.obj.double);
        lua.lua_pushnumber(L, parseDouble(bytesToKey(buf.subarray(start, end))));
        lua.lua_rawset(L, -3);
      }
      return next;
    case 40: // ( big number
      if (push) {
        lua.lua_createtable(L, 0, 1);
        f.pushStringObject(L, keys.obj.bigNumber);
        pushBytes(f, L, buf, start, end);
        lua.lua_rawset(L, -3);
      }
      return next;
    case 61: {
      // = verbatim: "fmt:" then the text
      const n = lineInt(buf, start, end);
      if (push) {
        lua.lua_createtable(L, 0, 1);
        f.pushStringObject(L, keys.obj.verbatim);
        lua.lua_createtable(L, 0, 2);
        f.pushStringObject(L, keys.obj.string);
        pushBytes(f, L, buf, next + 4, next + n);
        lua.lua_rawset(L, -3);
        f.pushStringObject(L, keys.obj.format);
        pushBytes(f, L, buf, next, next + 3);
        lua.lua_rawset(L, -3);
        lua.lua_rawset(L, -3);
      }
      return next + n + 2;
    }
    case 124: {
      // | attribute: read and dropped, then the value it annotates
      const n = lineInt(buf, start, end);
      for (let i = 0; i < 2 * n; i++) next = pushValue(f, keys, L, buf, next, depth + 1, false);
      return pushValue(f, keys, L, buf, next, depth, push);
    }
    default:
      throw new Error(`script reply conversion: unexpected RESP type byte ${type}`);
  }
}

// ---- Lua -> RESP ----

const NULL3 = new TextEncoder().encode("_\r\n");
const NIL2 = new TextEncoder().encode("$-1\r\n");
const TWO63 = 2 ** 63;

/** C's `(long long)d` on x86-64: truncation; NaN and out-of-range values give LLONG_MIN. */
export function toLongLong(d: number): number | bigint {
  if (!(d > -TWO63 && d < TWO63)) return -(2n ** 63n);
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

/** `%.17g` as addReplyDouble prints it; NaN from Lua arithmetic is x86's negative NaN. */
function writeDouble(out: ReplyWriter, d: number): void {
  if (!Number.isNaN(d)) return out.double(d);
  if (out.resp === 3) out.raw(new TextEncoder().encode(",-nan\r\n"));
  else out.bulk(new TextEncoder().encode("-nan"));
}

/** A status or big-number text: CR and LF become spaces, as Redis's sdsmapchars does. */
function noNewlines(b: Uint8Array): Uint8Array {
  if (!b.includes(13) && !b.includes(10)) return b;
  return b.map((c) => (c === 13 || c === 10 ? 32 : c));
}

/**
 * An error reply from a script (a table's `err`): Redis's addReplyErrorFormat trims trailing
 * CR/LF and turns the others into spaces (the writer does the latter).
 */
export function scriptErrorMessage(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 10 || b[end - 1] === 13)) end--;
  return bytesToKey(b.subarray(0, end));
}

/**
 * Writes the value at the top of L's stack into `out` (the caller's writer, in the caller's
 * protocol) and pops it. `scriptResp` is what the script chose with redis.setresp: it only
 * decides how booleans are sent.
 */
export function writeReply(
  f: Fengari,
  keys: Keys,
  L: LuaState,
  out: ReplyWriter,
  scriptResp: 2 | 3,
  depth = 0,
): void {
  const lua = f.lua;
  const t = lua.lua_type(L, -1);
  if (depth >= MAX_DEPTH || !lua.lua_checkstack(L, 4)) {
    out.error("ERR reached lua stack limit");
    lua.lua_pop(L, 1);
    return;
  }
  switch (t) {
    case lua.LUA_TSTRING:
      out.bulk(lua.lua_tolstring(L, -1)!);
      break;
    case lua.LUA_TBOOLEAN:
      if (scriptResp === 2) {
        if (lua.lua_toboolean(L, -1)) out.integer(1);
        else out.raw(out.resp === 3 ? NULL3 : NIL2);
      } else out.bool(lua.lua_toboolean(L, -1));
      break;
    case lua.LUA_TNUMBER:
      out.integer(toLongLong(lua.lua_tonumber(L, -1)));
      break;
    case lua.LUA_TTABLE:
      writeTable(f, keys, L, out, scriptResp, depth);
      break;
    default:
      out.raw(out.resp === 3 ? NULL3 : NIL2);
  }
  lua.lua_pop(L, 1);
}

/** Pushes table[-1][key] (raw); returns its type. */
function field(f: Fengari, L: LuaState, key: LuaStringObject): number {
  f.pushStringObject(L, key);
  return f.lua.lua_rawget(L, -2);
}

function writeTable(f: Fengari, keys: Keys, L: LuaState, out: ReplyWriter, resp: 2 | 3, depth: number): void {
  const lua = f.lua;
  const S = lua.LUA_TSTRING;
  if (field(f, L, keys.obj.err) === S) {
    out.error(scriptErrorMessage(lua.lua_tolstring(L, -1)!));
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  if (field(f, L, keys.obj.ok) === S) {
    out.simple(bytesToKey(noNewlines(lua.lua_tolstring(L, -1)!)));
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  if (field(f, L, keys.obj.double) === lua.LUA_TNUMBER) {
    writeDouble(out, lua.lua_tonumber(L, -1));
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  if (field(f, L, keys.obj.bigNumber) === S) {
    const b = noNewlines(lua.lua_tolstring(L, -1)!);
    if (out.resp === 3) {
      out.raw(new Uint8Array([40]));
      out.raw(b);
      out.raw(new Uint8Array([13, 10]));
    } else out.bulk(b);
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  if (field(f, L, keys.obj.verbatim) === lua.LUA_TTABLE) {
    if (field(f, L, keys.obj.format) === S) {
      const format = lua.lua_tolstring(L, -1)!;
      f.pushStringObject(L, keys.obj.string);
      if (lua.lua_rawget(L, -3) === S) {
        writeVerbatim(out, lua.lua_tolstring(L, -1)!, format);
        lua.lua_pop(L, 3);
        return;
      }
      lua.lua_pop(L, 1);
    }
    lua.lua_pop(L, 1);
  }
  lua.lua_pop(L, 1);
  if (field(f, L, keys.obj.map) === lua.LUA_TTABLE) {
    let n = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      n++;
    }
    out.map(n);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      // map, key, value -> map, key, value, key copy: each write consumes the top.
      lua.lua_pushvalue(L, -2);
      writeReply(f, keys, L, out, resp, depth + 1);
      writeReply(f, keys, L, out, resp, depth + 1);
    }
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  if (field(f, L, keys.obj.set) === lua.LUA_TTABLE) {
    let n = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      n++;
    }
    out.set(n);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      lua.lua_pushvalue(L, -1);
      writeReply(f, keys, L, out, resp, depth + 1);
    }
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  let n = 0;
  while (lua.lua_rawgeti(L, -1, n + 1) !== lua.LUA_TNIL) {
    lua.lua_pop(L, 1);
    n++;
  }
  lua.lua_pop(L, 1);
  out.array(n);
  for (let i = 1; i <= n; i++) {
    lua.lua_rawgeti(L, -1, i);
    writeReply(f, keys, L, out, resp, depth + 1);
  }
}

function writeVerbatim(out: ReplyWriter, body: Uint8Array, format: Uint8Array): void {
  if (out.resp !== 3) return out.bulk(body);
  const fmt = new Uint8Array(4);
  for (let i = 0; i < 3; i++) fmt[i] = format[i] ?? 0;
  fmt[3] = 58;
  out.raw(new TextEncoder().encode(`=${body.length + 4}\r\n`));
  out.raw(fmt);
  out.raw(body);
  out.raw(new Uint8Array([13, 10]));
}
