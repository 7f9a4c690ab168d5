/** globMatch against a table of answers taken from redis-server 7.0.15. */

import { describe, expect, test } from "bun:test";
import { globMatch } from "../../src/db/glob.ts";
import { GLOB_CASES, GLOB_NOCASE_CASES } from "./glob-cases.ts";

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s);

describe("globMatch", () => {
  test.each(GLOB_CASES.map(([p, s, want]) => [show(p), show(s), want, p, s] as const))(
    "%s ~ %s is %p",
    (_p, _s, want, p, s) => {
      expect(globMatch(p, s)).toBe(want);
    },
  );

  test.each(GLOB_NOCASE_CASES.map(([p, s, want]) => [show(p), show(s), want, p, s] as const))(
    "nocase %s ~ %s is %p",
    (_p, _s, want, p, s) => {
      expect(globMatch(p, s, true)).toBe(want);
    },
  );

  test("case-sensitive by default", () => {
    expect(globMatch("HELLO", "hello")).toBe(false);
    expect(globMatch("[A-Z]", "q")).toBe(false);
  });

  test("hostile patterns take polynomial time", () => {
    const subject = "a".repeat(5000);
    const pattern = `${"*a".repeat(200)}*b`;
    const start = performance.now();
    expect(globMatch(pattern, subject)).toBe(false);
    expect(globMatch(`${"*a".repeat(30)}*b`, "a".repeat(100))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
