/**
 * The logger: Redis's levels and line format, run-time level changes, file output.
 */

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../src/telemetry/log.ts";

const LINE = /^4242:M \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} ([.\-*#]) (.*)\n$/;

function capture(level: string) {
  const lines: string[] = [];
  const log = createLogger(level, undefined, { pid: 4242, write: (l) => lines.push(l) });
  const parsed = () =>
    lines.map((l) => {
      const m = LINE.exec(l);
      if (!m) throw new Error(`not a Redis log line: ${JSON.stringify(l)}`);
      return `${m[1]} ${m[2]}`;
    });
  return { log, lines, parsed };
}

function logAll(log: ReturnType<typeof createLogger>): void {
  log.debug("d");
  log.verbose("v");
  log.notice("n %d", 42);
  log.warning("w");
}

describe("createLogger", () => {
  test("each Redis level shows itself and the levels above, with Redis's marks", () => {
    const expected: Record<string, string[]> = {
      debug: [". d", "- v", "* n 42", "# w"],
      verbose: ["- v", "* n 42", "# w"],
      notice: ["* n 42", "# w"],
      warning: ["# w"],
      nothing: [],
    };
    for (const [level, want] of Object.entries(expected)) {
      const { log, parsed } = capture(level);
      logAll(log);
      expect(parsed()).toEqual(want);
    }
  });

  test("repeated lines are all written (no consola throttling)", () => {
    const { log, lines } = capture("notice");
    for (let i = 0; i < 10; i++) log.notice("same");
    expect(lines.length).toBe(10);
  });

  test("setLevel and enabled", () => {
    const { log, parsed } = capture("warning");
    expect(log.enabled("notice")).toBe(false);
    log.notice("hidden");
    log.setLevel("DEBUG");
    expect(log.level).toBe("debug");
    expect(log.enabled("debug")).toBe(true);
    expect(log.enabled("nothing")).toBe(false);
    log.debug("shown");
    expect(parsed()).toEqual([". shown"]);
    expect(() => log.setLevel("loud")).toThrow("Unknown log level 'loud'");
    expect(() => createLogger("loud")).toThrow(TypeError);
  });

  describe("file output", () => {
    const dir = mkdtempSync(join(tmpdir(), "redbun-log-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test("appends Redis-format lines; nothing after close", () => {
      const file = join(dir, "redbun.log");
      const first = createLogger("notice", file, { pid: 4242 });
      first.notice("one");
      first.close();
      const second = createLogger("notice", file, { pid: 4242 });
      second.warning("two");
      second.close();
      second.warning("after close");
      const lines = readFileSync(file, "utf8").split(/(?<=\n)/);
      expect(lines.map((l) => LINE.exec(l)?.slice(1, 3))).toEqual([
        ["*", "one"],
        ["#", "two"],
      ]);
    });
  });
});
