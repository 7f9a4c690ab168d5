/**
 * The one way to load fengari (Lua 5.3 in JS) in redbun: `loadFengari()` applies the Lua 5.1 number
 * semantics (lua51.ts) *before* fengari's libraries are evaluated, because those libraries copy the API
 * functions they use out of the module objects at load time (`const { lua_pushinteger } = require(...)`);
 * a patch applied after them would never be seen. So nothing in redbun may `import "fengari"` statically:
 * always go through this loader.
 *
 * @example
 * const { lua, lauxlib, lualib } = loadFengari();
 * const L = lauxlib.luaL_newstate();
 */

/** A fengari `lua_State`; opaque to TypeScript. */
export type LuaState = { readonly __luaState: unique symbol };
/** A Lua string: fengari represents them as byte arrays. */
export type LuaString = Uint8Array;
export type LuaCFunction = (L: LuaState) => number;
type Str = LuaString | string;

/** The part of fengari's `lua` API redbun uses (names as in the C API). */
export interface LuaApi {
  LUA_TNONE: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TLIGHTUSERDATA: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  LUA_TFUNCTION: number;
  LUA_TUSERDATA: number;
  LUA_TTHREAD: number;
  LUA_OK: number;
  LUA_ERRRUN: number;
  LUA_ERRSYNTAX: number;
  LUA_MULTRET: number;
  LUA_REGISTRYINDEX: number;
  lua_absindex(L: LuaState, idx: number): number;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_pcall(L: LuaState, nargs: number, nresults: number, errfunc: number): number;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_concat(L: LuaState, n: number): void;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_error(L: LuaState): never;
  lua_getfield(L: LuaState, idx: number, k: Str): number;
  lua_getglobal(L: LuaState, name: Str): number;
  lua_getmetatable(L: LuaState, idx: number): boolean;
  lua_gettop(L: LuaState): number;
  lua_insert(L: LuaState, idx: number): void;
  lua_isnumber(L: LuaState, idx: number): boolean;
  lua_isstring(L: LuaState, idx: number): boolean;
  lua_newtable(L: LuaState): void;
  lua_newuserdata(L: LuaState, size: number): unknown;
  lua_next(L: LuaState, idx: number): boolean;
  lua_pop(L: LuaState, n: number): void;
  lua_pushboolean(L: LuaState, b: boolean | number): void;
  lua_pushcfunction(L: LuaState, f: LuaCFunction): void;
  lua_pushcclosure(L: LuaState, f: LuaCFunction, n: number): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushlightuserdata(L: LuaState, p: unknown): void;
  lua_pushliteral(L: LuaState, s: string): void;
  lua_pushlstring(L: LuaState, s: Str, len: number): void;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: Str): void;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_rawequal(L: LuaState, a: number, b: number): boolean;
  lua_rawget(L: LuaState, idx: number): number;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawlen(L: LuaState, idx: number): number;
  lua_rawset(L: LuaState, idx: number): void;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_remove(L: LuaState, idx: number): void;
  lua_replace(L: LuaState, idx: number): void;
  lua_setfield(L: LuaState, idx: number, k: Str): void;
  lua_setglobal(L: LuaState, name: Str): void;
  lua_settable(L: LuaState, idx: number): void;
  lua_gettable(L: LuaState, idx: number): number;
  lua_setmetatable(L: LuaState, idx: number): void;
  lua_settop(L: LuaState, idx: number): void;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tolstring(L: LuaState, idx: number): LuaString | null;
  lua_tonumber(L: LuaState, idx: number): number;
  lua_tonumberx(L: LuaState, idx: number): number | false;
  lua_topointer(L: LuaState, idx: number): unknown;
  lua_tostring(L: LuaState, idx: number): LuaString | null;
  lua_touserdata(L: LuaState, idx: number): unknown;
  lua_type(L: LuaState, idx: number): number;
  lua_upvalueindex(i: number): number;
}

/** The part of fengari's `lauxlib` redbun uses. */
export interface LauxApi {
  luaL_argerror(L: LuaState, arg: number, msg: Str): never;
  luaL_checkany(L: LuaState, arg: number): void;
  luaL_checkinteger(L: LuaState, arg: number): number;
  luaL_checklstring(L: LuaState, arg: number): LuaString;
  luaL_checknumber(L: LuaState, arg: number): number;
  luaL_checkstack(L: LuaState, n: number, msg: Str | null): void;
  luaL_checkstring(L: LuaState, arg: number): LuaString;
  luaL_checktype(L: LuaState, arg: number, t: number): void;
  luaL_error(L: LuaState, fmt: Str, ...args: unknown[]): never;
  luaL_loadbuffer(L: LuaState, buf: Str, size: number | null, name: Str | null): number;
  luaL_loadstring(L: LuaState, s: Str): number;
  luaL_newstate(): LuaState;
  luaL_optinteger(L: LuaState, arg: number, def: number): number;
  luaL_optnumber(L: LuaState, arg: number, def: number): number;
  luaL_tolstring(L: LuaState, idx: number): LuaString;
  luaL_typename(L: LuaState, idx: number): LuaString;
  luaL_where(L: LuaState, level: number): void;
}

export interface Fengari {
  lua: LuaApi;
  lauxlib: LauxApi;
  lualib: { luaL_openlibs(L: LuaState): void };
  to_luastring(s: string, cache?: boolean): LuaString;
  to_jsstring(s: LuaString, from?: number, to?: number, replacementChar?: boolean): string;
  /** Pushes `bytes` as a Lua string without copying them: the caller gives up the array. */
  pushOwnedBytes(L: LuaState, bytes: Uint8Array): void;
  /**
   * A Lua string object to push many times (pushStringObject): its table key is computed once,
   * where pushing the bytes would make a new string object, and a new key, every time.
   */
  newStringObject(bytes: Uint8Array): LuaStringObject;
  pushStringObject(L: LuaState, s: LuaStringObject): void;
}

/** A fengari TString; opaque to TypeScript. */
export type LuaStringObject = { readonly __luaTString: unique symbol };

let loaded: Fengari | null = null;

/** Loads fengari once, with redbun's Lua 5.1 patches applied first. */
export function loadFengari(): Fengari {
  if (loaded) return loaded;
  const { applyLua51Core } = require("./lua51.ts") as typeof import("./lua51.ts");
  applyLua51Core();
  const f = require("fengari");
  const lstring = require("fengari/src/lstring.js");
  const lobject = require("fengari/src/lobject.js");
  const { luaS_bless } = lstring;
  const { pushsvalue2s } = lobject;
  loaded = {
    lua: f.lua,
    lauxlib: f.lauxlib,
    lualib: f.lualib,
    to_luastring: f.to_luastring,
    to_jsstring: f.to_jsstring,
    pushOwnedBytes(L, bytes) {
      pushsvalue2s(L, luaS_bless(L, bytes));
    },
    // luaS_bless does not use its lua_State.
    newStringObject: (bytes) => luaS_bless(null, bytes.slice()),
    pushStringObject: pushsvalue2s,
  };
  const { checkLua51Applied } = require("./lua51.ts") as typeof import("./lua51.ts");
  checkLua51Applied(loaded);
  return loaded;
}
