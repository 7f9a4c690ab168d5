/**
 * Redis 7.0's Lua environment on top of fengari: Lua 5.1 numbers and standard-library differences, C
 * printf's string.format, and the libraries Redis bundles (cjson, cmsgpack, bit, struct).
 *
 * @example
 * const f = loadFengari();
 * const L = f.lauxlib.luaL_newstate();
 * f.lualib.luaL_openlibs(L);
 * openRedisLibs(L);
 */
import { openBit } from "./bit.ts";
import { openCjson } from "./cjson.ts";
import { openCmsgpack } from "./cmsgpack.ts";
import { type LuaState, loadFengari } from "./fengari.ts";
import { lua51Semantics } from "./lua51.ts";
import { openStringFormat } from "./string-format.ts";
import { openStruct } from "./struct.ts";

export { toBit } from "./bit.ts";
export { LUA_NULL } from "./cjson.ts";
export { type Fengari, type LuaCFunction, type LuaState, type LuaString, loadFengari } from "./fengari.ts";
export { lua51Semantics, str2number } from "./lua51.ts";
export { formatLuaNumber } from "./numfmt.ts";

/**
 * The globals a Redis 7.0.15 script sees (`pairs(_G)` on the real server). Everything else fengari's
 * standard libraries define (print, os, io, debug, require, package, dofile, loadfile...) is not there.
 */
export const REDIS_GLOBALS: readonly string[] = [
  "ARGV",
  "KEYS",
  "_G",
  "_VERSION",
  "__redis__err__handler",
  "assert",
  "bit",
  "cjson",
  "cmsgpack",
  "collectgarbage",
  "coroutine",
  "error",
  "gcinfo",
  "getmetatable",
  "ipairs",
  "load",
  "loadstring",
  "math",
  "next",
  "pairs",
  "pcall",
  "rawequal",
  "rawget",
  "rawset",
  "redis",
  "select",
  "setmetatable",
  "string",
  "struct",
  "table",
  "tonumber",
  "tostring",
  "type",
  "unpack",
  "xpcall",
];

/**
 * Opens Redis's Lua libraries into `L`, which must already have fengari's standard libraries
 * (luaL_openlibs). It does not remove the globals Redis removes (see REDIS_GLOBALS): the engine does
 * that when it seals the globals, after using what it needs.
 */
export function openRedisLibs(L: LuaState): void {
  lua51Semantics(L);
  const f = loadFengari();
  openStringFormat(L, f);
  openCjson(L, f);
  openCmsgpack(L, f);
  openBit(L, f);
  openStruct(L, f);
}
