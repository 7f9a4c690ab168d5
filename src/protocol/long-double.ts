/**
 * Redis's `long double` arithmetic (INCRBYFLOAT, HINCRBYFLOAT), emulated exactly.
 *
 * Why not JS numbers: Redis parses, adds and prints these values as x87 80-bit long doubles
 * (64-bit significand), so `0.1 + 0.2` is `0.3` there and `0.30000000000000004` in a double.
 * A value here is `(-1)^neg * mant * 2^exp` with a BigInt significand of at most 64 bits,
 * rounded to nearest-even exactly as the FPU does, with the x87 exponent range (subnormals
 * down to 2^-16445, overflow to infinity past 2^16384). Only the state between commands is
 * text (the stored value), so the few BigInt operations per call are all it costs.
 *
 * @example
 * const a = parseLongDouble(utf8("0.1"))!;
 * const b = parseLongDouble(utf8("0.2"))!;
 * formatLongDoubleHuman(addLongDouble(a, b)); // "0.3", as redis-server answers
 */

/** A long double: finite (`mant * 2^exp`), infinite or NaN. Zero is `mant === 0n`. */
export interface LongDouble {
  readonly neg: boolean;
  readonly mant: bigint;
  readonly exp: number;
  readonly special?: "inf" | "nan";
}

const MANT_BITS = 64;
/** Exponent of the lowest significand bit of the smallest subnormal: 2^-16445. */
const MIN_EXP = -16445;
/** Values at or above 2^16384 overflow. */
const MAX_TOP = 16383;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer texts are not parsed. */
const MAX_CHARS = 5 * 1024;

const ZERO: LongDouble = { neg: false, mant: 0n, exp: 0 };

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(Number.parseInt(hex[0]!, 16));
}

/**
 * Round the exact value `(-1)^neg * n * 2^e` (plus a non-zero tail below n's last bit when
 * `sticky`) to a long double, nearest-even.
 */
function round(neg: boolean, n: bigint, e: number, sticky = false): LongDouble {
  if (n === 0n) return { neg, mant: 0n, exp: 0 };
  const len = bitLength(n);
  const shift = Math.max(len - MANT_BITS, MIN_EXP - e);
  let mant: bigint;
  if (shift > 0) {
    const s = BigInt(shift);
    mant = n >> s;
    const rest = n & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rest > half || (rest === half && (sticky || (mant & 1n) === 1n))) mant += 1n;
    if (mant >> BigInt(MANT_BITS) !== 0n) {
      mant >>= 1n;
      e += 1;
    }
  } else {
    mant = n << BigInt(-shift);
  }
  const exp = e + shift;
  if (mant === 0n) return { neg, mant: 0n, exp: 0 };
  if (exp + bitLength(mant) - 1 > MAX_TOP) return { neg, mant: 0n, exp: 0, special: "inf" };
  return { neg, mant, exp };
}

/** The exact long double of a JS number (every double is one). */
export function longDoubleFromNumber(d: number): LongDouble {
  if (Number.isNaN(d)) return { neg: false, mant: 0n, exp: 0, special: "nan" };
  if (!Number.isFinite(d)) return { neg: d < 0, mant: 0n, exp: 0, special: "inf" };
  if (d === 0) return { neg: Object.is(d, -0), mant: 0n, exp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (biased !== 0) mant |= 1n << 52n;
  return round(d < 0, mant, (biased === 0 ? 1 : biased) - 1075);
}

export function isFiniteLongDouble(x: LongDouble): boolean {
  return x.special === undefined;
}

/** `a + b`, rounded once (x87 FADD). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.special === "nan" || b.special === "nan") return { neg: false, mant: 0n, exp: 0, special: "nan" };
  if (a.special === "inf" || b.special === "inf") {
    if (a.special === "inf" && b.special === "inf" && a.neg !== b.neg) {
      return { neg: false, mant: 0n, exp: 0, special: "nan" };
    }
    return a.special === "inf" ? a : b;
  }
  if (a.mant === 0n) return b.mant === 0n ? { neg: a.neg && b.neg, mant: 0n, exp: 0 } : b;
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const av = a.mant << BigInt(a.exp - e);
  const bv = b.mant << BigInt(b.exp - e);
  const sum = (a.neg ? -av : av) + (b.neg ? -bv : bv);
  if (sum === 0n) return ZERO;
  return sum < 0n ? round(true, -sum, e) : round(false, sum, e);
}

// ---------------------------------------------------------------------------------------------
// Parsing: Redis's string2ld, i.e. glibc strtold over the whole argument

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

function lowerAt(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function matchWord(b: Uint8Array, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (lowerAt(b, i + k) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * Redis's `string2ld`: the whole text must be one strtold number (decimal, hex `0x1.8p3`,
 * `inf`/`infinity`); no leading space, no NaN, nothing after it, and a value that overflows,
 * or underflows to zero, is rejected. Subnormals are kept. Returns null when Redis's parse
 * fails ("value is not a valid float" / "hash value is not a float").
 */
export function parseLongDouble(b: Uint8Array): LongDouble | null {
  const n = b.length;
  if (n === 0 || n >= MAX_CHARS || isSpace(b[0]!)) return null;
  let i = 0;
  let neg = false;
  if (b[0] === 43 || b[0] === 45) {
    neg = b[0] === 45;
    i = 1;
  }
  if (matchWord(b, i, "inf")) {
    const end = matchWord(b, i, "infinity") ? i + 8 : i + 3;
    return end === n ? { neg, mant: 0n, exp: 0, special: "inf" } : null;
  }
  if (b[i] === 48 && lowerAt(b, i + 1) === 120) {
    const hex = parseHex(b, i + 2, neg);
    if (hex !== undefined) return hex;
    // "0x" without hex digits: strtold reads the "0" and stops at the "x".
    return null;
  }
  return parseDecimal(b, i, neg);
}

function rejectRange(x: LongDouble, nonZeroDigits: boolean): LongDouble | null {
  if (x.special === "inf") return null; // ERANGE overflow
  if (x.mant === 0n && nonZeroDigits) return null; // ERANGE underflow to zero
  return x;
}

/** 10^k, cached for the exponents everyday numbers use. */
const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  if (k < 64) {
    for (let i = POW10.length; i <= k; i++) POW10.push(POW10[i - 1]! * 10n);
    return POW10[k]!;
  }
  return 10n ** BigInt(k);
}

