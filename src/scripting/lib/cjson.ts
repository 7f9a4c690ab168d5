/**
 * `cjson` as Redis 7.0 bundles it (lua-cjson 2.1.0): the same functions, defaults, output bytes and error
 * texts. Numbers are "%.14g" (encode_number_precision), "/" is escaped as "\/", control bytes as \u00XX,
 * bytes >= 0x80 pass through; a table is an array when its keys are the integers 1..n (holes become null)
 * unless it is "excessively sparse"; an empty table is "{}". Decoding reads numbers with strtod's grammar
 * (so "0x10", "+1", "nan" and "Infinity" are numbers, decode_invalid_numbers being on), gives JSON null as
 * `cjson.null` and reports errors as "Expected <what> but found <token> at character <n>".
 *
 * Object keys come out in the order the table iterates them; fengari iterates in insertion order, which
 * is not the order of Lua 5.1's hash part, so objects with several keys can differ from Redis in order.
 */
import { ByteBuilder } from "./byte-builder.ts";
import type { Fengari, LuaCFunction, LuaState } from "./fengari.ts";
import { formatLuaNumber, generalAbs } from "./numfmt.ts";

/** The lightuserdata behind `cjson.null` (and cmsgpack's nil in arrays): Redis replies nil for it. */
export const LUA_NULL: object = Object.freeze({ luaNull: true });

interface Config {
  sparseConvert: boolean;
  sparseRatio: number;
  sparseSafe: number;
  encodeMaxDepth: number;
  decodeMaxDepth: number;
  precision: number;
  keepBuffer: boolean;
  /** 0 off, 1 on, 2 "null". */
  encodeInvalid: number;
  decodeInvalid: boolean;
}

const newConfig = (): Config => ({
  sparseConvert: false,
  sparseRatio: 2,
  sparseSafe: 10,
  encodeMaxDepth: 1000,
  decodeMaxDepth: 1000,
  precision: 14,
  keepBuffer: true,
  encodeInvalid: 0,
  decodeInvalid: true,
});

/** Escape for each byte below 0x80 that needs one (lua-cjson's char2escape). */
const ESCAPES: (string | null)[] = new Array(128).fill(null);
for (let c = 0; c < 32; c++) ESCAPES[c] = `\\u${c.toString(16).padStart(4, "0")}`;
ESCAPES[8] = "\\b";
ESCAPES[9] = "\\t";
ESCAPES[10] = "\\n";
ESCAPES[12] = "\\f";
ESCAPES[13] = "\\r";
ESCAPES[34] = '\\"';
ESCAPES[92] = "\\\\";
ESCAPES[47] = "\\/";
ESCAPES[127] = "\\u007f";

const TOKEN_NAMES = [
  "T_OBJ_BEGIN",
  "T_OBJ_END",
  "T_ARR_BEGIN",
  "T_ARR_END",
  "T_STRING",
  "T_NUMBER",
  "T_BOOLEAN",
  "T_NULL",
  "T_COLON",
  "T_COMMA",
  "T_END",
  "T_WHITESPACE",
  "T_ERROR",
  "T_UNKNOWN",
];
const T_OBJ_BEGIN = 0;
const T_OBJ_END = 1;
const T_ARR_BEGIN = 2;
const T_ARR_END = 3;
const T_STRING = 4;
const T_NUMBER = 5;
const T_BOOLEAN = 6;
const T_NULL = 7;
const T_COLON = 8;
const T_COMMA = 9;
const T_END = 10;
const T_ERROR = 12;

/** Thrown inside the codec and turned into a Lua error at the API boundary. */
class CodecError {
  constructor(readonly message: string) {}
}

export function formatJsonNumber(x: number, cfg: Config): string {
  if (Number.isNaN(x) || x === Infinity || x === -Infinity) {
    if (cfg.encodeInvalid === 0) throw new CodecError("Cannot serialise number: must not be NaN or Inf");
    if (cfg.encodeInvalid === 2) return "null";
    // Redis's lua-cjson prints them with "%.14g", except NaN, written "nan" whatever its sign.
    return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  }
  if (cfg.precision === 14) return formatLuaNumber(x);
  const s = generalAbs(x < 0 ? -x : x, cfg.precision, false, false);
  return x < 0 || (x === 0 && 1 / x < 0) ? `-${s}` : s;
}

