/** A fengari state with Redis's libraries, and `run(code)` returning the chunk's first result. */
import { type LuaState, loadFengari, openRedisLibs } from "../../src/scripting/lib/index.ts";

export type LuaValue = string | number | boolean | null | Uint8Array;

export function newLuaState(): {
  L: LuaState;
  run: (code: string) => LuaValue;
  bytes: (code: string) => Uint8Array;
} {
  const f = loadFengari();
  const { lua, lauxlib, lualib, to_luastring, to_jsstring } = f;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  openRedisLibs(L);
  const exec = (code: string): void => {
    if (
      lauxlib.luaL_loadstring(L, to_luastring(code)) !== lua.LUA_OK ||
      lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK
    ) {
      const msg = to_jsstring(lua.lua_tostring(L, -1) ?? to_luastring("?"));
      lua.lua_settop(L, 0);
      throw new Error(msg);
    }
  };
  const run = (code: string): LuaValue => {
    exec(code);
    const t = lua.lua_type(L, -1);
    let v: LuaValue = null;
    if (t === lua.LUA_TNUMBER) v = lua.lua_tonumber(L, -1);
    else if (t === lua.LUA_TBOOLEAN) v = lua.lua_toboolean(L, -1);
    else if (t === lua.LUA_TSTRING) v = to_jsstring(lua.lua_tostring(L, -1)!);
    lua.lua_settop(L, 0);
    return v;
  };
  const bytes = (code: string): Uint8Array => {
    exec(code);
    const b = Uint8Array.from(lua.lua_tolstring(L, -1) ?? []);
    lua.lua_settop(L, 0);
    return b;
  };
  return { L, run, bytes };
}

export const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");