function parseDecimal(b: Uint8Array, i: number, neg: boolean): LongDouble | null {
  const n = b.length;
  let digits = "";
  let sawDigit = false;
  let fracDigits = 0;
  for (; i < n && b[i]! >= 48 && b[i]! <= 57; i++) {
    sawDigit = true;
    digits += String.fromCharCode(b[i]!);
  }
  if (i < n && b[i] === 46) {
    for (i++; i < n && b[i]! >= 48 && b[i]! <= 57; i++) {
      sawDigit = true;
      digits += String.fromCharCode(b[i]!);
      fracDigits++;
    }
  }
  if (!sawDigit) return null;
  let exp10 = 0;
  if (i < n && lowerAt(b, i) === 101) {
    let j = i + 1;
    let eneg = false;
    if (b[j] === 43 || b[j] === 45) {
      eneg = b[j] === 45;
      j++;
    }
    if (j < n && b[j]! >= 48 && b[j]! <= 57) {
      for (; j < n && b[j]! >= 48 && b[j]! <= 57; j++) exp10 = Math.min(exp10 * 10 + b[j]! - 48, 1e9);
      if (eneg) exp10 = -exp10;
      i = j;
    }
  }
  if (i !== n) return null;
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  if (lead === digits.length) return { neg, mant: 0n, exp: 0 };
  const significant = digits.length - lead;
  const d = BigInt(lead === 0 ? digits : digits.slice(lead));
  const q = exp10 - fracDigits;
  // Decimal magnitude is in [10^(top-1), 10^top): far outside the range, skip the BigInt work.
  const top = q + significant;
  if (top > 4934) return null;
  if (top < -4952) return null;
  if (q >= 0) return rejectRange(round(neg, d * pow10(q), 0), true);
  // d / 10^-q: scale up so the quotient keeps 66+ bits, the remainder becomes the sticky bit.
  const den = pow10(-q);
  const s = Math.max(0, bitLength(den) - bitLength(d) + MANT_BITS + 2);
  const num = d << BigInt(s);
  const quo = num / den;
  return rejectRange(round(neg, quo, -s, num % den !== 0n), true);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** After "0x": hex digits, optional fraction, optional binary exponent `p[+-]d`. */
function parseHex(b: Uint8Array, i: number, neg: boolean): LongDouble | null | undefined {
  const n = b.length;
  let m = 0n;
  let sawDigit = false;
  let e = 0;
  for (; i < n && hexValue(b[i]!) >= 0; i++) {
    m = (m << 4n) | BigInt(hexValue(b[i]!));
    sawDigit = true;
  }
  if (i < n && b[i] === 46) {
    for (i++; i < n && hexValue(b[i]!) >= 0; i++) {
      m = (m << 4n) | BigInt(hexValue(b[i]!));
      e -= 4;
      sawDigit = true;
    }
  }
  if (!sawDigit) return undefined;
  if (i < n && lowerAt(b, i) === 112) {
    let j = i + 1;
    let eneg = false;
    if (b[j] === 43 || b[j] === 45) {
      eneg = b[j] === 45;
      j++;
    }
    if (j < n && b[j]! >= 48 && b[j]! <= 57) {
      let p = 0;
      for (; j < n && b[j]! >= 48 && b[j]! <= 57; j++) p = Math.min(p * 10 + b[j]! - 48, 1e9);
      e += eneg ? -p : p;
      i = j;
    }
  }
  if (i !== n) return null;
  if (m === 0n) return { neg, mant: 0n, exp: 0 };
  const top = e + bitLength(m);
  if (top > MAX_TOP + 2) return null;
  if (top < MIN_EXP - 2) return null;
  return rejectRange(round(neg, m, e), true);
}

// ---------------------------------------------------------------------------------------------
// Formatting: Redis's ld2string(LD_STR_HUMAN), i.e. "%.17Lf" with trailing zeros removed

const SCALE = 10n ** 17n;

/**
 * Redis's human form of a long double: `%.17Lf` (exact decimal expansion, rounded
 * nearest-even at the 17th decimal), trailing zeros and a trailing `.` dropped, `-0` as `0`,
 * `inf` / `-inf` for infinities (`nan` for NaN, which Redis never stores).
 */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.special === "inf") return x.neg ? "-inf" : "inf";
  if (x.special === "nan") return "nan";
  let scaled: bigint;
  if (x.exp >= 0) {
    scaled = (x.mant << BigInt(x.exp)) * SCALE;
  } else {
    const s = BigInt(-x.exp);
    const num = x.mant * SCALE;
    scaled = num >> s;
    const rest = num & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rest > half || (rest === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  let text = scaled.toString().padStart(18, "0");
  text = `${text.slice(0, -17)}.${text.slice(-17)}`;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  text = text.slice(0, end);
  if (x.neg && text !== "0") return `-${text}`;
  return text;
}