function appendString(out: ByteBuilder, s: Uint8Array): void {
  out.reserve(s.length + 2);
  out.byte(34);
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= 128) continue;
    const esc = ESCAPES[c];
    if (esc === null) continue;
    if (i > from) out.bytes(s, from, i);
    out.ascii(esc);
    from = i + 1;
  }
  if (from < s.length) out.bytes(s, from, s.length);
  out.byte(34);
}

interface Token {
  type: number;
  index: number;
  num: number;
  bool: boolean;
  str: Uint8Array | null;
  err: string;
}

function hex4(s: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = s[i + k];
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if ((c | 0x20) >= 97 && (c | 0x20) <= 102) d = (c | 0x20) - 87;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

const WS = new Uint8Array(256);
WS[32] = WS[9] = WS[10] = WS[13] = 1;

/** strtod's longest numeric prefix of s at i (glibc grammar); returns [value, end] with end === i when none. */
function strtod(s: Uint8Array, i: number, n: number): [number, number] {
  const start = i;
  let neg = false;
  if (s[i] === 43 || s[i] === 45) neg = s[i++] === 45;
  const c = s[i] | 0x20;
  if (c === 105 || c === 110) {
    const word = (k: number, w: string) => {
      for (let j = 0; j < w.length; j++)
        if (k + j >= n || (s[k + j] | 0x20) !== w.charCodeAt(j)) return false;
      return true;
    };
    if (word(i, "infinity")) return [neg ? -Infinity : Infinity, i + 8];
    if (word(i, "inf")) return [neg ? -Infinity : Infinity, i + 3];
    if (word(i, "nan")) return [Number.NaN, i + 3];
    return [0, start];
  }
  if (s[i] === 48 && (s[i + 1] | 0x20) === 120) {
    let j = i + 2;
    let v = 0;
    let digits = 0;
    let scale = 0;
    for (;;) {
      const h = hexDigit(s[j]);
      if (h < 0 || j >= n) break;
      v = v * 16 + h;
      digits++;
      j++;
    }
    if (s[j] === 46) {
      j++;
      for (;;) {
        const h = hexDigit(s[j]);
        if (h < 0 || j >= n) break;
        v = v * 16 + h;
        scale -= 4;
        digits++;
        j++;
      }
    }
    if (digits === 0) return [neg ? -0 : 0, i + 1];
    if ((s[j] | 0x20) === 112) {
      let k = j + 1;
      let sign = 1;
      if (s[k] === 43 || s[k] === 45) sign = s[k++] === 45 ? -1 : 1;
      if (s[k] >= 48 && s[k] <= 57) {
        let e = 0;
        while (k < n && s[k] >= 48 && s[k] <= 57) e = Math.min(e * 10 + s[k++] - 48, 100000);
        scale += sign * e;
        j = k;
      }
    }
    const val = v * 2 ** scale;
    return [neg ? -val : val, j];
  }
  let j = i;
  let digits = 0;
  while (j < n && s[j] >= 48 && s[j] <= 57) {
    j++;
    digits++;
  }
  if (s[j] === 46 && j < n) {
    j++;
    while (j < n && s[j] >= 48 && s[j] <= 57) {
      j++;
      digits++;
    }
  }
  if (digits === 0) return [0, start];
  if ((s[j] | 0x20) === 101 && j < n) {
    let k = j + 1;
    if (s[k] === 43 || s[k] === 45) k++;
    if (k < n && s[k] >= 48 && s[k] <= 57) {
      while (k < n && s[k] >= 48 && s[k] <= 57) k++;
      j = k;
    }
  }
  let text = "";
  for (let k = start; k < j; k++) text += String.fromCharCode(s[k]);
  return [Number(text), j];
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

function utf8(out: ByteBuilder, cp: number): void {
  if (cp < 0x80) out.byte(cp);
  else if (cp < 0x800) {
    out.byte(0xc0 | (cp >> 6));
    out.byte(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.byte(0xe0 | (cp >> 12));
    out.byte(0x80 | ((cp >> 6) & 0x3f));
    out.byte(0x80 | (cp & 0x3f));
  } else {
    out.byte(0xf0 | (cp >> 18));
    out.byte(0x80 | ((cp >> 12) & 0x3f));
    out.byte(0x80 | ((cp >> 6) & 0x3f));
    out.byte(0x80 | (cp & 0x3f));
  }
}

/** One decode: the input (a C string: it ends at the first zero byte) and a cursor. */
class Parser {
  ptr = 0;
  depth = 0;
  readonly n: number;
  private readonly tmp = new ByteBuilder(64);

  constructor(
    readonly s: Uint8Array,
    readonly cfg: Config,
  ) {
    const z = s.indexOf(0);
    this.n = z < 0 ? s.length : z;
  }

  private setError(t: Token, what: string): void {
    t.type = T_ERROR;
    t.index = this.ptr;
    t.err = what;
  }

  next(t: Token): void {
    const s = this.s;
    const n = this.n;
    while (this.ptr < n && WS[s[this.ptr]] === 1) this.ptr++;
    t.index = this.ptr;
    if (this.ptr >= n) {
      t.type = T_END;
      return;
    }
    const c = s[this.ptr];
    switch (c) {
      case 123:
        t.type = T_OBJ_BEGIN;
        this.ptr++;
        return;
      case 125:
        t.type = T_OBJ_END;
        this.ptr++;
        return;
      case 91:
        t.type = T_ARR_BEGIN;
        this.ptr++;
        return;
      case 93:
        t.type = T_ARR_END;
        this.ptr++;
        return;
      case 58:
        t.type = T_COLON;
        this.ptr++;
        return;
      case 44:
        t.type = T_COMMA;
        this.ptr++;
        return;
      case 34:
        this.string(t);
        return;
    }
    const invalidOk = this.cfg.decodeInvalid;
    if (c === 45 || (c >= 48 && c <= 57) || (invalidOk && (c === 43 || c === 105 || c === 73 || c === 78))) {
      if (!invalidOk && this.isInvalidNumber()) return this.setError(t, "invalid number");
      if (c === 45 || (c >= 48 && c <= 57)) return this.number(t);
    }
    if (c === 116 && this.word("true")) {
      t.type = T_BOOLEAN;
      t.bool = true;
      this.ptr += 4;
      return;
    }
    if (c === 102 && this.word("false")) {
      t.type = T_BOOLEAN;
      t.bool = false;
      this.ptr += 5;
      return;
    }
    if (c === 110 && this.word("null")) {
      t.type = T_NULL;
      this.ptr += 4;
      return;
    }
    if (invalidOk && (c === 43 || c === 105 || c === 73 || c === 78 || c === 110) && this.isInvalidNumber()) {
      return this.number(t);
    }
    this.setError(t, "invalid token");
  }

  private word(w: string): boolean {
    for (let k = 0; k < w.length; k++) if (this.s[this.ptr + k] !== w.charCodeAt(k)) return false;
    return this.ptr + w.length <= this.n;
  }

  private isInvalidNumber(): boolean {
    const s = this.s;
    let p = this.ptr;
    if (s[p] === 43) return true;
    if (s[p] === 45) p++;
    if (s[p] === 48) {
      const c2 = p + 1 < this.n ? s[p + 1] : 0;
      return (c2 | 0x20) === 120 || (c2 >= 48 && c2 <= 57);
    }
    if (p >= this.n || s[p] <= 57) return false;
    const ci = (k: number) => (p + k < this.n ? s[p + k] | 0x20 : 0);
    if (ci(0) === 105 && ci(1) === 110 && ci(2) === 102) return true;
    if (ci(0) === 110 && ci(1) === 97 && ci(2) === 110) return true;
    return false;
  }

  private number(t: Token): void {
    const [v, end] = strtod(this.s, this.ptr, this.n);
    if (end === this.ptr) return this.setError(t, "invalid number");
    t.type = T_NUMBER;
    t.num = v;
    this.ptr = end;
  }

  private string(t: Token): void {
    const s = this.s;
    const n = this.n;
    let p = this.ptr + 1;
    // Fast path: no escapes, the bytes are the string.
    let q = p;
    while (q < n && s[q] !== 34 && s[q] !== 92) q++;
    if (q < n && s[q] === 34) {
      t.type = T_STRING;
      t.str = s.slice(p, q);
      this.ptr = q + 1;
      return;
    }
    const tmp = this.tmp;
    tmp.reset();
    tmp.bytes(s, p, q);
    p = q;
    for (;;) {
      if (p >= n) {
        this.ptr = p;
        return this.setError(t, "unexpected end of string");
      }
      const c = s[p];
      if (c === 34) break;
      if (c !== 92) {
        tmp.byte(c);
        p++;
        continue;
      }
      const e = p + 1 < n ? s[p + 1] : 0;
      let ch = -1;
      switch (e) {
        case 34:
        case 92:
        case 47:
          ch = e;
          break;
        case 98:
          ch = 8;
          break;
        case 102:
          ch = 12;
          break;
        case 110:
          ch = 10;
          break;
        case 114:
          ch = 13;
          break;
        case 116:
          ch = 9;
          break;
        case 117: {
          let cp = p + 6 <= n ? hex4(s, p + 2) : -1;
          let len = 6;
          if (cp >= 0 && (cp & 0xf800) === 0xd800) {
            if (cp & 0x400 || s[p + 6] !== 92 || s[p + 7] !== 117 || p + 12 > n) cp = -1;
            else {
              const low = hex4(s, p + 8);
              if (low < 0 || (low & 0xfc00) !== 0xdc00) cp = -1;
              else {
                cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
                len = 12;
              }
            }
          }
          if (cp < 0) {
            this.ptr = p;
            return this.setError(t, "invalid unicode escape code");
          }
          utf8(tmp, cp);
          p += len;
          continue;
        }
      }
      if (ch < 0) {
        this.ptr = p;
        return this.setError(t, "invalid escape code");
      }
      tmp.byte(ch);
      p += 2;
    }
    t.type = T_STRING;
    t.str = tmp.take();
    this.ptr = p + 1;
  }
}

/** Reads a token's type through a call, so TypeScript does not keep a narrowing across `next(t)`. */
const tokenType = (t: Token): number => t.type;

function parseError(expected: string, t: Token): CodecError {
  const found = t.type === T_ERROR ? t.err : TOKEN_NAMES[t.type];
  return new CodecError(`Expected ${expected} but found ${found} at character ${t.index + 1}`);
}

/** Opens `cjson` into the globals. */
export function openCjson(L: LuaState, f: Fengari): void {
  pushModule(L, f);
  f.lua.lua_setglobal(L, f.to_luastring("cjson"));
}

function pushModule(L: LuaState, f: Fengari): void {
  const { lua, lauxlib, to_luastring } = f;
  const cfg = newConfig();
  const out = new ByteBuilder(256);
  const { LUA_TSTRING, LUA_TNUMBER, LUA_TBOOLEAN, LUA_TTABLE, LUA_TNIL, LUA_TLIGHTUSERDATA } = lua;

  const typeName = (L: LuaState, idx: number) => f.to_jsstring(lauxlib.luaL_typename(L, idx));

  /** lua_array_length: the array length of the table on top, or -1 when it must be an object. */
  const arrayLength = (L: LuaState): number => {
    let max = 0;
    let items = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      if (lua.lua_type(L, -2) === LUA_TNUMBER) {
        const k = lua.lua_tonumber(L, -2);
        if (k !== 0 && Math.floor(k) === k && k >= 1) {
          if (k > max) max = k;
          items++;
          lua.lua_pop(L, 1);
          continue;
        }
      }
      lua.lua_pop(L, 2);
      return -1;
    }
    if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
      if (!cfg.sparseConvert) throw new CodecError("Cannot serialise table: excessively sparse array");
      return -1;
    }
    return max;
  };

  const appendData = (L: LuaState, depth: number): void => {
    switch (lua.lua_type(L, -1)) {
      case LUA_TSTRING:
        appendString(out, lua.lua_tolstring(L, -1)!);
        return;
      case LUA_TNUMBER:
        out.ascii(formatJsonNumber(lua.lua_tonumber(L, -1), cfg));
        return;
      case LUA_TBOOLEAN:
        out.ascii(lua.lua_toboolean(L, -1) ? "true" : "false");
        return;
      case LUA_TNIL:
        out.ascii("null");
        return;
      case LUA_TLIGHTUSERDATA:
        if (lua.lua_touserdata(L, -1) === LUA_NULL) {
          out.ascii("null");
          return;
        }
        break;
      case LUA_TTABLE: {
        depth++;
        if (depth > cfg.encodeMaxDepth || !lua.lua_checkstack(L, 3)) {
          throw new CodecError(`Cannot serialise, excessive nesting (${depth})`);
        }
        const len = arrayLength(L);
        if (len > 0) {
          out.byte(91);
          for (let i = 1; i <= len; i++) {
            if (i > 1) out.byte(44);
            lua.lua_rawgeti(L, -1, i);
            appendData(L, depth);
            lua.lua_pop(L, 1);
          }
          out.byte(93);
          return;
        }
        out.byte(123);
        let comma = false;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          if (comma) out.byte(44);
          else comma = true;
          const kt = lua.lua_type(L, -2);
          if (kt === LUA_TNUMBER) {
            out.byte(34);
            out.ascii(formatJsonNumber(lua.lua_tonumber(L, -2), cfg));
            out.ascii('":');
          } else if (kt === LUA_TSTRING) {
            appendString(out, lua.lua_tolstring(L, -2)!);
            out.byte(58);
          } else {
            throw new CodecError(`Cannot serialise ${typeName(L, -2)}: table key must be a number or string`);
          }
          appendData(L, depth);
          lua.lua_pop(L, 1);
        }
        out.byte(125);
        return;
      }
    }
    throw new CodecError(`Cannot serialise ${typeName(L, -1)}: type not supported`);
  };

  const encode: LuaCFunction = (L) => {
    if (lua.lua_gettop(L) !== 1) lauxlib.luaL_argerror(L, 1, to_luastring("expected 1 argument"));
    out.reset();
    const top = lua.lua_gettop(L);
    try {
      appendData(L, 0);
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      lua.lua_settop(L, top);
      lauxlib.luaL_error(L, to_luastring(e.message));
    }
    f.pushOwnedBytes(L, out.take());
    if (out.buf.length > 1 << 20) out.buf = new Uint8Array(256);
    return 1;
  };

  const tok: Token = { type: 0, index: 0, num: 0, bool: false, str: null, err: "" };

  const value = (L: LuaState, p: Parser, t: Token): void => {
    switch (t.type) {
      case T_STRING:
        f.pushOwnedBytes(L, t.str!);
        return;
      case T_NUMBER:
        lua.lua_pushnumber(L, t.num);
        return;
      case T_BOOLEAN:
        lua.lua_pushboolean(L, t.bool);
        return;
      case T_NULL:
        lua.lua_pushlightuserdata(L, LUA_NULL);
        return;
      case T_OBJ_BEGIN:
      case T_ARR_BEGIN: {
        const isObj = t.type === T_OBJ_BEGIN;
        p.depth++;
        if (p.depth > cfg.decodeMaxDepth || !lua.lua_checkstack(L, isObj ? 3 : 2)) {
          throw new CodecError(`Found too many nested data structures (${p.depth}) at character ${p.ptr}`);
        }
        lua.lua_createtable(L, 0, 0);
        p.next(t);
        if (tokenType(t) === (isObj ? T_OBJ_END : T_ARR_END)) {
          p.depth--;
          return;
        }
        for (let i = 1; ; i++) {
          if (isObj) {
            if (tokenType(t) !== T_STRING) throw parseError("object key string", t);
            f.pushOwnedBytes(L, t.str!);
            p.next(t);
            if (tokenType(t) !== T_COLON) throw parseError("colon", t);
            p.next(t);
            value(L, p, t);
            lua.lua_rawset(L, -3);
          } else {
            value(L, p, t);
            lua.lua_rawseti(L, -2, i);
          }
          p.next(t);
          if (tokenType(t) === (isObj ? T_OBJ_END : T_ARR_END)) {
            p.depth--;
            return;
          }
          if (tokenType(t) !== T_COMMA)
            throw parseError(isObj ? "comma or object end" : "comma or array end", t);
          p.next(t);
        }
      }
    }
    throw parseError("value", t);
  };

  const decode: LuaCFunction = (L) => {
    if (lua.lua_gettop(L) !== 1) lauxlib.luaL_argerror(L, 1, to_luastring("expected 1 argument"));
    const s = lauxlib.luaL_checklstring(L, 1);
    if (s.length >= 2 && (s[0] === 0 || s[1] === 0)) {
      lauxlib.luaL_error(L, to_luastring("JSON parser does not support UTF-16 or UTF-32"));
    }
    const p = new Parser(s, cfg);
    try {
      p.next(tok);
      value(L, p, tok);
      p.next(tok);
      if (tok.type !== T_END) throw parseError("the end", tok);
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      lua.lua_settop(L, 1);
      lauxlib.luaL_error(L, to_luastring(e.message));
    }
    return 1;
  };

  /** json_arg_init: at most `max` arguments, the missing ones nil (the results are pushed after them). */
  const argInit = (L: LuaState, max: number) => {
    if (lua.lua_gettop(L) > max) lauxlib.luaL_argerror(L, max + 1, to_luastring("found too many arguments"));
    lua.lua_settop(L, max);
  };
  const isNoneOrNil = (L: LuaState, i: number) => lua.lua_type(L, i) <= 0;
  const intOption = (L: LuaState, i: number, min: number, max: number, current: number): number => {
    if (isNoneOrNil(L, i)) return current;
    const v = lauxlib.luaL_checkinteger(L, i);
    if (v < min || v > max) {
      lauxlib.luaL_argerror(L, i, to_luastring(`expected integer between ${min} and ${max}`));
    }
    return v;
  };
  /** json_enum_option: a boolean or one of `options`; pushes the setting back. */
  const enumOption = (L: LuaState, i: number, current: number, options: string[]): number => {
    let v = current;
    if (!isNoneOrNil(L, i)) {
      if (lua.lua_type(L, i) === LUA_TBOOLEAN) v = lua.lua_toboolean(L, i) ? 1 : 0;
      else {
        const s = f.to_jsstring(lauxlib.luaL_checkstring(L, i));
        v = options.indexOf(s);
        if (v < 0) lauxlib.luaL_argerror(L, i, to_luastring(`invalid option '${s}'`));
      }
    }
    if (v <= 1) lua.lua_pushboolean(L, v === 1);
    else lua.lua_pushstring(L, to_luastring(options[v]));
    return v;
  };
  const ON_OFF = ["off", "on"];
  const INT_MAX = 2147483647;

  const fns: Record<string, LuaCFunction> = {
    encode,
    decode,
    encode_sparse_array(L) {
      argInit(L, 3);
      cfg.sparseConvert = enumOption(L, 1, cfg.sparseConvert ? 1 : 0, ON_OFF) === 1;
      cfg.sparseRatio = intOption(L, 2, 0, INT_MAX, cfg.sparseRatio);
      cfg.sparseSafe = intOption(L, 3, 0, INT_MAX, cfg.sparseSafe);
      lua.lua_pushnumber(L, cfg.sparseRatio);
      lua.lua_pushnumber(L, cfg.sparseSafe);
      return 3;
    },
    encode_max_depth(L) {
      argInit(L, 1);
      cfg.encodeMaxDepth = intOption(L, 1, 1, INT_MAX, cfg.encodeMaxDepth);
      lua.lua_pushnumber(L, cfg.encodeMaxDepth);
      return 1;
    },
    decode_max_depth(L) {
      argInit(L, 1);
      cfg.decodeMaxDepth = intOption(L, 1, 1, INT_MAX, cfg.decodeMaxDepth);
      lua.lua_pushnumber(L, cfg.decodeMaxDepth);
      return 1;
    },
    encode_number_precision(L) {
      argInit(L, 1);
      cfg.precision = intOption(L, 1, 1, 14, cfg.precision);
      lua.lua_pushnumber(L, cfg.precision);
      return 1;
    },
    encode_keep_buffer(L) {
      argInit(L, 1);
      cfg.keepBuffer = enumOption(L, 1, cfg.keepBuffer ? 1 : 0, ON_OFF) === 1;
      return 1;
    },
    encode_invalid_numbers(L) {
      argInit(L, 1);
      cfg.encodeInvalid = enumOption(L, 1, cfg.encodeInvalid, ["off", "on", "null"]);
      return 1;
    },
    decode_invalid_numbers(L) {
      argInit(L, 1);
      cfg.decodeInvalid = enumOption(L, 1, cfg.decodeInvalid ? 1 : 0, ON_OFF) === 1;
      return 1;
    },
    new(L) {
      pushModule(L, f);
      return 1;
    },
  };

  lua.lua_createtable(L, 0, 12);
  for (const [name, fn] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_pushlightuserdata(L, LUA_NULL);
  lua.lua_setfield(L, -2, to_luastring("null"));
  lua.lua_pushliteral(L, "cjson");
  lua.lua_setfield(L, -2, to_luastring("_NAME"));
  lua.lua_pushliteral(L, "2.1.0");
  lua.lua_setfield(L, -2, to_luastring("_VERSION"));
}
