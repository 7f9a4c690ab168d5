/**
 * Lua 5.1 number semantics for fengari (Lua 5.3), applied once per process by patching fengari's module
 * objects. Redis runs Lua 5.1, where every number is a double; fengari has a 32-bit integer subtype that
 * scripts would see: `10/2` printing "5.0", `2^53` printing "9.007199254741e+15" only by luck, integer
 * arithmetic wrapping at 2^31, `string.rep("a", 2.5)` refusing a non-integral count.
 *
 * - numerals and string coercions parse as doubles with the syntax of 5.1's luaO_str2d over glibc strtod
 *   (so "0x10", "1e5", " 7 ", "inf" and "nan" are numbers, as in Redis);
 * - numbers print as C's "%.14g" (fengari's float formatting sees them through luaconf.lua_number2str);
 * - the integer subtype is folded into the float one: TValue's `ttisinteger` is always false and
 *   `setivalue` stores a float, so the VM takes its float path for every operation;
 * - `%` is 5.1's `a - floor(a/b)*b`;
 * - `lua_tointeger` truncates like 5.1's C cast instead of refusing non-integral numbers.
 *
 * Order matters: fengari's modules copy what they import at load time, so each module is patched before
 * the modules that import from it are first required (see fengari.ts).
 */
import { bytesToKey } from "../../protocol/bytes.ts";
import { type Fengari, type LuaCFunction, type LuaState, loadFengari } from "./fengari.ts";
import { applyFengariSpeed } from "./fengari-speed.ts";
import { formatLuaNumber } from "./numfmt.ts";
import { applyStringKeys } from "./string-keys.ts";

const MAXINT = 2147483647;
const MININT = -2147483648;

let applied = false;

