/**
 * `string.format` as Lua 5.1's str_format over glibc's sprintf, which is what Redis scripts get:
 * %d/%i cast the number to a C long long (truncating, INT64_MIN when out of range), %o %u %x %X to an
 * unsigned long long, %c to an int; %e %f %g round ties to even; %q quotes as 5.1 does and ignores the
 * width; %s of a string of 100 bytes or more without a precision is copied whole (binary-safe), shorter
 * ones stop at their first zero byte, as sprintf's do. Flags "-+ #0", width and precision of at most two
 * digits each, and 5.1's error texts.
 */
import { ByteBuilder } from "./byte-builder.ts";
import type { Fengari, LuaState } from "./fengari.ts";
import { expAbs, fixedAbs, generalAbs, nonFinite } from "./numfmt.ts";

const TWO63 = 2 ** 63;
const _TWO64 = 2 ** 64;
const INT64_MIN = -(2n ** 63n);

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  /** -1 when absent. */
  prec: number;
}

/** (long long)x as gcc compiles it on x86-64: out of range and NaN give INT64_MIN. */
function toInt64(x: number): bigint | number {
  if (x > -9007199254740992 && x < 9007199254740992) return Math.trunc(x);
  if (Number.isNaN(x) || x >= TWO63 || x < -TWO63) return INT64_MIN;
  return BigInt(x);
}

/** (unsigned long long)x as gcc compiles it on x86-64 (see the comparison with 2^63 it emits). */
function toUint64(x: number): bigint | number {
  if (x >= 0 && x < 9007199254740992) return Math.trunc(x);
  if (Number.isNaN(x)) return 2n ** 63n;
  if (x >= TWO63) return x - TWO63 >= TWO63 ? 0 : BigInt(x);
  if (x < -TWO63) return 2n ** 63n;
  return BigInt.asUintN(64, BigInt(Math.trunc(x)));
}

/** (int)x: the C cast to a 32-bit int (NaN and out of range give INT_MIN). */
function toInt32(x: number): number {
  if (Number.isNaN(x) || x >= 2147483648 || x < -2147483648) return -2147483648;
  return Math.trunc(x);
}

function pad(
  out: ByteBuilder,
  spec: Spec,
  sign: string,
  prefix: string,
  body: string,
  zeroOk: boolean,
): void {
  const len = sign.length + prefix.length + body.length;
  const fill = spec.width - len;
  if (fill <= 0) {
    out.ascii(sign + prefix + body);
  } else if (spec.minus) {
    out.ascii(sign + prefix + body);
    out.repeat(32, fill);
  } else if (spec.zero && zeroOk) {
    out.ascii(sign + prefix);
    out.repeat(48, fill);
    out.ascii(body);
  } else {
    out.repeat(32, fill);
    out.ascii(sign + prefix + body);
  }
}

function formatInt(out: ByteBuilder, spec: Spec, conv: number, x: number): void {
  let sign = "";
  let digits: string;
  let prefix = "";
  if (conv === 100 || conv === 105) {
    const v = toInt64(x);
    const neg = v < 0;
    digits = (neg ? -v : v).toString();
    sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  } else {
    const v = toUint64(x);
    const zero = v === 0 || v === 0n;
    if (conv === 111) {
      digits = v.toString(8);
      if (spec.alt && digits[0] !== "0") digits = `0${digits}`;
    } else if (conv === 117) {
      digits = v.toString();
    } else {
      digits = v.toString(16);
      if (conv === 88) digits = digits.toUpperCase();
      if (spec.alt && !zero) prefix = conv === 88 ? "0X" : "0x";
    }
  }
  if (spec.prec >= 0) {
    if (spec.prec === 0 && digits === "0" && !(conv === 111 && spec.alt)) digits = "";
    else if (digits.length < spec.prec) digits = "0".repeat(spec.prec - digits.length) + digits;
  }
  pad(out, spec, sign, prefix, digits, spec.prec < 0);
}

function formatFloat(out: ByteBuilder, spec: Spec, conv: number, x: number): void {
  const upper = conv === 69 || conv === 71;
  const neg = x < 0 || (x === 0 && 1 / x < 0) || Number.isNaN(x);
  let body: string;
  let finite = true;
  if (Number.isNaN(x) || x === Infinity || x === -Infinity) {
    finite = false;
    body = nonFinite(x < 0 ? -x : x, upper);
    if (body[0] === "-") body = body.slice(1);
  } else {
    const ax = x < 0 ? -x : x;
    const prec = spec.prec < 0 ? 6 : spec.prec;
    if (conv === 102) body = fixedAbs(ax, prec);
    else if (conv === 101 || conv === 69) body = expAbs(ax, prec, upper);
    else body = generalAbs(ax, prec, upper, spec.alt);
    if (spec.alt && body.indexOf(".") < 0 && conv !== 103 && conv !== 71) {
      const e = body.search(/[eE]/);
      body = e < 0 ? `${body}.` : `${body.slice(0, e)}.${body.slice(e)}`;
    }
  }
  const sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  pad(out, spec, sign, "", body, finite);
}

