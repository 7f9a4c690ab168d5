/**
 * Timeouts as Redis 7.0 reads them: `strtold` (C's long double parser, via string2ld), then
 * `(long long) ceill(seconds * 1000.0)` in x87 80-bit long double arithmetic (64-bit
 * significand). Doubles are not enough: 0.001 rounds differently, and -0.001 s must become
 * 0 ms (block forever), not -1 ms ("timeout is negative"), exactly as Redis does. Values are
 * kept as exact rationals (BigInt) and rounded to 64 significant bits where the FPU rounds.
 *
 * @example
 * ceilMillis(parseLongDouble(bytes("0.5"))!); // 500n
 * ceilMillis(parseLongDouble(bytes("-0.001"))!); // 0n
 */

/** A long double as strtold returns it: ±num/den exactly (den 0: infinity; num 0: zero). */
export interface LongDouble {
  negative: boolean;
  num: bigint;
  den: bigint;
}

const INF = (negative: boolean): LongDouble => ({ negative, num: 1n, den: 0n });
const ZERO: LongDouble = { negative: false, num: 0n, den: 1n };
/** Stand-ins for magnitudes whose ms are surely out of range (>= 1e40 s) or surely round to ±1 ms. */
const HUGE = 10n ** 40n;

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/**
 * Redis's string2ld: the whole argument through strtold, or null. Rejected: empty or >= 5120
 * bytes, leading whitespace, trailing bytes, NaN, and values beyond the long double range
 * (overflow, or underflow to 0). strtold stops at a NUL byte, so the text ends there, and an
 * argument that starts with NUL reads as 0.
 */
export function parseLongDouble(b: Uint8Array): LongDouble | null {
  if (b.length === 0 || b.length >= 5120) return null;
  let end = b.indexOf(0);
  if (end < 0) end = b.length;
  if (end === 0) return ZERO;
  if (isSpace(b[0]!)) return null;
  let p = 0;
  let negative = false;
  if (b[p] === 43 || b[p] === 45) negative = b[p++] === 45;
  const word = String.fromCharCode(...b.subarray(p, Math.min(end, p + 9))).toLowerCase();
  if (end - p <= 8 && (word === "inf" || word === "infinity")) return INF(negative);
  if (word.startsWith("nan")) return null; // nan and nan(...): NaN is rejected
  const hex =
    b[p] === 48 &&
    (b[p + 1] === 120 || b[p + 1] === 88) &&
    p + 2 < end &&
    (hexValue(b[p + 2]!) >= 0 || (b[p + 2] === 46 && p + 3 < end && hexValue(b[p + 3]!) >= 0));
  return hex ? parseHex(b, p + 2, end, negative) : parseDecimal(b, p, end, negative);
}

/** An exponent after `e` / `p`, when digits follow (else strtold leaves the letter unread). */
function readExponent(b: Uint8Array, p: number, end: number): { exp: number; next: number } | null {
  let q = p + 1;
  let neg = false;
  if (q < end && (b[q] === 43 || b[q] === 45)) neg = b[q++] === 45;
  if (q >= end || !isDigit(b[q]!)) return null;
  let exp = 0;
  for (; q < end && isDigit(b[q]!); q++) exp = Math.min(exp * 10 + b[q]! - 48, 1e9);
  return { exp: neg ? -exp : exp, next: q };
}

/** `digits[.digits][e[+-]digits]` filling b[p..end). */
function parseDecimal(b: Uint8Array, p: number, end: number, negative: boolean): LongDouble | null {
  let digits = "";
  let fraction = 0;
  let seen = 0;
  for (; p < end && isDigit(b[p]!); p++, seen++) digits += String.fromCharCode(b[p]!);
  if (p < end && b[p] === 46) {
    for (p++; p < end && isDigit(b[p]!); p++, seen++, fraction++) digits += String.fromCharCode(b[p]!);
  }
  if (seen === 0) return null;
  let exp = 0;
  if (p < end && (b[p] === 101 || b[p] === 69)) {
    const e = readExponent(b, p, end);
    if (e !== null) {
      exp = e.exp;
      p = e.next;
    }
  }
  if (p !== end) return null;
  const first = digits.search(/[1-9]/);
  if (first < 0) return { ...ZERO, negative };
  const significant = digits.slice(first);
  // The value is 0.<significant> * 10^e10 ... precisely significant * 10^scale.
  const scale = exp - fraction;
  const magnitude = significant.length + scale - 1; // decimal exponent of the leading digit
  // long double: max 1.19e4932, least subnormal 3.6e-4951 (below half of it rounds to 0).
  if (
    magnitude > 4932 ||
    (magnitude === 4932 && Number(`${significant[0]}.${significant.slice(1, 17)}`) > 1.18973)
  ) {
    return null;
  }
  if (
    magnitude < -4951 ||
    (magnitude === -4951 && Number(`${significant[0]}.${significant.slice(1, 17)}`) < 1.8226)
  ) {
    return null;
  }
  if (magnitude > 40) return { negative, num: HUGE, den: 1n };
  if (magnitude < -40) return { negative, num: 1n, den: HUGE };
  const n = BigInt(significant);
  return scale >= 0
    ? { negative, num: n * 10n ** BigInt(scale), den: 1n }
    : { negative, num: n, den: 10n ** BigInt(-scale) };
}