/** A Lua string holding a number as Lua 5.1 reads it, or `undefined` when it is not one. */
export function str2number(s: Uint8Array): number | undefined {
  const n = s.length;
  let i = 0;
  while (i < n && isSpace(s[i])) i++;
  const start = i;
  let c = s[i];
  if (c === 43 || c === 45) c = s[++i];
  let value: number;
  if (c === 48 && (s[i + 1] === 120 || s[i + 1] === 88)) {
    const hex = parseHex(s, i + 2, c === 48 && s[start] === 45);
    if (hex === undefined) return undefined;
    value = hex.value;
    i = hex.end;
  } else if (c === 105 || c === 73 || c === 110 || c === 78) {
    const word = parseInfNan(s, i);
    if (word === undefined) return undefined;
    value = s[start] === 45 ? -word.value : word.value;
    i = word.end;
  } else {
    // Decimal: digits [. digits] [e [+-] digits], at least one digit in the mantissa.
    let digits = 0;
    let intVal = 0;
    let simple = true;
    while (i < n && s[i] >= 48 && s[i] <= 57) {
      intVal = intVal * 10 + (s[i] - 48);
      digits++;
      i++;
    }
    if (s[i] === 46) {
      simple = false;
      i++;
      while (i < n && s[i] >= 48 && s[i] <= 57) {
        digits++;
        i++;
      }
    }
    if (digits === 0) return undefined;
    if (s[i] === 101 || s[i] === 69) {
      let j = i + 1;
      if (s[j] === 43 || s[j] === 45) j++;
      if (s[j] >= 48 && s[j] <= 57) {
        simple = false;
        while (j < n && s[j] >= 48 && s[j] <= 57) j++;
        i = j;
      }
    }
    if (simple && digits <= 15) value = s[start] === 45 ? -intVal : intVal;
    else value = Number(bytesToKey(s.subarray(start, i)));
  }
  while (i < n && isSpace(s[i])) i++;
  // 5.1 reads the string as a C string: an embedded zero ends it.
  if (i < n && s[i] !== 0) return undefined;
  return value;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** glibc strtod's hexadecimal form: hex digits [. hex digits] [p [+-] digits]. */
function parseHex(s: Uint8Array, i: number, negative: boolean): { value: number; end: number } | undefined {
  let mant = 0;
  let scale = 0;
  let digits = 0;
  for (let d = hexDigit(s[i]); d >= 0; d = hexDigit(s[++i])) {
    mant = mant * 16 + d;
    digits++;
  }
  if (s[i] === 46) {
    for (let d = hexDigit(s[++i]); d >= 0; d = hexDigit(s[++i])) {
      mant = mant * 16 + d;
      scale -= 4;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (s[i] === 112 || s[i] === 80) {
    let j = i + 1;
    let sign = 1;
    if (s[j] === 43 || s[j] === 45) sign = s[j++] === 45 ? -1 : 1;
    if (s[j] >= 48 && s[j] <= 57) {
      let e = 0;
      while (s[j] >= 48 && s[j] <= 57) e = Math.min(e * 10 + (s[j++] - 48), 100000);
      scale += sign * e;
      i = j;
    }
  }
  const value = mant * 2 ** scale;
  return { value: negative ? -value : value, end: i };
}

function matchWord(s: Uint8Array, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((s[i + k] | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

function parseInfNan(s: Uint8Array, i: number): { value: number; end: number } | undefined {
  if (matchWord(s, i, "infinity")) return { value: Infinity, end: i + 8 };
  if (matchWord(s, i, "inf")) return { value: Infinity, end: i + 3 };
  if (matchWord(s, i, "nan")) {
    let end = i + 3;
    if (s[end] === 40) {
      let j = end + 1;
      while (
        j < s.length &&
        (hexDigit(s[j]) >= 0 || ((s[j] | 0x20) >= 97 && (s[j] | 0x20) <= 122) || s[j] === 95)
      )
        j++;
      if (s[j] === 41) end = j + 1;
    }
    return { value: Number.NaN, end };
  }
  return undefined;
}

/** 5.1's lua_number2integer: a C cast, clamped to fengari's 32-bit integers. */
function truncate(n: number): number {
  if (Number.isNaN(n)) return MININT;
  if (n >= MAXINT) return MAXINT;
  if (n <= MININT) return MININT;
  return Math.trunc(n);
}

const asciiCache = new Map<string, Uint8Array>();

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = s.charCodeAt(k);
  return out;
}

/** Patches fengari's core modules; must run before anything requires "fengari" (see fengari.ts). */
export function applyLua51Core(): void {
  if (applied) return;
  applied = true;
  // defs before luaconf: they require each other and only this order initialises both (it is fengari's).
  const { LUA_TNUMFLT } = require("fengari/src/defs.js").constant_types;
  const luaconf = require("fengari/src/luaconf.js");
  luaconf.lua_number2str = formatLuaNumber;
  luaconf.LUA_COMPAT_FLOATSTRING = true;

  const llimits = require("fengari/src/llimits.js");
  llimits.luai_nummod = (_L: unknown, a: number, b: number) => a - Math.floor(a / b) * b;

  // Before lapi loads the modules that copy lstring's functions (see string-keys.ts).
  applyStringKeys();
  // lapi first: it loads fengari's core in the order fengari's own entry point does (the core modules
  // require each other in a cycle that only resolves from that end).
  const lapi = require("fengari/src/lapi.js");
  applyFengariSpeed();
  // 5.1 quotes every token in syntax errors ("near '<eof>'", "'<name>' expected"); 5.3 leaves these bare.
  const { luaX_tokens } = require("fengari/src/llex.js");
  const { to_jsstring, to_luastring } = require("fengari/src/fengaricore.js");
  for (let i = 0; i < luaX_tokens.length; i++) {
    const name = to_jsstring(luaX_tokens[i]);
    if (name.startsWith("<")) luaX_tokens[i] = to_luastring(`'${name}'`);
  }
  const lobject = require("fengari/src/lobject.js");
  const lstring = require("fengari/src/lstring.js");
  const proto = lobject.TValue.prototype;
  proto.ttisinteger = () => false;
  proto.ttisfloat = function (this: { type: number }) {
    return (this.type & 0x0f) === 3;
  };
  proto.setivalue = function (this: { type: number; value: unknown }, x: number) {
    this.type = LUA_TNUMFLT;
    this.value = x;
  };
  lobject.luaO_str2num = (s: Uint8Array, o: { setfltvalue(x: number): void }) => {
    const v = str2number(s);
    if (v === undefined) return 0;
    o.setfltvalue(v);
    return s.length + 1;
  };
  // Small integers are the common case (lengths, indexes, counters): cache their byte strings.
  lobject.luaO_tostring = (L: unknown, obj: { value: number; setsvalue(ts: unknown): void }) => {
    const s = formatLuaNumber(obj.value);
    let bytes = s.length <= 4 ? asciiCache.get(s) : undefined;
    if (bytes === undefined) {
      bytes = ascii(s);
      if (s.length <= 4 && asciiCache.size < 20000) asciiCache.set(s, bytes);
    }
    obj.setsvalue(lstring.luaS_bless(L, bytes));
  };

  lapi.lua_pushinteger = lapi.lua_pushnumber;
  lapi.lua_tointegerx = (L: unknown, idx: number) => {
    const n = lapi.lua_tonumberx(L, idx);
    return n === false ? false : truncate(n);
  };
  lapi.lua_tointeger = (L: unknown, idx: number) => {
    const n = lapi.lua_tonumberx(L, idx);
    return n === false ? 0 : truncate(n);
  };
}

/** Fails loudly when fengari's libraries were loaded before the patches (a static `import "fengari"`). */
export function checkLua51Applied(f: { lua: { lua_pushinteger: unknown; lua_pushnumber: unknown } }): void {
  if (f.lua.lua_pushinteger !== f.lua.lua_pushnumber) {
    throw new Error(
      "fengari was loaded before loadFengari(): import it only through src/scripting/lib/fengari.ts",
    );
  }
}

/** What Redis 7.0's Lua 5.1 has in its standard tables (`pairs(math)` etc. on redis-server 7.0.15). */
const REDIS_TABLES: Record<string, readonly string[]> = {
  math: "abs acos asin atan atan2 ceil cos cosh deg exp floor fmod frexp huge ldexp log log10 max min mod modf pi pow rad random randomseed sin sinh sqrt tan tanh".split(
    " ",
  ),
  string: "byte char dump find format gfind gmatch gsub len lower match rep reverse sub upper".split(" "),
  table: "concat foreach foreachi getn insert maxn remove setn sort".split(" "),
  coroutine: "create resume running status wrap yield".split(" "),
};

/** Base globals Lua 5.3 has and Redis's 5.1 does not. */
const NOT_IN_51 = ["rawlen", "utf8"];

/**
 * Gives a state that has fengari's standard libraries Redis's 5.1 versions of them: the 5.1 functions
 * 5.3 dropped (unpack, loadstring, gcinfo, math.pow/mod/log10/ldexp/frexp/cosh/sinh/tanh/atan2,
 * string.gfind, table.getn/setn/maxn/foreach/foreachi), 5.1's `load` (functions only) and `math.log`
 * (no base), and without what 5.3 added (math.type, string.pack, table.move, utf8...).
 */
export function openLua51Libs(L: LuaState, f: Fengari): void {
  const { lua, lauxlib, to_luastring } = f;
  // Every C function below uses the lua_State it is called with, never `L` (scripts can run in threads).
  const set = (table: string, name: string, fn: LuaCFunction) => {
    lua.lua_getglobal(L, to_luastring(table));
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
    lua.lua_pop(L, 1);
  };
  const alias = (table: string, name: string, fromTable: string, from: string) => {
    lua.lua_getglobal(L, to_luastring(table));
    lua.lua_getglobal(L, to_luastring(fromTable));
    lua.lua_getfield(L, -1, to_luastring(from));
    lua.lua_setfield(L, -3, to_luastring(name));
    lua.lua_pop(L, 2);
  };
  const unary = (table: string, name: string, fn: (x: number) => number) =>
    set(table, name, (L) => {
      lua.lua_pushnumber(L, fn(lauxlib.luaL_checknumber(L, 1)));
      return 1;
    });

  unary("math", "cosh", Math.cosh);
  unary("math", "sinh", Math.sinh);
  unary("math", "tanh", Math.tanh);
  unary("math", "log10", Math.log10);
  unary("math", "log", Math.log);
  const num = lauxlib.luaL_checknumber;
  set("math", "atan2", (L) => {
    lua.lua_pushnumber(L, Math.atan2(num(L, 1), num(L, 2)));
    return 1;
  });
  set("math", "pow", (L) => {
    lua.lua_pushnumber(L, num(L, 1) ** num(L, 2));
    return 1;
  });
  set("math", "ldexp", (L) => {
    lua.lua_pushnumber(L, ldexp(num(L, 1), lauxlib.luaL_checkinteger(L, 2)));
    return 1;
  });
  set("math", "frexp", (L) => {
    const [m, e] = frexp(num(L, 1));
    lua.lua_pushnumber(L, m);
    lua.lua_pushnumber(L, e);
    return 2;
  });
  alias("math", "mod", "math", "fmod");
  alias("string", "gfind", "string", "gmatch");
  alias("_G", "unpack", "table", "unpack");

  set("table", "getn", (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lua.lua_pushnumber(L, lua.lua_rawlen(L, 1));
    return 1;
  });
  set("table", "setn", (L) => lauxlib.luaL_error(L, to_luastring("'setn' is obsolete")));
  set("table", "maxn", (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    let max = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, 1)) {
      lua.lua_pop(L, 1);
      if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
        const v = lua.lua_tonumber(L, -1);
        if (v > max) max = v;
      }
    }
    lua.lua_pushnumber(L, max);
    return 1;
  });
  set("table", "foreach", (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, 1)) {
      lua.lua_pushvalue(L, 2);
      lua.lua_pushvalue(L, -3);
      lua.lua_pushvalue(L, -3);
      lua.lua_call(L, 2, 1);
      if (lua.lua_type(L, -1) !== lua.LUA_TNIL) return 1;
      lua.lua_pop(L, 2);
    }
    return 0;
  });
  set("table", "foreachi", (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    const n = lua.lua_rawlen(L, 1);
    for (let i = 1; i <= n; i++) {
      lua.lua_pushvalue(L, 2);
      lua.lua_pushnumber(L, i);
      lua.lua_rawgeti(L, 1, i);
      lua.lua_call(L, 2, 1);
      if (lua.lua_type(L, -1) !== lua.LUA_TNIL) return 1;
      lua.lua_pop(L, 1);
    }
    return 0;
  });

  // 5.1's loadstring; Redis refuses precompiled chunks (they could break the VM): nil plus a message.
  lua.lua_pushcfunction(L, (L) => {
    const s = lauxlib.luaL_checklstring(L, 1);
    const name = lua.lua_type(L, 2) > 0 ? lauxlib.luaL_checklstring(L, 2) : s;
    if (s.length > 0 && s[0] === 27) {
      lua.lua_pushnil(L);
      lua.lua_pushliteral(L, "loadstring: binary chunks are not allowed");
      return 2;
    }
    if (lauxlib.luaL_loadbuffer(L, s, s.length, name) === lua.LUA_OK) return 1;
    lua.lua_pushnil(L);
    lua.lua_insert(L, -2);
    return 2;
  });
  lua.lua_setglobal(L, to_luastring("loadstring"));

  // 5.1's load only takes a reader function.
  lua.lua_getglobal(L, to_luastring("load"));
  lua.lua_pushcclosure(
    L,
    (L) => {
      lauxlib.luaL_checktype(L, 1, lua.LUA_TFUNCTION);
      const top = lua.lua_gettop(L);
      lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
      lua.lua_pushvalue(L, 1);
      if (top >= 2) lua.lua_pushvalue(L, 2);
      lua.lua_call(L, top >= 2 ? 2 : 1, lua.LUA_MULTRET);
      return lua.lua_gettop(L) - top;
    },
    1,
  );
  lua.lua_setglobal(L, to_luastring("load"));

  // fengari has no lua_gc: collectgarbage answers as 5.1 does, with the JS heap as the memory count.
  const gc = { pause: 200, stepmul: 200 };
  const memoryKb = () => process.memoryUsage().heapUsed / 1024;
  lua.lua_pushcfunction(L, (L) => {
    const opt = lua.lua_type(L, 1) > 0 ? f.to_jsstring(lauxlib.luaL_checkstring(L, 1)) : "collect";
    switch (opt) {
      case "count":
        lua.lua_pushnumber(L, memoryKb());
        return 1;
      case "step":
        lua.lua_pushboolean(L, false);
        return 1;
      case "setpause":
      case "setstepmul": {
        const key = opt === "setpause" ? "pause" : "stepmul";
        lua.lua_pushnumber(L, gc[key]);
        gc[key] = lauxlib.luaL_optinteger(L, 2, 0);
        return 1;
      }
      case "collect":
      case "stop":
      case "restart":
        lua.lua_pushnumber(L, 0);
        return 1;
    }
    return lauxlib.luaL_argerror(L, 1, to_luastring(`invalid option '${opt}'`));
  });
  lua.lua_setglobal(L, to_luastring("collectgarbage"));

  lua.lua_pushcfunction(L, (L) => {
    lua.lua_pushnumber(L, Math.floor(memoryKb()));
    return 1;
  });
  lua.lua_setglobal(L, to_luastring("gcinfo"));

  lua.lua_pushliteral(L, "Lua 5.1");
  lua.lua_setglobal(L, to_luastring("_VERSION"));

  // Lua 5.1 names a function in "bad argument" errors only from its call site ('?' under pcall); 5.3
  // also searches the loaded modules ('string.format'). An empty _LOADED makes that search find nothing.
  lua.lua_newtable(L);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, to_luastring("_LOADED"));

  for (const name of NOT_IN_51) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, to_luastring(name));
  }
  // Drop what 5.3 added to the standard tables.
  for (const table of Object.keys(REDIS_TABLES)) {
    const keep = new Set(REDIS_TABLES[table]);
    lua.lua_getglobal(L, to_luastring(table));
    const drop: Uint8Array[] = [];
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      const k = lua.lua_tostring(L, -1);
      if (k && !keep.has(f.to_jsstring(k))) drop.push(k);
    }
    for (const k of drop) {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, -2, k);
    }
    lua.lua_pop(L, 1);
  }
}

/**
 * The Lua 5.1 layer alone (number semantics and 5.1 standard library, without Redis's libraries), for
 * comparing VMs (scripts/compare-lua-vms.ts). Throws when fengari was loaded before loadFengari().
 */
export function lua51Semantics(L: unknown): void {
  // `unknown`: the comparison script holds fengari states untyped.
  openLua51Libs(L as LuaState, loadFengari());
}

function ldexp(m: number, e: number): number {
  // Two steps keep 2^e finite where m * 2^e is (e up to 2098 for subnormal m).
  if (e > 1023) return m * 2 ** 1023 * 2 ** (e - 1023);
  if (e < -1022) return m * 2 ** -1022 * 2 ** (e + 1022);
  return m * 2 ** e;
}

function frexp(x: number): [number, number] {
  if (x === 0 || Number.isNaN(x) || x === Infinity || x === -Infinity) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = ldexp(x, -e);
  // log2 can be off by one near powers of two.
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}
