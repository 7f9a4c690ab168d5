/**
 * Redis's text forms of numbers. Redis prints doubles with C's `%.17g`; JS has no such
 * formatter, so we build it from `toExponential(16)` (the same 17 significant digits).
 */

import { formatLongDoubleHuman, longDoubleFromNumber } from "./long-double.ts";

/**
 * Redis's human long-double text (`%.17Lf`, trailing zeros removed: INCRBYFLOAT,
 * HINCRBYFLOAT) of a JS number, converted exactly. Arithmetic that must match Redis has to
 * be done in long double first (see long-double.ts): 0.1 + 0.2 as doubles prints
 * "0.30000000000000004", Redis's long-double sum prints "0.3".
 */
export function formatLongDouble(d: number): string {
  return formatLongDoubleHuman(longDoubleFromNumber(d));
}

/** C's `printf("%.17g", d)`, with Redis's `inf` / `-inf` / `nan` spellings. */
export function formatDouble(d: number): string {
  if (d === Number.POSITIVE_INFINITY) return "inf";
  if (d === Number.NEGATIVE_INFINITY) return "-inf";
  if (Number.isNaN(d)) return "nan";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  const [mant, expText] = d.toExponential(16).split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 17) {
    const m = stripZeros(mant);
    const sign = exp < 0 ? "-" : "+";
    const abs = Math.abs(exp);
    return `${m}e${sign}${abs < 10 ? "0" : ""}${abs}`;
  }
  // Fixed notation with 17 significant digits, then trailing zeros dropped as %g does.
  const digits = mant.replace("-", "").replace(".", "");
  const neg = d < 0 ? "-" : "";
  let out: string;
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1);
    const frac = digits.slice(exp + 1);
    out = frac.length ? `${intPart}.${frac}` : intPart;
  } else {
    out = `0.${"0".repeat(-exp - 1)}${digits}`;
  }
  return neg + stripZeros(out);
}

function stripZeros(s: string): string {
  if (!s.includes(".")) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
