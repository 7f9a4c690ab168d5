/**
 * `cmsgpack` as Redis 7.0 bundles it (lua-cmsgpack 0.4.0). pack(...) encodes each argument and
 * concatenates them; a number that a C int64 cast keeps exactly is an integer (smallest of fixint, u8..u64,
 * i8..i64), any other number a float32 when the float holds it exactly, else a float64; strings are
 * fixstr/str8/str16/str32 (binary-safe); a table whose keys are exactly 1..n (the empty one included) is an
 * array, any other a map; nil, functions and userdata are nil; tables nested 16 deep are cut to nil.
 * unpack(s) returns every value in `s`; unpack_one(s[, offset]) and unpack_limit(s, n[, offset]) also
 * return the offset to continue from (-1 at the end). bin, ext and fixext are not understood
 * ("Bad data format in input."), as in Redis.
 *
 * Map order follows the table's iteration order (insertion order in fengari).
 */
import { ByteBuilder } from "./byte-builder.ts";
import type { Fengari, LuaCFunction, LuaState } from "./fengari.ts";

const MAX_NESTING = 16;
const TWO63 = 2 ** 63;

const f32 = new Float32Array(1);
const scratch = new DataView(new ArrayBuffer(8));

/** Whether (int64_t)x == x in C: integral and inside the int64 range. */
function isInt64(x: number): boolean {
  return Number.isInteger(x) && x >= -TWO63 && x < TWO63;
}

