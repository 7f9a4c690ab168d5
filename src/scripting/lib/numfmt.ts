/**
 * Doubles formatted exactly as glibc's printf does (%e %f %g), which is what Redis's Lua 5.1 prints:
 * `tostring(x)` and cjson are "%.14g", string.format passes the user's conversion to sprintf.
 *
 * JavaScript's toExponential/toFixed give the exact decimal digits of the double but round ties away
 * from zero, while glibc rounds ties to even (`%.0f` of 2.5 is "2"). So the digits are taken with
 * extra places and rounded here.
 */

/** Extra digits asked of toExponential/toFixed to see whether the cut falls exactly on a tie. */
const EXTRA = 24;

/** `sig` significant digits of `ax` (> 0, finite), rounded half-even, and the decimal exponent. */
function roundSig(ax: number, sig: number): { digits: string; exp: number } {
  const want = sig - 1 + EXTRA;
  const s = ax.toExponential(Math.min(want, 100));
  const e = s.indexOf("e");
  let exp = Number(s.slice(e + 1));
  const all = s.length > 1 && s[1] === "." ? s[0] + s.slice(2, e) : s.slice(0, e);
  if (all.length <= sig) return { digits: all.padEnd(sig, "0"), exp };
  let digits = all.slice(0, sig);
  if (roundsUp(all, sig, digits)) {
    digits = increment(digits);
    if (digits.length > sig) {
      digits = digits.slice(0, sig);
      exp++;
    }
  }
  return { digits, exp };
}

/** Whether the digits of `all` after position `cut` round `kept` (the digits before it) up, half-even. */
function roundsUp(all: string, cut: number, kept: string): boolean {
  const first = all.charCodeAt(cut);
  if (first > 53) return true;
  if (first < 53) return false;
  for (let i = cut + 1; i < all.length; i++) if (all.charCodeAt(i) !== 48) return true;
  const last = kept.length > 0 ? kept.charCodeAt(kept.length - 1) : 48;
  return (last & 1) === 1;
}

/** Adds one to a decimal digit string ("199" -> "200", "99" -> "100"). */
function increment(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return `1${"0".repeat(d.length)}`;
  return d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + "0".repeat(d.length - 1 - i);
}

/** "%.{prec}f" of |x| (finite), without sign. */
export function fixedAbs(ax: number, prec: number): string {
  if (ax >= 1e21) {
    // Every double this large is an integer: BigInt gives its exact digits.
    const int = BigInt(ax).toString();
    return prec > 0 ? `${int}.${"0".repeat(prec)}` : int;
  }
  const want = prec + EXTRA;
  const s = ax.toFixed(Math.min(want, 100));
  const dot = s.indexOf(".");
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? "" : s.slice(dot + 1);
  if (frac.length <= prec) {
    const f = frac.padEnd(prec, "0");
    return prec > 0 ? `${intPart}.${f}` : intPart;
  }
  const all = intPart + frac;
  const cut = intPart.length + prec;
  let kept = all.slice(0, cut);
  if (roundsUp(all, cut, kept)) kept = increment(kept);
  const intLen = kept.length - prec;
  return prec > 0 ? `${kept.slice(0, intLen)}.${kept.slice(intLen)}` : kept;
}

function expSuffix(exp: number, upper: boolean): string {
  const a = exp < 0 ? -exp : exp;
  return `${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${a < 10 ? "0" : ""}${a}`;
}

/** "%.{prec}e" of |x| (finite), without sign. */
export function expAbs(ax: number, prec: number, upper: boolean): string {
  if (ax === 0) return `${prec > 0 ? `0.${"0".repeat(prec)}` : "0"}${expSuffix(0, upper)}`;
  const { digits, exp } = roundSig(ax, prec + 1);
  const mant = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return mant + expSuffix(exp, upper);
}

/** "%.{prec}g" of |x| (finite), without sign; `alt` is the '#' flag (keep trailing zeros). */
export function generalAbs(ax: number, prec: number, upper: boolean, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  let digits: string;
  let exp: number;
  if (ax === 0) {
    digits = "0".repeat(p);
    exp = 0;
  } else {
    ({ digits, exp } = roundSig(ax, p));
  }
  if (exp < p && exp >= -4) {
    let int: string;
    let frac: string;
    if (exp >= 0) {
      int = digits.slice(0, exp + 1);
      frac = digits.slice(exp + 1);
    } else {
      int = "0";
      frac = "0".repeat(-exp - 1) + digits;
    }
    if (!alt) frac = stripZeros(frac);
    return frac.length > 0 || alt ? `${int}.${frac}` : int;
  }
  let frac = digits.slice(1);
  if (!alt) frac = stripZeros(frac);
  const mant = frac.length > 0 || alt ? `${digits[0]}.${frac}` : digits[0];
  return mant + expSuffix(exp, upper);
}

function stripZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * How glibc prints a non-finite double. NaN's sign cannot be seen from JavaScript (engines canonicalise
 * NaN); on x86 the NaN that arithmetic produces (0/0, inf-inf) has its sign bit set, so "-nan" is what
 * Redis prints for it, and that is the case scripts meet.
 */
export function nonFinite(x: number, upper: boolean): string {
  const s = Number.isNaN(x) ? "-nan" : x > 0 ? "inf" : "-inf";
  return upper ? s.toUpperCase() : s;
}

/** Significant digits of a plain-notation number string ("-0.00120" has 3; trailing zeros count). */
function significantDigits(s: string): number {
  let n = 0;
  let leading = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (leading && c === 48) continue;
    leading = false;
    n++;
  }
  return n;
}

/** Lua 5.1's `tostring(number)`: "%.14g". */
export function formatLuaNumber(x: number): string {
  if (Number.isInteger(x) && x < 1e14 && x > -1e14) return x === 0 && 1 / x < 0 ? "-0" : String(x);
  if (Number.isNaN(x) || x === Infinity || x === -Infinity) return nonFinite(x, false);
  // JavaScript's shortest round-trip digits, when there are at most 14 of them, are also the exact
  // value rounded to 14 digits (the double is far closer to them than half a 14-digit step), and
  // between 1e-4 and 1e14 both print them in plain notation without trailing zeros.
  const ax = x < 0 ? -x : x;
  if (ax >= 1e-4 && ax < 1e14) {
    const js = String(x);
    if (significantDigits(js) <= 14) return js;
  }
  const s = generalAbs(x < 0 ? -x : x, 14, false, false);
  return x < 0 || (x === 0 && 1 / x < 0) ? `-${s}` : s;
}
