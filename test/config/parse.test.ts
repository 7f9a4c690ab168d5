/**
 * redis.conf and argv parsing: quoting as Redis's sdssplitargs does it, memory units, unknown
 * options and bad values failing with their location, and flags overriding the file.
 */

import { describe, expect, test } from "bun:test";
import { Config, ConfigError, parseConfigFile, parseServerArgv } from "../../src/config/config.ts";
import { splitArgs } from "../../src/config/config-file.ts";

describe("splitArgs (sdssplitargs)", () => {
  const cases: [string, string[] | null][] = [
    ["a b  c", ["a", "b", "c"]],
    ["\tport\t6379  ", ["port", "6379"]],
    ['requirepass "p a s s"', ["requirepass", "p a s s"]],
    ['x "a\\"b" "\\n\\r\\t\\\\" "\\x41\\x7a"', ["x", 'a"b', "\n\r\t\\", "Az"]],
    ['x "\\q"', ["x", "q"]],
    ["x 'it\\'s' 'a\\nb'", ["x", "it's", "a\\nb"]],
    ['save ""', ["save", ""]],
    ["save ''", ["save", ""]],
    ['a"b c"d', null],
    ['a"b c" d', ["ab c", "d"]],
    ['x "abc', null],
    ["x 'abc", null],
    ['x "a"b', null],
    ["", []],
  ];
  for (const [line, words] of cases) {
    test(JSON.stringify(line), () => expect(splitArgs(line)).toEqual(words));
  }
});

describe("parseConfigFile", () => {
  test("directives, comments, blank lines, quoting, case-insensitive names", () => {
    const text = [
      "# redbun test config",
      "",
      "PORT 7000",
      "   bind 127.0.0.1 ::1   ",
      'requirepass "secret word"',
      "save 900 1",
      "save 300 10",
      "maxmemory 100mb\r",
      "include /etc/redbun/extra.conf",
      "  # indented comment",
    ].join("\n");
    expect(parseConfigFile(text)).toEqual([
      ["port", ["7000"]],
      ["bind", ["127.0.0.1", "::1"]],
      ["requirepass", ["secret word"]],
      ["save", ["900", "1"]],
      ["save", ["300", "10"]],
      ["maxmemory", ["100mb"]],
      ["include", ["/etc/redbun/extra.conf"]],
    ]);
  });

  function fileError(text: string, source?: string): string {
    try {
      parseConfigFile(text, source);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error("expected a ConfigError");
  }

  test("unknown options name the line", () => {
    expect(fileError("port 1\n\n# x\nfoo bar\n")).toBe("Unknown option 'foo' in config file line 4");
    expect(fileError("tcp-backlog 511", "redbun.conf")).toBe(
      "Unknown option 'tcp-backlog' in redbun.conf line 1",
    );
  });

  test("bad values, arity and quotes name the line", () => {
    expect(fileError("port abc")).toBe(
      "Bad directive in config file line 1 (port abc): argument couldn't be parsed into an integer",
    );
    expect(fileError("\nport 1 2")).toBe(
      "Bad directive in config file line 2 (port 1 2): wrong number of arguments",
    );
    expect(fileError("port")).toBe("Bad directive in config file line 1 (port): wrong number of arguments");
    expect(fileError('requirepass "abc')).toBe('Unbalanced quotes in config file line 1: requirepass "abc');
    expect(fileError("maxmemory 1t")).toContain("argument must be a memory value");
    expect(fileError("appendonly maybe")).toContain("argument must be 'yes' or 'no'");
    expect(fileError("include")).toBe("'include' takes one path, in config file line 1");
  });
});

describe("parseServerArgv", () => {
  test("config file then flags; values run until the next --flag", () => {
    expect(
      parseServerArgv(["redbun.conf", "--port", "7000", "--bind", "127.0.0.1", "::1", "--save", "900", "1"]),
    ).toEqual({
      configFile: "redbun.conf",
      options: [
        ["port", ["7000"]],
        ["bind", ["127.0.0.1", "::1"]],
        ["save", ["900", "1"]],
      ],
    });
  });

  test('--save "" and a bare --save both mean no snapshots', () => {
    expect(parseServerArgv(["--save", "", "--port", "1"]).options).toEqual([
      ["save", [""]],
      ["port", ["1"]],
    ]);
    expect(parseServerArgv(["--save", "--port", "1"]).options).toEqual([
      ["save", [""]],
      ["port", ["1"]],
    ]);
  });

  test("negative numbers are values, names are case-insensitive", () => {
    expect(parseServerArgv(["--HZ", "5", "--requirepass", "-secret"]).options).toEqual([
      ["hz", ["5"]],
      ["requirepass", ["-secret"]],
    ]);
  });

  test("help and version", () => {
    expect(parseServerArgv(["--help"])).toEqual({ options: [], help: true });
    expect(parseServerArgv(["-h"])).toEqual({ options: [], help: true });
    expect(parseServerArgv(["--port", "1", "--version"])).toEqual({ options: [], version: true });
    expect(parseServerArgv(["-v"])).toEqual({ options: [], version: true });
    expect(parseServerArgv([])).toEqual({ options: [] });
  });

  test("errors", () => {
    expect(() => parseServerArgv(["--foo", "1"])).toThrow(new ConfigError("Unknown option --foo"));
    expect(() => parseServerArgv(["--port"])).toThrow(
      new ConfigError("Bad value for --port: wrong number of arguments"),
    );
    expect(() => parseServerArgv(["--port", "x"])).toThrow(
      new ConfigError("Bad value for --port 'x': argument couldn't be parsed into an integer"),
    );
    expect(() => parseServerArgv(["--port", "1", "2"])).toThrow("wrong number of arguments");
    expect(() => parseServerArgv(["a.conf", "b.conf"])).toThrow("Unexpected argument 'b.conf'");
    expect(() => parseServerArgv(["--"])).toThrow("Unexpected argument '--'");
  });
});

describe("file + flags -> Config", () => {
  test("flags override the file; save lines accumulate; memory units", () => {
    const file = parseConfigFile("port 7000\nmaxmemory 1gb\nsave 900 1\nsave 300 10\nloglevel warning\n");
    const argv = parseServerArgv(["x.conf", "--port", "7001", "--maxmemory", "512kb"]);
    const config = Config.fromEntries([...file, ...argv.options]);
    expect(config.get("port")).toBe("7001");
    expect(config.get("maxmemory")).toBe("524288");
    expect(config.get("save")).toBe("900 1 300 10");
    expect(config.get("loglevel")).toBe("warning");
  });

  test('a later save "" resets, client-output-buffer-limit lines merge per class', () => {
    const config = Config.fromEntries(
      parseConfigFile(
        'save 900 1\nsave ""\nsave 60 5\nclient-output-buffer-limit pubsub 1mb 1mb 0\nclient-output-buffer-limit normal 1 2 3\n',
      ),
    );
    expect(config.get("save")).toBe("60 5");
    expect(config.get("client-output-buffer-limit")).toBe(
      "normal 1 2 3 slave 268435456 67108864 60 pubsub 1048576 1048576 0",
    );
  });

  test("immutable parameters can be set at start", () => {
    const config = Config.fromEntries([["databases", ["4"]]]);
    expect(config.getNumber("databases")).toBe(4);
  });

  test("load rejects what the parsers reject", () => {
    const config = new Config();
    expect(() => config.load("nope", ["1"])).toThrow("Unknown option 'nope'");
    expect(() => config.load("port", ["1", "2"])).toThrow("Bad value for 'port': wrong number of arguments");
  });
});
