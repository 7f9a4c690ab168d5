/**
 * `bit`: LuaBitOp 1.0 as Redis bundles it. Arguments become 32-bit integers the way LuaBitOp does it on
 * doubles: add 2^52+2^51 and keep the low 32 bits of the result (round to nearest even, wrap modulo 2^32),
 * so bit.tobit(2^31) is -2147483648 and bit.tobit(2.5) is 2; results are signed 32-bit numbers.
 */
import type { Fengari, LuaCFunction, LuaState } from "./fengari.ts";

const view = new DataView(new ArrayBuffer(8));

/** LuaBitOp's barg conversion of a double. */
export function toBit(x: number): number {
  view.setFloat64(0, x + 6755399441055744.0, true);
  return view.getInt32(0, true);
}

/** Opens `bit` into the globals. */
export function openBit(L: LuaState, f: Fengari): void {
  const { lua, lauxlib, to_luastring } = f;
  const arg = (L: LuaState, i: number): number => toBit(lauxlib.luaL_checknumber(L, i));
  const ret = (L: LuaState, b: number): number => {
    lua.lua_pushnumber(L, b | 0);
    return 1;
  };
  const fold =
    (op: (a: number, b: number) => number): LuaCFunction =>
    (L) => {
      let b = arg(L, 1);
      for (let i = lua.lua_gettop(L); i > 1; i--) b = op(b, arg(L, i));
      return ret(L, b);
    };
  const shift =
    (op: (b: number, n: number) => number): LuaCFunction =>
    (L) =>
      ret(L, op(arg(L, 1), arg(L, 2) & 31));
  const fns: Record<string, LuaCFunction> = {
    tobit: (L) => ret(L, arg(L, 1)),
    bnot: (L) => ret(L, ~arg(L, 1)),
    band: fold((a, b) => a & b),
    bor: fold((a, b) => a | b),
    bxor: fold((a, b) => a ^ b),
    lshift: shift((b, n) => b << n),
    rshift: shift((b, n) => b >>> n),
    arshift: shift((b, n) => b >> n),
    rol: shift((b, n) => (b << n) | (b >>> (32 - n))),
    ror: shift((b, n) => (b << (32 - n)) | (b >>> n)),
    bswap: (L) => {
      const b = arg(L, 1);
      return ret(L, (b >>> 24) | ((b >> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24));
    },
    tohex: (L) => {
      let b = arg(L, 1) >>> 0;
      let n = lua.lua_type(L, 2) === lua.LUA_TNONE ? 8 : arg(L, 2);
      let digits = "0123456789abcdef";
      if (n < 0) {
        n = -n;
        digits = "0123456789ABCDEF";
      }
      if (n > 8) n = 8;
      let s = "";
      for (let i = n; --i >= 0; ) {
        s = digits[b & 15] + s;
        b >>>= 4;
      }
      lua.lua_pushstring(L, to_luastring(s));
      return 1;
    },
  };
  lua.lua_createtable(L, 0, 12);
  for (const [name, fn] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_setglobal(L, to_luastring("bit"));
}