function encodeInt(out: ByteBuilder, n: number): void {
  out.reserve(9);
  const b = out.buf;
  let p = out.len;
  if (n >= 0) {
    if (n <= 127) b[p++] = n;
    else if (n <= 0xff) {
      b[p++] = 0xcc;
      b[p++] = n;
    } else if (n <= 0xffff) {
      b[p++] = 0xcd;
      b[p++] = n >>> 8;
      b[p++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      b[p++] = 0xce;
      b[p++] = n >>> 24;
      b[p++] = (n >>> 16) & 0xff;
      b[p++] = (n >>> 8) & 0xff;
      b[p++] = n & 0xff;
    } else {
      b[p++] = 0xcf;
      scratch.setBigUint64(0, BigInt(n));
      for (let i = 0; i < 8; i++) b[p++] = scratch.getUint8(i);
    }
  } else if (n >= -32) b[p++] = n & 0xff;
  else if (n >= -128) {
    b[p++] = 0xd0;
    b[p++] = n & 0xff;
  } else if (n >= -32768) {
    b[p++] = 0xd1;
    b[p++] = (n >> 8) & 0xff;
    b[p++] = n & 0xff;
  } else if (n >= -2147483648) {
    b[p++] = 0xd2;
    b[p++] = (n >> 24) & 0xff;
    b[p++] = (n >> 16) & 0xff;
    b[p++] = (n >> 8) & 0xff;
    b[p++] = n & 0xff;
  } else {
    b[p++] = 0xd3;
    scratch.setBigInt64(0, BigInt(n));
    for (let i = 0; i < 8; i++) b[p++] = scratch.getUint8(i);
  }
  out.len = p;
}

function encodeNumber(out: ByteBuilder, x: number): void {
  if (isInt64(x)) return encodeInt(out, x);
  out.reserve(9);
  const b = out.buf;
  let p = out.len;
  f32[0] = x;
  if (f32[0] === x) {
    b[p++] = 0xca;
    scratch.setFloat32(0, x);
    for (let i = 0; i < 4; i++) b[p++] = scratch.getUint8(i);
  } else if (Number.isNaN(x)) {
    // The NaN arithmetic makes on x86 has its sign bit set (see numfmt.ts's nonFinite).
    b[p++] = 0xcb;
    b[p++] = 0xff;
    b[p++] = 0xf8;
    for (let i = 0; i < 6; i++) b[p++] = 0;
  } else {
    b[p++] = 0xcb;
    scratch.setFloat64(0, x);
    for (let i = 0; i < 8; i++) b[p++] = scratch.getUint8(i);
  }
  out.len = p;
}

function encodeBytes(out: ByteBuilder, s: Uint8Array): void {
  const n = s.length;
  out.reserve(n + 5);
  const b = out.buf;
  let p = out.len;
  if (n < 32) b[p++] = 0xa0 | n;
  else if (n <= 0xff) {
    b[p++] = 0xd9;
    b[p++] = n;
  } else if (n <= 0xffff) {
    b[p++] = 0xda;
    b[p++] = n >>> 8;
    b[p++] = n & 0xff;
  } else {
    b[p++] = 0xdb;
    b[p++] = n >>> 24;
    b[p++] = (n >>> 16) & 0xff;
    b[p++] = (n >>> 8) & 0xff;
    b[p++] = n & 0xff;
  }
  b.set(s, p);
  out.len = p + n;
}

function encodeHeader(out: ByteBuilder, n: number, fix: number, c16: number, c32: number): void {
  if (n <= 15) out.byte(fix | n);
  else if (n <= 0xffff) {
    out.byte(c16);
    out.byte(n >>> 8);
    out.byte(n & 0xff);
  } else {
    out.byte(c32);
    out.byte(n >>> 24);
    out.byte((n >>> 16) & 0xff);
    out.byte((n >>> 8) & 0xff);
    out.byte(n & 0xff);
  }
}

const EOF_ERR = 1;
const BADFMT_ERR = 2;

/** Opens `cmsgpack` into the globals. */
export function openCmsgpack(L: LuaState, f: Fengari): void {
  const { lua, lauxlib, to_luastring } = f;
  const { LUA_TBOOLEAN, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE } = lua;
  const out = new ByteBuilder(256);
  // luaL_checkstack messages, encoded once: these checks run for every value.
  const MSG_MAP = to_luastring("in function mp_encode_lua_table_as_map");
  const MSG_CHECK = to_luastring("in function mp_check");
  const MSG_ARRAY = to_luastring("in function mp_decode_to_lua_array");
  const MSG_HASH = to_luastring("in function mp_decode_to_lua_hash");
  const MSG_VALUES = to_luastring("too many return values at once; use unpack_one or unpack_limit instead.");

  /** table_is_an_array: keys exactly 1..n, all numbers that are positive C ints. */
  const isArray = (L: LuaState): boolean => {
    let count = 0;
    let max = 0;
    const top = lua.lua_gettop(L);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      const n = lua.lua_type(L, -1) === LUA_TNUMBER ? lua.lua_tonumber(L, -1) : 0;
      if (n <= 0 || !(Number.isInteger(n) && n <= 2147483647)) {
        lua.lua_settop(L, top);
        return false;
      }
      if (n > max) max = n;
      count++;
    }
    return max === count;
  };

  /** Encodes the value on top of the stack and pops it. */
  const encodeTop = (L: LuaState, level: number): void => {
    let t = lua.lua_type(L, -1);
    if (t === LUA_TTABLE && level === MAX_NESTING) t = lua.LUA_TNIL;
    switch (t) {
      case LUA_TBOOLEAN:
        out.byte(lua.lua_toboolean(L, -1) ? 0xc3 : 0xc2);
        break;
      case LUA_TNUMBER:
        encodeNumber(out, lua.lua_tonumber(L, -1));
        break;
      case LUA_TSTRING:
        encodeBytes(out, lua.lua_tolstring(L, -1)!);
        break;
      case LUA_TTABLE:
        lauxlib.luaL_checkstack(L, 3, MSG_MAP);
        if (isArray(L)) {
          const len = lua.lua_rawlen(L, -1);
          encodeHeader(out, len, 0x90, 0xdc, 0xdd);
          for (let j = 1; j <= len; j++) {
            lua.lua_rawgeti(L, -1, j);
            encodeTop(L, level + 1);
          }
        } else {
          let len = 0;
          lua.lua_pushnil(L);
          while (lua.lua_next(L, -2)) {
            lua.lua_pop(L, 1);
            len++;
          }
          encodeHeader(out, len, 0x80, 0xde, 0xdf);
          lua.lua_pushnil(L);
          while (lua.lua_next(L, -2)) {
            lua.lua_pushvalue(L, -2);
            encodeTop(L, level + 1);
            encodeTop(L, level + 1);
          }
        }
        break;
      default:
        out.byte(0xc0);
    }
    lua.lua_pop(L, 1);
  };

  const pack: LuaCFunction = (L) => {
    const nargs = lua.lua_gettop(L);
    if (nargs === 0) lauxlib.luaL_argerror(L, 0, to_luastring("MessagePack pack needs input."));
    out.reset();
    for (let i = 1; i <= nargs; i++) {
      lauxlib.luaL_checkstack(L, 1, MSG_CHECK);
      lua.lua_pushvalue(L, i);
      encodeTop(L, 0);
    }
    f.pushOwnedBytes(L, out.take());
    if (out.buf.length > 1 << 20) out.buf = new Uint8Array(256);
    return 1;
  };

  /** A cursor over the input; `err` as mp_cur's. */
  const cur = { s: new Uint8Array(0) as Uint8Array, p: 0, end: 0, err: 0 };

  const u16 = (s: Uint8Array, p: number) => (s[p] << 8) | s[p + 1];
  const u32 = (s: Uint8Array, p: number) =>
    ((s[p] << 24) | (s[p + 1] << 16) | (s[p + 2] << 8) | s[p + 3]) >>> 0;
  // The 8 bytes at s[p..] through a scratch DataView: a DataView over `s` itself would read
  // `s.buffer`, which makes JSC give every such string its own ArrayBuffer.
  const scratch = new Uint8Array(8);
  const scratchView = new DataView(scratch.buffer);
  const view = (s: Uint8Array, p: number) => {
    for (let k = 0; k < 8; k++) scratch[k] = s[p + k] ?? 0;
    return scratchView;
  };

  const pushString = (L: LuaState, start: number, len: number) => {
    f.pushOwnedBytes(L, cur.s.slice(start, start + len));
  };

  const decodeArray = (L: LuaState, len: number): void => {
    lua.lua_createtable(L, len < 1024 ? len : 0, 0);
    lauxlib.luaL_checkstack(L, 1, MSG_ARRAY);
    for (let i = 1; i <= len; i++) {
      lua.lua_pushnumber(L, i);
      decode(L);
      if (cur.err) return;
      lua.lua_settable(L, -3);
    }
  };

  const decodeMap = (L: LuaState, len: number): void => {
    lua.lua_createtable(L, 0, len < 1024 ? len : 0);
    lauxlib.luaL_checkstack(L, 2, MSG_HASH);
    for (let i = 0; i < len; i++) {
      decode(L);
      if (cur.err) return;
      decode(L);
      if (cur.err) return;
      lua.lua_settable(L, -3);
    }
  };

  /** mp_decode_to_lua_type: pushes one value, or sets cur.err. */
  const decode = (L: LuaState): void => {
    const s = cur.s;
    const p = cur.p;
    const left = cur.end - p;
    if (left < 1) {
      cur.err = EOF_ERR;
      return;
    }
    lauxlib.luaL_checkstack(L, 1, MSG_VALUES);
    const c = s[p];
    const need = (n: number) => {
      if (left < n) {
        cur.err = EOF_ERR;
        return false;
      }
      return true;
    };
    if (c < 0x80) {
      lua.lua_pushnumber(L, c);
      cur.p = p + 1;
      return;
    }
    if (c >= 0xe0) {
      lua.lua_pushnumber(L, c - 256);
      cur.p = p + 1;
      return;
    }
    if ((c & 0xe0) === 0xa0) {
      const l = c & 0x1f;
      if (!need(1 + l)) return;
      pushString(L, p + 1, l);
      cur.p = p + 1 + l;
      return;
    }
    if ((c & 0xf0) === 0x90) {
      cur.p = p + 1;
      return decodeArray(L, c & 0xf);
    }
    if ((c & 0xf0) === 0x80) {
      cur.p = p + 1;
      return decodeMap(L, c & 0xf);
    }
    switch (c) {
      case 0xc0:
        lua.lua_pushnil(L);
        cur.p = p + 1;
        return;
      case 0xc2:
      case 0xc3:
        lua.lua_pushboolean(L, c === 0xc3);
        cur.p = p + 1;
        return;
      case 0xcc:
        if (!need(2)) return;
        lua.lua_pushnumber(L, s[p + 1]);
        cur.p = p + 2;
        return;
      case 0xd0:
        if (!need(2)) return;
        lua.lua_pushnumber(L, (s[p + 1] << 24) >> 24);
        cur.p = p + 2;
        return;
      case 0xcd:
        if (!need(3)) return;
        lua.lua_pushnumber(L, u16(s, p + 1));
        cur.p = p + 3;
        return;
      case 0xd1:
        if (!need(3)) return;
        lua.lua_pushnumber(L, (u16(s, p + 1) << 16) >> 16);
        cur.p = p + 3;
        return;
      case 0xce:
        if (!need(5)) return;
        lua.lua_pushnumber(L, u32(s, p + 1));
        cur.p = p + 5;
        return;
      case 0xd2:
        if (!need(5)) return;
        lua.lua_pushnumber(L, u32(s, p + 1) | 0);
        cur.p = p + 5;
        return;
      case 0xcf:
        if (!need(9)) return;
        lua.lua_pushnumber(L, Number(view(s, p + 1).getBigUint64(0)));
        cur.p = p + 9;
        return;
      case 0xd3:
        if (!need(9)) return;
        lua.lua_pushnumber(L, Number(view(s, p + 1).getBigInt64(0)));
        cur.p = p + 9;
        return;
      case 0xca:
        if (!need(5)) return;
        lua.lua_pushnumber(L, view(s, p + 1).getFloat32(0));
        cur.p = p + 5;
        return;
      case 0xcb:
        if (!need(9)) return;
        lua.lua_pushnumber(L, view(s, p + 1).getFloat64(0));
        cur.p = p + 9;
        return;
      case 0xd9: {
        if (!need(2)) return;
        const l = s[p + 1];
        if (!need(2 + l)) return;
        pushString(L, p + 2, l);
        cur.p = p + 2 + l;
        return;
      }
      case 0xda: {
        if (!need(3)) return;
        const l = u16(s, p + 1);
        if (!need(3 + l)) return;
        pushString(L, p + 3, l);
        cur.p = p + 3 + l;
        return;
      }
      case 0xdb: {
        if (!need(5)) return;
        const l = u32(s, p + 1);
        if (!need(5 + l)) return;
        pushString(L, p + 5, l);
        cur.p = p + 5 + l;
        return;
      }
      case 0xdc:
        if (!need(3)) return;
        cur.p = p + 3;
        return decodeArray(L, u16(s, p + 1));
      case 0xdd:
        if (!need(5)) return;
        cur.p = p + 5;
        return decodeArray(L, u32(s, p + 1));
      case 0xde:
        if (!need(3)) return;
        cur.p = p + 3;
        return decodeMap(L, u16(s, p + 1));
      case 0xdf:
        if (!need(5)) return;
        cur.p = p + 5;
        return decodeMap(L, u32(s, p + 1));
    }
    cur.err = BADFMT_ERR;
  };

  const unpackFull = (L: LuaState, limit: number, offset: number): number => {
    const s = lauxlib.luaL_checklstring(L, 1);
    const len = s.length;
    const decodeAll = limit === 0 && offset === 0;
    if (offset < 0 || limit < 0) {
      // Redis's message prints the input length where it says "limit".
      lauxlib.luaL_error(
        L,
        to_luastring(`Invalid request to unpack with offset of ${offset} and limit of ${len}.`),
      );
    } else if (offset > len) {
      lauxlib.luaL_error(L, to_luastring(`Start offset ${offset} greater than input length ${len}.`));
    }
    if (decodeAll) limit = 2147483647;
    cur.s = s;
    cur.p = offset;
    cur.end = len;
    cur.err = 0;
    let cnt = 0;
    try {
      for (; cur.p < len && cnt < limit; cnt++) {
        decode(L);
        if (cur.err === EOF_ERR) lauxlib.luaL_error(L, to_luastring("Missing bytes in input."));
        else if (cur.err === BADFMT_ERR) lauxlib.luaL_error(L, to_luastring("Bad data format in input."));
      }
    } finally {
      cur.s = new Uint8Array(0);
    }
    if (!decodeAll) {
      const left = len - cur.p;
      lauxlib.luaL_checkstack(L, 1, to_luastring("in function mp_unpack_full"));
      lua.lua_pushnumber(L, left === 0 ? -1 : cur.p);
      lua.lua_insert(L, 2);
      cnt++;
    }
    return cnt;
  };

  const fns: Record<string, LuaCFunction> = {
    pack,
    unpack: (L) => unpackFull(L, 0, 0),
    unpack_one: (L) => {
      const offset = lauxlib.luaL_optinteger(L, 2, 0);
      lua.lua_settop(L, 1);
      return unpackFull(L, 1, offset);
    },
    unpack_limit: (L) => {
      const limit = lauxlib.luaL_checkinteger(L, 2);
      const offset = lauxlib.luaL_optinteger(L, 3, 0);
      lua.lua_settop(L, 1);
      return unpackFull(L, limit, offset);
    },
  };
  lua.lua_createtable(L, 0, 8);
  for (const [name, fn] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  const fields: [string, string][] = [
    ["_NAME", "cmsgpack"],
    ["_VERSION", "lua-cmsgpack 0.4.0"],
    ["_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo"],
    ["_DESCRIPTION", "MessagePack C implementation for Lua"],
  ];
  for (const [k, v] of fields) {
    lua.lua_pushliteral(L, v);
    lua.lua_setfield(L, -2, to_luastring(k));
  }
  lua.lua_setglobal(L, to_luastring("cmsgpack"));
}
