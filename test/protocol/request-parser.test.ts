import { describe, expect, test } from "bun:test";
import { PROTOCOL } from "../../src/errors.ts";
import {
  ProtocolError,
  QueryBufferLimitError,
  RequestParser,
  splitInline,
} from "../../src/protocol/request-parser.ts";
import { b, byteByByte, cut, s } from "./helpers.ts";

const MB = 1024 * 1024;

interface Result {
  commands: string[][];
  error: string | null;
}

function parser(opts: { authenticated?: boolean; maxBulkLen?: number; maxQueryBuffer?: number } = {}) {
  const p = new RequestParser({
    maxBulkLen: opts.maxBulkLen ?? 512 * MB,
    maxQueryBuffer: opts.maxQueryBuffer ?? 1024 * MB,
  });
  p.authenticated = opts.authenticated ?? true;
  return p;
}

/** Feed the chunks one by one, draining after each, as the connection does. */
function run(chunks: Uint8Array[], opts: Parameters<typeof parser>[0] = {}): Result {
  const p = parser(opts);
  const commands: string[][] = [];
  try {
    for (const chunk of chunks) {
      p.feed(chunk);
      for (let argv = p.next(); argv !== null; argv = p.next()) commands.push(argv.map(s));
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { commands, error: err.message };
  }
  return { commands, error: null };
}

/** The same result whole, cut at every single position, cut at every pair of positions, and byte by byte. */
function expectEverySplit(input: string, expected: Result, opts: Parameters<typeof parser>[0] = {}) {
  const bytes = b(input);
  expect(run([bytes], opts)).toEqual(expected);
  expect(run(byteByByte(bytes), opts)).toEqual(expected);
  for (let i = 1; i < bytes.length; i++) {
    expect(run(cut(bytes, [i]), opts)).toEqual(expected);
  }
  if (bytes.length <= 80) {
    for (let i = 1; i < bytes.length; i++) {
      for (let j = i + 1; j < bytes.length; j++) expect(run(cut(bytes, [i, j]), opts)).toEqual(expected);
    }
  }
}

const ok = (...commands: string[][]): Result => ({ commands, error: null });
const fails = (error: string, ...commands: string[][]): Result => ({ commands, error });

describe("multibulk", () => {
  const samples: [string, string, Result][] = [
    ["simple", "*1\r\n$4\r\nPING\r\n", ok(["PING"])],
    ["three args", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n", ok(["SET", "k", "hello"])],
    ["empty bulk", "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", ok(["ECHO", ""])],
    [
      "binary with CRLF and NUL inside",
      "*2\r\n$3\r\nSET\r\n$6\r\na\r\n\0\xffb\r\n",
      ok(["SET", "a\r\n\0\xffb"]),
    ],
    ["*0 and *-1 are skipped", "*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", ok(["PING"])],
    ["most negative count is skipped", "*-9223372036854775808\r\n*1\r\n$1\r\nx\r\n", ok(["x"])],
    [
      "bytes after CR and after a bulk are not checked",
      "*1\rX$4\rYPINGab*1\r\n$1\r\nx\r\n",
      ok(["PING"], ["x"]),
    ],
    [
      "many frames in one chunk",
      "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n",
      ok(["PING"], ["GET", "k"], ["PING"]),
    ],
    ["multibulk after inline", "PING\r\n*1\r\n$4\r\nQUIT\r\n", ok(["PING"], ["QUIT"])],
    ["incomplete command waits", "*2\r\n$3\r\nGET\r\n$1\r\nk\r", ok()],
    ["CR as last byte of a header waits", "*1\r", ok()],
    ["leading zeros in a bulk length", "*1\r\n$0000000001\r\nx\r\n", fails(PROTOCOL.invalidBulkLength)],
  ];
  for (const [name, input, expected] of samples) {
    test(name, () => expectEverySplit(input, expected));
  }

  test("args are views into the chunk, not copies", () => {
    const chunk = b("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
    const p = parser();
    p.feed(chunk);
    const argv = p.next()!;
    expect(argv[1]!.buffer).toBe(chunk.buffer);
    expect(argv[1]!.byteOffset).toBe(17);
    expect(p.next()).toBeNull();
    expect(p.pending).toBe(0);
  });

  test("an arg split across chunks is joined; the others stay views", () => {
    const first = b("*2\r\n$3\r\nGET\r\n$5\r\nhe");
    const second = b("llo\r\n");
    const p = parser();
    p.feed(first);
    expect(p.next()).toBeNull();
    expect(p.pending).toBe(first.length);
    p.feed(second);
    const argv = p.next()!;
    expect(argv.map(s)).toEqual(["GET", "hello"]);
    expect(argv[0]!.buffer).toBe(first.buffer);
    expect(p.pending).toBe(0);
  });

  test("several chunks fed before next() are all parsed", () => {
    const p = parser();
    p.feed(b("*1\r\n$4\r\nPI"));
    p.feed(b("NG\r\n*1\r\n$1\r\n"));
    p.feed(b("x\r\n"));
    expect(p.next()!.map(s)).toEqual(["PING"]);
    expect(p.next()!.map(s)).toEqual(["x"]);
    expect(p.next()).toBeNull();
  });
});

describe("multibulk errors", () => {
  const cases: [string, string, string][] = [
    ["count not a number", "*abc\r\n", PROTOCOL.invalidMbulkLength],
    ["empty count", "*\r\n", PROTOCOL.invalidMbulkLength],
    ["count with +", "*+1\r\n", PROTOCOL.invalidMbulkLength],
    ["count with leading zero", "*01\r\n", PROTOCOL.invalidMbulkLength],
    ["-0 count", "*-0\r\n", PROTOCOL.invalidMbulkLength],
    ["count over INT_MAX", "*2147483648\r\n", PROTOCOL.invalidMbulkLength],
    ["count below int64", "*-9223372036854775809\r\n", PROTOCOL.invalidMbulkLength],
    ["LF instead of CRLF reads on to the next CR", "*1\n$4\r\nPING\r\n", PROTOCOL.invalidMbulkLength],
    ["array inside a command", "*1\r\n*1\r\n", PROTOCOL.expectedDollar("*")],
    ["empty bulk header line", "*1\r\n\r\n", PROTOCOL.expectedDollar(" ")],
    ["LF as type byte", "*1\r\n\n\r\n", PROTOCOL.expectedDollar(" ")],
    ["simple string inside a command", "*1\r\n+OK\r\n", PROTOCOL.expectedDollar("+")],
    ["negative bulk length", "*1\r\n$-1\r\n", PROTOCOL.invalidBulkLength],
    ["bulk length not a number", "*1\r\n$abc\r\n", PROTOCOL.invalidBulkLength],
    ["empty bulk length", "*1\r\n$\r\n", PROTOCOL.invalidBulkLength],
    ["bulk length beyond int64", "*1\r\n$9223372036854775808\r\n", PROTOCOL.invalidBulkLength],
    ["bulk length over proto-max-bulk-len", "*1\r\n$536870913\r\n", PROTOCOL.invalidBulkLength],
  ];
  for (const [name, input, error] of cases) {
    test(name, () => expectEverySplit(input, fails(error)));
  }

  test("commands before the bad one are returned first", () => {
    expectEverySplit("*1\r\n$4\r\nPING\r\n*x\r\n", fails(PROTOCOL.invalidMbulkLength, ["PING"]));
  });

  test("a count up to INT_MAX is accepted (and waits for its bulks)", () => {
    expectEverySplit("*2147483647\r\n", ok());
  });

  test("proto-max-bulk-len is configurable", () => {
    expectEverySplit("*1\r\n$4\r\nPING\r\n", ok(["PING"]), { maxBulkLen: 4 });
    expectEverySplit("*1\r\n$5\r\nHELLO\r\n", fails(PROTOCOL.invalidBulkLength), { maxBulkLen: 4 });
  });

  test("header line over 64 KiB without CR", () => {
    const count = `*${"1".repeat(64 * 1024 + 1)}`;
    expect(run([b(count)])).toEqual(fails(PROTOCOL.tooBigMbulkCount));
    expect(run([b(count.slice(0, 64 * 1024)), b("1")])).toEqual(fails(PROTOCOL.tooBigMbulkCount));
    expect(run([b(count.slice(0, 64 * 1024))])).toEqual(ok());
    const bulk = `*1\r\n$${"1".repeat(64 * 1024)}`;
    expect(run([b(bulk)])).toEqual(fails(PROTOCOL.tooBigBulkCount));
    // A CR as the very last byte is "found": Redis waits for the byte after it.
    expect(run([b(`${count}\r`)])).toEqual(ok());
  });

  test("a NUL before the CR hides it: the client is cut off at 64 KiB", () => {
    expect(run([b("*1\0\r\n$4\r\nPING\r\n")])).toEqual(ok());
    const filler = "x".repeat(64 * 1024);
    expect(run([b("*1\0\r\n"), b(filler)])).toEqual(fails(PROTOCOL.tooBigMbulkCount));
    expect(run([b("*1\r\n$1\0\r\n"), b(filler)])).toEqual(fails(PROTOCOL.tooBigBulkCount));
    // A NUL right after the CR is the skipped byte: no effect.
    expectEverySplit("*1\r\0$4\r\nPING\r\n", ok(["PING"]));
  });
});

describe("unauthenticated limits", () => {
  const unauth = { authenticated: false };
  test("up to 10 args of 16384 bytes", () => {
    const args = Array.from({ length: 10 }, (_, i) => `a${i}`);
    const input = `*10\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;
    expectEverySplit(input, ok(args), unauth);
    const big = "v".repeat(16384);
    expect(run([b(`*1\r\n$16384\r\n${big}\r\n`)], unauth)).toEqual(ok([big]));
  });
  test("11 args", () => {
    expectEverySplit("*11\r\n", fails(PROTOCOL.unauthMbulkLength), unauth);
  });
  test("a bulk of 16385 bytes", () => {
    expectEverySplit("*1\r\n$16385\r\n", fails(PROTOCOL.unauthBulkLength), unauth);
  });
  test("invalid beats unauthenticated, as in Redis", () => {
    expectEverySplit("*2147483648\r\n", fails(PROTOCOL.invalidMbulkLength), unauth);
    expectEverySplit("*1\r\n$536870913\r\n", fails(PROTOCOL.invalidBulkLength), unauth);
  });
  test("the flag is read per command", () => {
    const p = parser(unauth);
    p.feed(b("*1\r\n$4\r\nAUTH\r\n*11\r\n"));
    expect(p.next()!.map(s)).toEqual(["AUTH"]);
    p.authenticated = true;
    expect(p.next()).toBeNull();
  });
});

describe("inline", () => {
  const samples: [string, string, Result][] = [
    ["CRLF", "PING\r\n", ok(["PING"])],
    ["LF only", "SET a b\n", ok(["SET", "a", "b"])],
    ["blanks around and between", " \t SET \t a   b \r\n", ok(["SET", "a", "b"])],
    ["empty lines are skipped", "\r\n\n   \r\nPING\n", ok(["PING"])],
    ["double quotes", 'SET "a b" "c"\r\n', ok(["SET", "a b", "c"])],
    ["single quotes", "SET 'a b' 'it\\'s'\r\n", ok(["SET", "a b", "it's"])],
    ["single quotes keep other backslashes", "ECHO 'a\\nb\\\\c'\n", ok(["ECHO", "a\\nb\\\\c"])],
    [
      "a backslash before the closing single quote escapes it",
      "ECHO 'a\\'\n",
      fails(PROTOCOL.unbalancedQuotes),
    ],
    [
      "double-quote escapes",
      'ECHO "\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\"\\q"\n',
      ok(["ECHO", 'AJ\n\r\t\b\x07\\"q']),
    ],
    ["bad \\x is a plain escape", 'ECHO "\\xZ1"\n', ok(["ECHO", "xZ1"])],
    ["empty quoted arg", 'SET k ""\n', ok(["SET", "k", ""])],
    ["a quote opens mid-word", 'SET ab"c d" x\n', ok(["SET", "abc d", "x"])],
    ["\\v and \\f separate only at word starts", "a\x0bb \x0b\x0cc\n", ok(["a\x0bb", "c"])],
    ["CR inside the line separates words", "a\rb\r\n", ok(["a", "b"])],
    ["binary bytes", "SET k \xff\xfe\n", ok(["SET", "k", "\xff\xfe"])],
    ["inline then multibulk then inline", "A\n*1\r\n$1\r\nB\r\nC\n", ok(["A"], ["B"], ["C"])],
    ["incomplete line waits", "GET k", ok()],
  ];
  for (const [name, input, expected] of samples) {
    test(name, () => expectEverySplit(input, expected));
  }

  const errors: [string, string][] = [
    ["unterminated double quote", 'SET "a\n'],
    ["unterminated single quote", "SET 'a\r\n"],
    ["closing quote followed by a letter", 'SET "a"b\n'],
    ["closing single quote followed by a quote", "SET 'a''b'\n"],
    ["backslash at the end inside quotes", 'SET "a\\\n'],
  ];
  for (const [name, input] of errors) {
    test(name, () => expectEverySplit(input, fails(PROTOCOL.unbalancedQuotes)));
  }

  test("a line over 64 KiB without LF", () => {
    const line = "a".repeat(64 * 1024 + 1);
    expect(run([b(line)])).toEqual(fails(PROTOCOL.tooBigInline));
    expect(run([b(line.slice(1))])).toEqual(ok());
    // As in Redis, the check runs per read: a long line whose LF comes in the same read is fine.
    expect(run([b(`${line}\n`)])).toEqual(ok([line]));
  });

  test("a NUL hides the LF", () => {
    expect(run([b("PI\0NG\nPING\n")])).toEqual(ok());
    expect(run([b("PI\0NG\n"), b("x".repeat(64 * 1024))])).toEqual(fails(PROTOCOL.tooBigInline));
  });

  test("splitInline on its own", () => {
    const split = (line: string) => splitInline(b(line), 0, line.length)?.map(s) ?? null;
    expect(split("")).toEqual([]);
    expect(split('"a" "b"')).toEqual(["a", "b"]);
    expect(split('"a"\t"b"')).toEqual(["a", "b"]);
    expect(split('"a"\x0b"b"')).toEqual(["a", "b"]);
    expect(split('"a')).toBeNull();
    expect(split("'a'x")).toBeNull();
  });
});

describe("query buffer limit and memory", () => {
  test("an incomplete command over client-query-buffer-limit closes the client", () => {
    // Each argument fits the limit; together they do not.
    const p = parser({ maxQueryBuffer: 1000 });
    p.feed(b(`*2\r\n$600\r\n${"x".repeat(600)}\r\n$600\r\n${"x".repeat(300)}`));
    expect(p.next()).toBeNull();
    expect(p.pending).toBe(918);
    p.feed(b("x".repeat(100)));
    expect(() => p.next()).toThrow(QueryBufferLimitError);
    // Dead after a throw.
    expect(() => p.next()).toThrow(QueryBufferLimitError);
  });

  test("one argument larger than the limit is refused at its header, however it arrives", () => {
    const p = parser({ maxQueryBuffer: 1000 });
    p.feed(b(`*2\r\n$3\r\nGET\r\n$2000\r\n${"x".repeat(2000)}\r\n*1\r\n$4\r\nPING\r\n`));
    expect(() => p.next()).toThrow(QueryBufferLimitError);
  });

  test("the limits object is read live (CONFIG SET applies to open connections)", () => {
    const limits = { maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1024 * 1024 * 1024 };
    const p = new RequestParser(limits);
    p.authenticated = true;
    limits.maxBulkLen = 10;
    p.feed(b("*1\r\n$11\r\n"));
    expect(() => p.next()).toThrow(PROTOCOL.invalidBulkLength);
  });

  test("complete commands do not count", () => {
    const p = parser({ maxQueryBuffer: 100 });
    const many = "*1\r\n$4\r\nPING\r\n".repeat(100);
    p.feed(b(many));
    let n = 0;
    while (p.next() !== null) n++;
    expect(n).toBe(100);
    expect(p.pending).toBe(0);
  });

  test("after a protocol error every call throws the same error", () => {
    const p = parser();
    p.feed(b("*x\r\n*1\r\n$4\r\nPING\r\n"));
    let first: unknown;
    try {
      p.next();
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(ProtocolError);
    expect((first as Error).message).toBe(PROTOCOL.invalidMbulkLength);
    expect(() => p.next()).toThrow(first as Error);
  });

  test("a hostile bulk header allocates nothing; a real big bulk is joined once", () => {
    // Watch every `new Uint8Array(n)` the parser makes (subarray views do not go through it).
    const Original = globalThis.Uint8Array;
    const sizes: number[] = [];
    class Watched extends Original {
      constructor(...args: unknown[]) {
        super(...(args as [number]));
        if (typeof args[0] === "number") sizes.push(args[0]);
      }
    }
    const size = 4 * MB;
    const chunkSize = 64 * 1024;
    const value = new Original(size).fill(7);
    try {
      globalThis.Uint8Array = Watched as unknown as Uint8ArrayConstructor;
      const hostile = parser();
      hostile.feed(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nabc"));
      expect(hostile.next()).toBeNull();
      expect(sizes.every((n) => n < 1024)).toBe(true);

      const p = parser();
      const header = `*2\r\n$3\r\nSET\r\n$${size}\r\n`;
      p.feed(b(header));
      for (let at = 0; at < size - chunkSize; at += chunkSize) {
        p.feed(value.slice(at, at + chunkSize));
        expect(p.next()).toBeNull();
      }
      expect(sizes.filter((n) => n >= 1024)).toEqual([]);
      expect(p.pending).toBe(header.length + size - chunkSize);
      p.feed(value.slice(size - chunkSize));
      p.feed(b("\r\n"));
      const argv = p.next()!;
      expect(argv[1]!.length).toBe(size);
      expect(argv[1]!.every((x) => x === 7)).toBe(true);
      expect(sizes.filter((n) => n > chunkSize)).toEqual([size]);
    } finally {
      globalThis.Uint8Array = Original;
    }
  });
});
