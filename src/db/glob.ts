/**
 * Redis's glob matcher (`stringmatchlen` in util.c) over binary strings, for KEYS, SCAN MATCH,
 * PSUBSCRIBE and CONFIG GET: `*`, `?`, `[abc]`, `[^abc]`, `[a-z]`, `\x`.
 *
 * The odd corners are Redis's, on purpose: an unterminated `[` matches like a class that runs
 * to the end of the pattern, a reversed range `[z-a]` is swapped, `\` inside a class escapes
 * case-sensitively even with `nocase`, a trailing `\` is a literal backslash, and range bounds
 * compare as signed chars (bytes >= 0x80 sort below ASCII), as redis-server does on x86-64.
 *
 * Two guards keep hostile patterns (`*a*a*a*a*a*a*b`) polynomial, as in Redis 7: once the rest
 * of the pattern after a `*` fails to match at every later position, no earlier `*` can help
 * either (`skipLonger`), and recursion deeper than 1000 `*`s gives up (no match).
 *
 * @example
 * globMatch("h?llo*", "hello world"); // true
 * globMatch("H[A-Z]*", "hello", true); // true
 */

const STAR = 42;
const QUESTION = 63;
const OPEN = 91;
const CLOSE = 93;
const CARET = 94;
const DASH = 45;
const BACKSLASH = 92;

/** Shared "no later start can match" flag of one top-level call (Redis's skipLongerMatches). */
let skipLonger = false;

export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  skipLonger = false;
  return match(pattern, 0, subject, 0, nocase, 0);
}

/** ASCII tolower, as C's tolower in the "C" locale (Redis never sets LC_CTYPE). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A byte as x86's signed `char`, for range bounds. */
function signed(c: number): number {
  return c >= 128 ? c - 256 : c;
}

/** Pattern byte at i; past the end it reads 0, like the NUL after a C string. */
function at(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : 0;
}

function match(pat: string, p: number, str: string, s: number, nocase: boolean, nesting: number): boolean {
  if (nesting > 1000) return false;
  const pend = pat.length;
  const send = str.length;
  while (p < pend && s < send) {
    const pc = pat.charCodeAt(p);
    if (pc === STAR) {
      while (p + 1 < pend && pat.charCodeAt(p + 1) === STAR) p++;
      if (p + 1 === pend) return true;
      for (; s < send; s++) {
        if (match(pat, p + 1, str, s, nocase, nesting + 1)) return true;
        if (skipLonger) return false;
      }
      skipLonger = true;
      return false;
    }
    if (pc === QUESTION) {
      s++;
    } else if (pc === OPEN) {
      const c = str.charCodeAt(s);
      p++;
      const not = at(pat, p) === CARET;
      if (not) p++;
      let matched = false;
      for (;;) {
        const k = at(pat, p);
        if (k === BACKSLASH && pend - p >= 2) {
          p++;
          if (pat.charCodeAt(p) === c) matched = true;
        } else if (k === CLOSE && p < pend) {
          break;
        } else if (p >= pend) {
          // Unterminated class: step back so the shared `p++` below lands on the end.
          p--;
          break;
        } else if (pend - p >= 3 && pat.charCodeAt(p + 1) === DASH) {
          let start = signed(k);
          let end = signed(pat.charCodeAt(p + 2));
          let x = signed(c);
          if (start > end) [start, end] = [end, start];
          if (nocase) {
            start = lower(start);
            end = lower(end);
            x = lower(x);
          }
          p += 2;
          if (x >= start && x <= end) matched = true;
        } else if (nocase ? lower(k) === lower(c) : k === c) {
          matched = true;
        }
        p++;
      }
      if (not) matched = !matched;
      if (!matched) return false;
      s++;
    } else {
      if (pc === BACKSLASH && pend - p >= 2) p++;
      const k = pat.charCodeAt(p);
      const c = str.charCodeAt(s);
      if (nocase ? lower(k) !== lower(c) : k !== c) return false;
      s++;
    }
    p++;
    if (s === send) {
      while (p < pend && pat.charCodeAt(p) === STAR) p++;
      break;
    }
  }
  return p === pend && s === send;
}
