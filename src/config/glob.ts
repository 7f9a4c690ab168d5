/**
 * Redis-style glob matching (`*`, `?`, `[abc]`, `[^a-z]`, `\x`) for CONFIG GET patterns.
 *
 * Parameter names are short and few, so this is a plain recursive matcher; KEYS/SCAN on the Db
 * use their own (src/db) where speed on large keyspaces matters.
 */

/** Whether `pattern` has any glob syntax; without it CONFIG GET is a direct lookup. */
export function isGlob(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** Matches `text` against `pattern` the way Redis's stringmatchlen does, optionally ignoring case. */
export function globMatch(pattern: string, text: string, nocase = false): boolean {
  if (nocase) {
    pattern = pattern.toLowerCase();
    text = text.toLowerCase();
  }
  return matchFrom(pattern, 0, text, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi]!;
    if (c === "*") {
      while (p[pi + 1] === "*") pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) if (matchFrom(p, pi + 1, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === "?") {
      pi++;
      si++;
      continue;
    }
    if (c === "[") {
      const end = classEnd(p, pi);
      if (!classMatches(p.slice(pi + 1, end), s[si]!)) return false;
      pi = end + 1;
      si++;
      continue;
    }
    const literal = c === "\\" && pi + 1 < p.length ? p[++pi]! : c;
    if (literal !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

/** Index of the `]` closing the class opened at `start` (or the pattern's end, as Redis does). */
function classEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === "^") i++;
  for (; i < p.length; i++) {
    if (p[i] === "\\") i++;
    else if (p[i] === "]") return i;
  }
  return p.length;
}

function classMatches(body: string, ch: string): boolean {
  const negate = body[0] === "^";
  let hit = false;
  for (let i = negate ? 1 : 0; i < body.length; i++) {
    if (body[i] === "\\" && i + 1 < body.length) {
      if (body[++i] === ch) hit = true;
    } else if (body[i + 1] === "-" && i + 2 < body.length) {
      let lo = body[i]!;
      let hi = body[i + 2]!;
      if (lo > hi) [lo, hi] = [hi, lo];
      if (ch >= lo && ch <= hi) hit = true;
      i += 2;
    } else if (body[i] === ch) hit = true;
  }
  return negate ? !hit : hit;
}