/** `hexdigits[.hexdigits][p[+-]digits]` (after the 0x) filling b[p..end). */
function parseHex(b: Uint8Array, p: number, end: number, negative: boolean): LongDouble | null {
  let digits = "";
  let fraction = 0;
  for (; p < end && hexValue(b[p]!) >= 0; p++) digits += String.fromCharCode(b[p]!);
  if (p < end && b[p] === 46) {
    for (p++; p < end && hexValue(b[p]!) >= 0; p++, fraction++) digits += String.fromCharCode(b[p]!);
  }
  let exp = 0;
  if (p < end && (b[p] === 112 || b[p] === 80)) {
    const e = readExponent(b, p, end);
    if (e !== null) {
      exp = e.exp;
      p = e.next;
    }
  }
  if (p !== end) return null;
  const first = digits.search(/[1-9a-fA-F]/);
  if (first < 0) return { ...ZERO, negative };
  const significant = digits.slice(first);
  const scale = exp - 4 * fraction; // binary exponent of the last hex digit
  const magnitude = 4 * significant.length + scale; // bits above the point, roughly
  if (magnitude > 16384 || magnitude < -16445) return null;
  if (magnitude > 140) return { negative, num: HUGE, den: 1n };
  if (magnitude < -140) return { negative, num: 1n, den: HUGE };
  const n = BigInt(`0x${significant}`);
  return scale >= 0
    ? { negative, num: n << BigInt(scale), den: 1n }
    : { negative, num: n, den: 1n << BigInt(-scale) };
}

const bitLength = (n: bigint): number => n.toString(2).length;

/** Round num/den (positive) to a 64-bit significand: m * 2^q with 2^63 <= m < 2^64, half to even. */
function toExtended(num: bigint, den: bigint): { m: bigint; q: number } {
  let q = bitLength(num) - bitLength(den) - 64;
  for (;;) {
    const n = q < 0 ? num << BigInt(-q) : num;
    const d = q > 0 ? den << BigInt(q) : den;
    let m = n / d;
    if (m >= 1n << 64n) {
      q++;
      continue;
    }
    if (m < 1n << 63n) {
      q--;
      continue;
    }
    const twice = (n % d) * 2n;
    if (twice > d || (twice === d && (m & 1n) === 1n)) m++;
    if (m === 1n << 64n) return { m: 1n << 63n, q: q + 1 };
    return { m, q };
  }
}

/**
 * `(long long) ceill(x * 1000.0)` with x87 rounding: null when out of long long's range (the
 * FPU's LLONG_MIN, which Redis reports as a negative timeout).
 */
export function ceilMillis(x: LongDouble): bigint | null {
  if (x.den === 0n) return null;
  if (x.num === 0n) return 0n;
  const { m, q } = toExtended(x.num, x.den);
  // The product is rounded to 64 bits again.
  const p = toExtended(m * 1000n, 1n);
  const shift = q + p.q;
  let ms: bigint;
  if (shift >= 0) {
    ms = p.m << BigInt(shift);
  } else {
    const whole = p.m >> BigInt(-shift);
    const exact = whole << BigInt(-shift) === p.m;
    ms = x.negative || exact ? whole : whole + 1n; // ceil(-v) = -floor(v)
  }
  if (x.negative) ms = -ms;
  if (ms > 9223372036854775807n || ms < -9223372036854775808n) return null;
  return ms;
}
