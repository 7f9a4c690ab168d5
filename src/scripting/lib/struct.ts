/**
 * `struct`: Roberto Ierusalimschy's struct library as Redis bundles it, for an x86-64 build (native
 * little-endian, int 4 bytes, long and size_t 8, maximum alignment 8). Formats: "<" ">" "!n" (alignment)
 * " " and b B h H l L T i[n] I[n] (n up to 32) f d c[n] s x; error texts as Redis's.
 */
import { ByteBuilder } from "./byte-builder.ts";
import type { Fengari, LuaCFunction, LuaState } from "./fengari.ts";

const LITTLE = 1;
const BIG = 0;
const MAXINTSIZE = 32;
const MAXALIGN = 8;
const INT_MAX = 2147483647;
const TWO63 = 2 ** 63;
const U64 = (1n << 64n) - 1n;

interface Header {
  endian: number;
  align: number;
}

/** Thrown by the format walker; the caller raises it as a Lua error (argerror when `arg` is set). */
class FormatError {
  constructor(
    readonly message: string,
    readonly arg = 0,
  ) {}
}

/** The Uinttype (unsigned long) value putinteger stores for `n`, with gcc's x86-64 casts. */
function toUnsigned(n: number): bigint {
  if (n < 0) {
    const i = n < -TWO63 ? -(1n << 63n) : BigInt(Math.trunc(n));
    return i & U64;
  }
  if (Number.isNaN(n)) return 1n << 63n;
  if (n >= TWO63) return n - TWO63 >= TWO63 ? 0n : BigInt(n);
  return BigInt(Math.trunc(n));
}

