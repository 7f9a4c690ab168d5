/**
 * Glob cases with the answers redis-server 7.0.15 gives (checked with KEYS against a live
 * server for the case-sensitive ones). Subjects and patterns are binary strings.
 */

/** [pattern, subject, matches] */
export const GLOB_CASES: readonly (readonly [string, string, boolean])[] = [
  // Plain and wildcard basics (keyspace.tcl "KEYS with pattern", "KEYS with hashtag").
  ["foo*", "foo_a", true],
  ["foo*", "key_x", false],
  ["*", "hello", true],
  ["{a}*", "{a}x", true],
  ["{a}*", "{b}a", false],
  ["*{b}*", "{b}c", true],
  ["h?llo", "hello", true],
  ["h?llo", "hllo", false],
  ["h?llo", "heello", false],
  ["h*llo", "hllo", true],
  ["h*llo", "heeeello", true],
  ["h*llo", "hellox", false],
  ["a*b*c", "aXXbYYc", true],
  ["a*b*c", "aXXbYY", false],
  ["**a**", "bab", true],
  ["a*", "a", true],
  ["a**", "a", true],
  ["a*?", "a", false],
  // Classes.
  ["h[ae]llo", "hello", true],
  ["h[ae]llo", "hallo", true],
  ["h[ae]llo", "hillo", false],
  ["h[^e]llo", "hallo", true],
  ["h[^e]llo", "hello", false],
  ["h[a-b]llo", "hbllo", true],
  ["h[a-b]llo", "hcllo", false],
  ["[z-a]", "m", true], // a reversed range is swapped
  ["[a-]", "_", true], // "a-]" is the range a..] (swapped to ]..a) and the class is unterminated
  ["[a-]", "-", false],
  ["[]]", "]", false], // "]" right after "[" closes an empty class
  ["[^]", "x", true],
  ["[", "x", false], // unterminated, empty
  ["[^", "x", true],
  ["[abc", "a", true], // unterminated class runs to the end of the pattern
  ["[abc", "d", false],
  ["[abc", "ab", false],
  ["[\\]]", "]", true],
  ["[\\-]", "-", true],
  ["[a\\-z]", "m", false],
  ["[a\\-z]", "-", true],
  ["[\\", "\\", true], // a lone backslash at the end of a class is a literal
  // Escapes.
  ["h\\*llo", "h*llo", true],
  ["h\\*llo", "hello", false],
  ["\\?", "?", true],
  ["\\?", "x", false],
  ["\\", "\\", true], // trailing backslash is literal
  ["a\\", "a\\", true],
  ["\\[a]", "[a]", true],
  // Empty pattern and subject (stringmatchlen itself: KEYS/SCAN special-case a lone "*").
  ["", "", true],
  ["", "a", false],
  ["a", "", false],
  ["?", "", false],
  ["*", "", false],
  // Binary bytes; range bounds compare as signed chars, so 0x80..0xff sort below ASCII.
  ["\x00*", "\x00abc", true],
  ["a?c", "a\x00c", true],
  ["[\x80-\xff]", "\x90", true],
  ["[\x80-\xff]", "a", false],
  ["[a-\xff]", "b", false],
  ["[a-\xff]", "A", true],
  ["[a-\xff]", "\xff", true],
  ["[a-\xff]", "\x80", false],
  ["\xe9t\xe9", "\xe9t\xe9", true],
  // Hostile patterns (keyspace.tcl regressions): must answer, and quickly.
  ["a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(40), false],
  ["*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(1000), false],
  ["*?".repeat(50_000), "a".repeat(40), false],
  ["*a".repeat(1000), "a".repeat(1200), true],
  ["*a".repeat(1001), "a".repeat(1200), false], // more than 1000 nested stars: Redis gives up
];

/** [pattern, subject, matches] with nocase (from reading util.c; KEYS cannot check these). */
export const GLOB_NOCASE_CASES: readonly (readonly [string, string, boolean])[] = [
  ["HELLO", "hello", true],
  ["h?LLO", "HeLlo", true],
  ["[A-Z]", "q", true],
  ["[a-z]", "Q", true],
  ["[^A-Z]", "q", false],
  ["[ABC]", "b", true],
  ["[\\A]", "a", false], // an escape inside a class compares case-sensitively
  ["[\\A]", "A", true],
  ["\\A", "a", true], // outside a class it does not
  ["[a-Z]", "_", false], // bounds swapped to Z..a, then lowered to z..a: an empty range
];
