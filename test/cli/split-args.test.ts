/**
 * The prompt's argument splitter (sdssplitargs rules) and the option/command split of argv.
 * The same quoting is also checked end to end against redis-cli in differential.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { splitCliArgv } from "../../cli/cli-argv.ts";
import { splitArgs } from "../../cli/split-args.ts";

const enc = new TextEncoder();

/** Split a line and show each argument as a binary string (one char per byte). */
function split(line: string): string[] | null {
  const out = splitArgs(Buffer.from(line, "latin1"));
  return out === null ? null : out.map((a) => Buffer.from(a).toString("latin1"));
}

describe("splitArgs", () => {
  test("words separated by any run of blanks", () => {
    expect(split("set  a\t1 ")).toEqual(["set", "a", "1"]);
    expect(split("   ")).toEqual([]);
    expect(split("")).toEqual([]);
  });

  test("double quotes: escapes and \\xHH bytes", () => {
    expect(split(String.raw`set "a b" "x\ny\tz\r\a\b"`)).toEqual(["set", "a b", "x\ny\tz\r\x07\x08"]);
    expect(split(String.raw`"\x41\xff\x00" "\"q\"" "\\"`)).toEqual(["A\xff\x00", '"q"', "\\"]);
    // An incomplete \x escape is just an escaped `x` followed by the rest.
    expect(split(String.raw`"\x4g"`)).toEqual(["x4g"]);
    expect(split(String.raw`"\q"`)).toEqual(["q"]);
    expect(split('""')).toEqual([""]);
  });

  test("single quotes: only \\' is an escape", () => {
    expect(split(String.raw`'a\nb' 'it\'s'`)).toEqual(["a\\nb", "it's"]);
  });

  test("quotes inside a word start a quoted part", () => {
    expect(split('ab"c d"')).toEqual(["abc d"]);
  });

  test("unbalanced quotes and a quote glued to the next word are errors", () => {
    expect(split('set "abc')).toBeNull();
    expect(split("set 'abc")).toBeNull();
    expect(split('"a"b')).toBeNull();
    expect(split("'a'b")).toBeNull();
    expect(split('"abc\\')).toBeNull();
  });

  test("UTF-8 passes through as bytes", () => {
    const out = splitArgs(enc.encode("set k é"))!;
    expect(out[2]).toEqual(new Uint8Array([0xc3, 0xa9]));
  });
});

describe("splitCliArgv", () => {
  test("options end at the first word that is not one", () => {
    expect(splitCliArgv(["-p", "7000", "--raw", "incrby", "n", "-1"])).toEqual({
      options: ["-p", "7000", "--raw"],
      command: ["incrby", "n", "-1"],
    });
    expect(splitCliArgv(["echo", "--help"])).toEqual({ options: [], command: ["echo", "--help"] });
    expect(splitCliArgv(["-3", "--no-raw"])).toEqual({ options: ["-3", "--no-raw"], command: [] });
  });

  test("a value option takes the next word even if it looks like an option", () => {
    expect(splitCliArgv(["-a", "-secret", "ping"])).toEqual({
      options: ["-a", "-secret"],
      command: ["ping"],
    });
  });

  test("unknown options and missing values are reported", () => {
    expect(splitCliArgv(["--bogus", "ping"]).unknown).toBe("--bogus");
    expect(splitCliArgv(["-p"]).missingValue).toBe("-p");
  });
});
