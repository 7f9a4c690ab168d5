/**
 * Splits one line typed at the prompt (or read from stdin) into command arguments with the
 * rules of Redis's `sdssplitargs`, so a line means the same to redbun-cli as to redis-cli:
 *
 * - arguments are separated by spaces, tabs, CR, LF or NUL;
 * - `"..."` understands `\n \r \t \b \a`, `\xHH` (two hex digits) and `\<any>` → `<any>`;
 * - `'...'` understands only `\'`;
 * - a closing quote must be followed by a separator or the end of the line.
 *
 * It works on bytes because `"\xff"` is one byte 0xff, which no JS string argument can carry
 * through a UTF-8 encoder unchanged.
 *
 * @example
 * splitArgs(utf8(`set "a b" '\\x'`)) // → [set, "a b", "\\x"] as byte arrays
 */

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const NUL = 0;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  // C's isspace(): space, \t \n \v \f \r.
  return c === SPACE || (c >= TAB && c <= CR);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The escapes `"..."` knows besides `\xHH`; anything else stands for itself. */
const ESCAPES: Record<number, number> = { 110: LF, 114: CR, 116: TAB, 98: 8, 97: 7 };

/**
 * Splits `line` into arguments. Returns null for unbalanced quotes or a closing quote that is
 * not followed by a space, which redis-cli reports as "Invalid argument(s)".
 */
export function splitArgs(line: Uint8Array): Uint8Array[] | null {
  const out: Uint8Array[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && isSpace(line[p]!)) p++;
    if (p >= n) return out;
    const cur: number[] = [];
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      if (inDq) {
        if (p >= n) return null; // unterminated quotes
        const c = line[p]!;
        if (
          c === BACKSLASH &&
          p + 3 < n &&
          line[p + 1] === 120 &&
          hexValue(line[p + 2]!) >= 0 &&
          hexValue(line[p + 3]!) >= 0
        ) {
          cur.push(hexValue(line[p + 2]!) * 16 + hexValue(line[p + 3]!));
          p += 3;
        } else if (c === BACKSLASH && p + 1 < n) {
          p++;
          const e = line[p]!;
          cur.push(ESCAPES[e] ?? e);
        } else if (c === DQUOTE) {
          // The closing quote must be followed by a space or nothing at all.
          if (p + 1 < n && !isSpace(line[p + 1]!)) return null;
          done = true;
        } else {
          cur.push(c);
        }
      } else if (inSq) {
        if (p >= n) return null;
        const c = line[p]!;
        if (c === BACKSLASH && p + 1 < n && line[p + 1] === SQUOTE) {
          p++;
          cur.push(SQUOTE);
        } else if (c === SQUOTE) {
          if (p + 1 < n && !isSpace(line[p + 1]!)) return null;
          done = true;
        } else {
          cur.push(c);
        }
      } else {
        const c = p < n ? line[p]! : NUL;
        if (p >= n || c === SPACE || c === LF || c === CR || c === TAB || c === NUL) {
          done = true;
        } else if (c === DQUOTE) {
          inDq = true;
        } else if (c === SQUOTE) {
          inSq = true;
        } else {
          cur.push(c);
        }
      }
      if (p < n) p++;
    }
    out.push(Uint8Array.from(cur));
  }
}