/** Opens `struct` into the globals. */
export function openStruct(L: LuaState, f: Fengari): void {
  const { lua, lauxlib, to_luastring } = f;
  const out = new ByteBuilder(64);
  const fmtState = { s: new Uint8Array(0) as Uint8Array, i: 0 };
  const isDigit = (c: number) => c >= 48 && c <= 57;

  const getnum = (df: number): number => {
    const { s } = fmtState;
    if (!isDigit(s[fmtState.i])) return df;
    let a = 0;
    do {
      const d = s[fmtState.i] - 48;
      if (a > Math.floor(INT_MAX / 10) || a * 10 > INT_MAX - d)
        throw new FormatError("integral size overflow");
      a = a * 10 + d;
      fmtState.i++;
    } while (isDigit(s[fmtState.i]));
    return a;
  };

  const optsize = (opt: number): number => {
    switch (opt) {
      case 66: // B
      case 98: // b
        return 1;
      case 72: // H
      case 104: // h
        return 2;
      case 76: // L
      case 108: // l
      case 84: // T
        return 8;
      case 102: // f
        return 4;
      case 100: // d
        return 8;
      case 120: // x
        return 1;
      case 99: // c
        return getnum(1);
      case 105: // i
      case 73: {
        const sz = getnum(4);
        if (sz > MAXINTSIZE)
          throw new FormatError(`integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
        return sz;
      }
      default:
        return 0;
    }
  };

  const toalign = (len: number, h: Header, opt: number, size: number): number => {
    if (size === 0 || opt === 99) return 0;
    if (size > h.align) size = h.align;
    if (size <= 0) return 0;
    return (size - (len & (size - 1))) & (size - 1);
  };

  const controloptions = (opt: number, h: Header): void => {
    switch (opt) {
      case 32:
        return;
      case 62:
        h.endian = BIG;
        return;
      case 60:
        h.endian = LITTLE;
        return;
      case 33: {
        const a = getnum(MAXALIGN);
        if ((a & (a - 1)) !== 0) throw new FormatError(`alignment ${a} is not a power of 2`);
        h.align = a;
        return;
      }
      default:
        throw new FormatError(`invalid format option '${String.fromCharCode(opt)}'`, 1);
    }
  };

  const raise = (L: LuaState, e: unknown): never => {
    if (!(e instanceof FormatError)) throw e;
    if (e.arg > 0) lauxlib.luaL_argerror(L, e.arg, to_luastring(e.message));
    return lauxlib.luaL_error(L, to_luastring(e.message));
  };

  const putInteger = (n: number, endian: number, size: number): void => {
    let v = toUnsigned(n);
    out.reserve(size);
    const b = out.buf;
    const base = out.len;
    for (let k = 0; k < size; k++) {
      const idx = endian === LITTLE ? base + k : base + size - 1 - k;
      b[idx] = Number(v & 0xffn);
      v >>= 8n;
    }
    out.len += size;
  };

  const pack: LuaCFunction = (L) => {
    fmtState.s = lauxlib.luaL_checkstring(L, 1);
    fmtState.i = 0;
    const fmt = fmtState.s;
    const h: Header = { endian: LITTLE, align: 1 };
    let arg = 2;
    let total = 0;
    // struct.c pushes a nil to mark the end of its arguments: a missing one reads as nil, not "no value".
    lua.lua_pushnil(L);
    out.reset();
    try {
      while (fmtState.i < fmt.length && fmt[fmtState.i] !== 0) {
        const opt = fmt[fmtState.i++];
        let size = optsize(opt);
        let pad = toalign(total, h, opt, size);
        total += pad;
        while (pad-- > 0) out.byte(0);
        switch (opt) {
          case 98:
          case 66:
          case 104:
          case 72:
          case 108:
          case 76:
          case 84:
          case 105:
          case 73:
            putInteger(lauxlib.luaL_checknumber(L, arg++), h.endian, size);
            break;
          case 120:
            out.byte(0);
            break;
          case 102:
          case 100: {
            const x = lauxlib.luaL_checknumber(L, arg++);
            const dv = new DataView(new ArrayBuffer(8));
            if (opt === 102) dv.setFloat32(0, x, h.endian === LITTLE);
            else dv.setFloat64(0, x, h.endian === LITTLE);
            out.bytes(new Uint8Array(dv.buffer, 0, size));
            break;
          }
          case 99:
          case 115: {
            const s = lauxlib.luaL_checklstring(L, arg++);
            if (size === 0) size = s.length;
            if (s.length < size) lauxlib.luaL_argerror(L, arg, to_luastring("string too short"));
            out.bytes(s, 0, size);
            if (opt === 115) {
              out.byte(0);
              size++;
            }
            break;
          }
          default:
            controloptions(opt, h);
        }
        total += size;
      }
    } catch (e) {
      raise(L, e);
    }
    f.pushOwnedBytes(L, out.take());
    return 1;
  };

  const getInteger = (
    data: Uint8Array,
    pos: number,
    endian: number,
    signed: boolean,
    size: number,
  ): number => {
    let l = 0n;
    for (let k = 0; k < size; k++) {
      const idx = endian === BIG ? pos + k : pos + size - 1 - k;
      l = ((l << 8n) | BigInt(data[idx])) & U64;
    }
    if (!signed) return Number(l);
    // x86 masks a 64-bit shift count to 6 bits.
    const mask = (U64 << BigInt((size * 8 - 1) % 64)) & U64;
    if (l & mask) l |= mask;
    return Number(BigInt.asIntN(64, l));
  };

  const unpack: LuaCFunction = (L) => {
    fmtState.s = lauxlib.luaL_checkstring(L, 1);
    fmtState.i = 0;
    const fmt = fmtState.s;
    const data = lauxlib.luaL_checklstring(L, 2);
    const ld = data.length;
    let pos = lauxlib.luaL_optinteger(L, 3, 1) - 1;
    if (pos < 0 || pos > ld) lauxlib.luaL_argerror(L, 3, to_luastring("offset must be 1 or greater"));
    const h: Header = { endian: LITTLE, align: 1 };
    let n = 0;
    try {
      while (fmtState.i < fmt.length && fmt[fmtState.i] !== 0) {
        const opt = fmt[fmtState.i++];
        let size = optsize(opt);
        pos += toalign(pos, h, opt, size);
        if (!(size <= ld && pos <= ld - size))
          lauxlib.luaL_argerror(L, 2, to_luastring("data string too short"));
        lauxlib.luaL_checkstack(L, 2, to_luastring("too many results"));
        switch (opt) {
          case 98:
          case 66:
          case 104:
          case 72:
          case 108:
          case 76:
          case 84:
          case 105:
          case 73:
            lua.lua_pushnumber(L, getInteger(data, pos, h.endian, opt >= 97, size));
            n++;
            break;
          case 120:
            break;
          case 102:
          case 100: {
            const dv = new DataView(data.buffer, data.byteOffset + pos, size);
            lua.lua_pushnumber(
              L,
              opt === 102 ? dv.getFloat32(0, h.endian === LITTLE) : dv.getFloat64(0, h.endian === LITTLE),
            );
            n++;
            break;
          }
          case 99:
            if (size === 0) {
              if (n === 0 || !lua.lua_isnumber(L, -1)) {
                throw new FormatError("format 'c0' needs a previous size");
              }
              size = Math.trunc(lua.lua_tonumber(L, -1));
              lua.lua_pop(L, 1);
              n--;
              if (!(size <= ld && pos <= ld - size)) {
                lauxlib.luaL_argerror(L, 2, to_luastring("data string too short"));
              }
            }
            f.pushOwnedBytes(L, data.slice(pos, pos + size));
            n++;
            break;
          case 115: {
            const e = data.indexOf(0, pos);
            if (e < 0) throw new FormatError("unfinished string in data");
            size = e - pos + 1;
            f.pushOwnedBytes(L, data.slice(pos, e));
            n++;
            break;
          }
          default:
            controloptions(opt, h);
        }
        pos += size;
      }
    } catch (e) {
      raise(L, e);
    }
    lua.lua_pushnumber(L, pos + 1);
    return n + 1;
  };

  const size: LuaCFunction = (L) => {
    fmtState.s = lauxlib.luaL_checkstring(L, 1);
    fmtState.i = 0;
    const fmt = fmtState.s;
    const h: Header = { endian: LITTLE, align: 1 };
    let pos = 0;
    try {
      while (fmtState.i < fmt.length && fmt[fmtState.i] !== 0) {
        const opt = fmt[fmtState.i++];
        const sz = optsize(opt);
        pos += toalign(pos, h, opt, sz);
        if (opt === 115) throw new FormatError("option 's' has no fixed size", 1);
        if (opt === 99 && sz === 0) throw new FormatError("option 'c0' has no fixed size", 1);
        const alnum = isDigit(opt) || ((opt | 0x20) >= 97 && (opt | 0x20) <= 122);
        if (!alnum) controloptions(opt, h);
        pos += sz;
      }
    } catch (e) {
      raise(L, e);
    }
    lua.lua_pushnumber(L, pos);
    return 1;
  };

  lua.lua_createtable(L, 0, 3);
  for (const [name, fn] of Object.entries({ pack, unpack, size })) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_setglobal(L, to_luastring("struct"));
}