/** Appends `s` (a C string: it ends at its first zero byte) with precision and width applied. */
function formatString(out: ByteBuilder, spec: Spec, s: Uint8Array): void {
  let n = s.indexOf(0);
  if (n < 0) n = s.length;
  if (spec.prec >= 0 && spec.prec < n) n = spec.prec;
  const fill = spec.width - n;
  if (fill > 0 && !spec.minus) out.repeat(32, fill);
  out.bytes(s, 0, n);
  if (fill > 0 && spec.minus) out.repeat(32, fill);
}

function addQuoted(out: ByteBuilder, s: Uint8Array): void {
  out.byte(34);
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === 34 || c === 92 || c === 10) {
      out.byte(92);
      out.byte(c);
    } else if (c === 13) out.ascii("\\r");
    else if (c === 0) out.ascii("\\000");
    else out.byte(c);
  }
  out.byte(34);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Opens `string.format` over the standard string table (which must be on the globals). */
export function openStringFormat(L: LuaState, f: Fengari): void {
  const { lua, lauxlib, to_luastring } = f;
  const out = new ByteBuilder(256);
  const item = new ByteBuilder(64);
  const spec: Spec = { minus: false, plus: false, space: false, alt: false, zero: false, width: 0, prec: -1 };

  const format = (L: LuaState): number => {
    const top = lua.lua_gettop(L);
    let arg = 1;
    const fmt = lauxlib.luaL_checklstring(L, arg);
    out.reset();
    const n = fmt.length;
    let i = 0;
    while (i < n) {
      const c = fmt[i];
      if (c !== 37) {
        let j = i + 1;
        while (j < n && fmt[j] !== 37) j++;
        out.bytes(fmt, i, j);
        i = j;
        continue;
      }
      i++;
      if (fmt[i] === 37) {
        out.byte(37);
        i++;
        continue;
      }
      if (++arg > top) lauxlib.luaL_argerror(L, arg, to_luastring("no value"));
      // scanformat
      spec.minus = spec.plus = spec.space = spec.alt = spec.zero = false;
      const flagsStart = i;
      for (;;) {
        const fc = fmt[i];
        if (fc === 45) spec.minus = true;
        else if (fc === 43) spec.plus = true;
        else if (fc === 32) spec.space = true;
        else if (fc === 35) spec.alt = true;
        else if (fc === 48) spec.zero = true;
        else break;
        i++;
      }
      if (i - flagsStart >= 6) lauxlib.luaL_error(L, to_luastring("invalid format (repeated flags)"));
      spec.width = 0;
      if (isDigit(fmt[i])) spec.width = fmt[i++] - 48;
      if (isDigit(fmt[i])) spec.width = spec.width * 10 + fmt[i++] - 48;
      spec.prec = -1;
      let hasDot = false;
      if (fmt[i] === 46) {
        hasDot = true;
        i++;
        spec.prec = 0;
        if (isDigit(fmt[i])) spec.prec = fmt[i++] - 48;
        if (isDigit(fmt[i])) spec.prec = spec.prec * 10 + fmt[i++] - 48;
      }
      if (isDigit(fmt[i]))
        lauxlib.luaL_error(L, to_luastring("invalid format (width or precision too long)"));
      const conv = i < n ? fmt[i] : 0;
      i++;
      item.reset();
      switch (conv) {
        case 99: {
          const ch = toInt32(lauxlib.luaL_checknumber(L, arg)) & 255;
          const fill = spec.width - 1;
          if (fill > 0 && !spec.minus) item.repeat(32, fill);
          item.byte(ch);
          if (fill > 0 && spec.minus) item.repeat(32, fill);
          break;
        }
        case 100:
        case 105:
        case 111:
        case 117:
        case 120:
        case 88:
          formatInt(item, spec, conv, lauxlib.luaL_checknumber(L, arg));
          break;
        case 101:
        case 69:
        case 102:
        case 103:
        case 71:
          formatFloat(item, spec, conv, lauxlib.luaL_checknumber(L, arg));
          break;
        case 113:
          addQuoted(out, lauxlib.luaL_checklstring(L, arg));
          continue;
        case 115: {
          const s = lauxlib.luaL_checklstring(L, arg);
          if (!hasDot && s.length >= 100) {
            out.bytes(s);
            continue;
          }
          formatString(item, spec, s);
          break;
        }
        default:
          lauxlib.luaL_error(
            L,
            to_luastring("invalid option '%%%s' to 'format'"),
            conv === 0 ? new Uint8Array(0) : Uint8Array.of(conv),
          );
      }
      // sprintf's result is read back with strlen: a zero byte (from %c) ends the item.
      const z = item.buf.subarray(0, item.len).indexOf(0);
      out.bytes(item.buf, 0, z < 0 ? item.len : z);
    }
    f.pushOwnedBytes(L, out.take());
    return 1;
  };

  lua.lua_getglobal(L, to_luastring("string"));
  lua.lua_pushcfunction(L, format);
  lua.lua_setfield(L, -2, to_luastring("format"));
  lua.lua_pop(L, 1);
}
