import { describe, expect, test } from "bun:test";
import { ReplyError } from "../../src/errors.ts";
import {
  INCOMPLETE,
  ProtocolError,
  ReplyParser,
  RespMap,
  RespPush,
  RespSet,
  type RespValue,
  VerbatimString,
} from "../../src/protocol/reply-parser.ts";
import { b, byteByByte, cut, prng, randomCut, s } from "./helpers.ts";

/** A comparable form: bytes as `bin:` strings, errors and classes tagged. */
function plain(v: RespValue): unknown {
  if (v instanceof Uint8Array) return `bin:${s(v)}`;
  if (v instanceof ReplyError) return { error: v.message };
  if (v instanceof VerbatimString) return { verbatim: v.format, data: s(v.data) };
  if (v instanceof RespMap) return { map: v.entries.map(([k, x]) => [plain(k), plain(x)]) };
  if (v instanceof RespSet) return { set: v.items.map(plain) };
  if (v instanceof RespPush) return { push: v.items.map(plain) };
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" && Number.isNaN(v)) return "NaN";
  return v;
}

interface Result {
  values: unknown[];
  error: string | null;
  attributes: unknown[];
}

function run(chunks: Uint8Array[], maxBulkLen?: number): Result {
  const attributes: unknown[] = [];
  const p = new ReplyParser({ maxBulkLen, onAttribute: (a) => attributes.push(plain(a)) });
  const values: unknown[] = [];
  try {
    for (const chunk of chunks) {
      p.feed(chunk);
      for (let v = p.next(); v !== INCOMPLETE; v = p.next()) values.push(plain(v));
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { values, error: err.message, attributes };
  }
  return { values, error: null, attributes };
}

function expectEverySplit(input: string, values: unknown[], attributes: unknown[] = []) {
  const bytes = b(input);
  const expected = { values, error: null, attributes };
  expect(run([bytes])).toEqual(expected);
  expect(run(byteByByte(bytes))).toEqual(expected);
  for (let i = 1; i < bytes.length; i++) expect(run(cut(bytes, [i]))).toEqual(expected);
}

describe("reply parser", () => {
  const samples: [string, string, unknown[]][] = [
    ["simple string", "+OK\r\n", ["OK"]],
    ["empty simple string", "+\r\n", [""]],
    ["error", "-ERR unknown command 'x'\r\n", [{ error: "ERR unknown command 'x'" }]],
    ["integers", ":0\r\n:-12\r\n:9007199254740991\r\n", [0, -12, 9007199254740991]],
    [
      "integers beyond 2^53",
      ":9223372036854775807\r\n:-9223372036854775808\r\n",
      ["9223372036854775807n", "-9223372036854775808n"],
    ],
    ["bulk", "$5\r\nhello\r\n", ["bin:hello"]],
    ["empty bulk", "$0\r\n\r\n", ["bin:"]],
    ["binary bulk with CRLF inside", "$6\r\na\r\n\0\xffb\r\n", ["bin:a\r\n\0\xffb"]],
    ["RESP2 nulls", "$-1\r\n*-1\r\n", [null, null]],
    ["RESP3 null", "_\r\n", [null]],
    ["array", "*3\r\n:1\r\n$1\r\na\r\n+b\r\n", [[1, "bin:a", "b"]]],
    ["empty array", "*0\r\n", [[]]],
    ["nested", "*2\r\n*2\r\n:1\r\n*0\r\n*1\r\n*1\r\n$-1\r\n", [[[1, []], [[null]]]]],
    ["doubles", ",1.5\r\n,-0.25\r\n,1e+300\r\n,3\r\n", [1.5, -0.25, 1e300, 3]],
    [
      "special doubles",
      ",inf\r\n,-inf\r\n,nan\r\n",
      [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "NaN"],
    ],
    ["booleans", "#t\r\n#f\r\n", [true, false]],
    [
      "big number",
      "(3492890328409238509324850943850943825024385\r\n",
      ["3492890328409238509324850943850943825024385n"],
    ],
    ["blob error", "!21\r\nSYNTAX invalid syntax\r\n", [{ error: "SYNTAX invalid syntax" }]],
    ["verbatim", "=15\r\ntxt:Some string\r\n", [{ verbatim: "txt", data: "Some string" }]],
    [
      "map",
      "%2\r\n+first\r\n:1\r\n$2\r\nsn\r\n*1\r\n_\r\n",
      [
        {
          map: [
            ["first", 1],
            ["bin:sn", [null]],
          ],
        },
      ],
    ],
    ["empty map", "%0\r\n", [{ map: [] }]],
    ["set", "~2\r\n+a\r\n#t\r\n", [{ set: ["a", true] }]],
    [
      "push",
      ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n",
      [{ push: ["bin:message", "bin:ch", "bin:hi"] }],
    ],
    ["many replies in one chunk", "+OK\r\n:1\r\n$1\r\nx\r\n*0\r\n", ["OK", 1, "bin:x", []]],
  ];
  for (const [name, input, values] of samples) {
    test(name, () => expectEverySplit(input, values));
  }

  test("attributes are handed to onAttribute and dropped from the value", () => {
    expectEverySplit(
      "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2127\r\n|0\r\n:1\r\n",
      [[2127, 1]],
      [{ map: [["key-popularity", { map: [["bin:a", 0.19]] }]] }, { map: [] }],
    );
  });

  test("bulks are views into the chunk", () => {
    const chunk = b("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n");
    const p = new ReplyParser();
    p.feed(chunk);
    const v = p.next() as Uint8Array[];
    expect(v[1]!.buffer).toBe(chunk.buffer);
    expect(v[1]!.byteOffset).toBe(17);
    expect(p.next()).toBe(INCOMPLETE);
  });

  const garbage: [string, string][] = [
    ["unknown type byte", "?x\r\n"],
    ["bad integer", ":12a\r\n"],
    ["empty integer", ":\r\n"],
    ["negative bulk length", "$-2\r\n"],
    ["bulk not followed by CRLF", "$1\r\nxyz"],
    ["CR without LF", "+OK\rX"],
    ["bad boolean", "#x\r\n"],
    ["bad double", ",1.2.3\r\n"],
    ["null with data", "_x\r\n"],
    ["negative map count", "%-1\r\n"],
    ["bad verbatim", "=3\r\ntxt\r\n"],
  ];
  for (const [name, input] of garbage) {
    test(`ProtocolError: ${name}`, () => {
      const bytes = b(input);
      for (const chunks of [[bytes], byteByByte(bytes)]) {
        const result = run(chunks);
        expect(result.error).toStartWith("Protocol error: ");
        expect(result.values).toEqual([]);
      }
    });
  }

  test("maxBulkLen", () => {
    expect(run([b("$5\r\nhello\r\n")], 5).values).toEqual(["bin:hello"]);
    expect(run([b("$6\r\nhello!\r\n")], 5).error).toStartWith("Protocol error: ");
  });

  test("a 10 MB reply in 64 KB chunks parses in linear time", () => {
    // 200k small elements plus one 2 MB bulk straddling many chunks.
    const parts = ["*200001\r\n"];
    for (let i = 0; i < 200_000; i++) parts.push(`$6\r\n${String(i).padStart(6, "0")}\r\n`);
    parts.push(`$${2 * 1024 * 1024}\r\n${"z".repeat(2 * 1024 * 1024)}\r\n`);
    const input = b(parts.join(""));
    const chunks = cut(
      input,
      Array.from({ length: Math.ceil(input.length / 65536) }, (_, i) => i * 65536),
    );
    const t0 = performance.now();
    const p = new ReplyParser();
    let value: RespValue | typeof INCOMPLETE = INCOMPLETE;
    for (const chunk of chunks) {
      p.feed(chunk);
      const v = p.next();
      if (v !== INCOMPLETE) value = v;
    }
    const elapsed = performance.now() - t0;
    const arr = value as Uint8Array[];
    expect(arr.length).toBe(200_001);
    expect(s(arr[123_456]!)).toBe("123456");
    expect(arr[200_000]!.length).toBe(2 * 1024 * 1024);
    // Quadratic re-scanning of ~4 MB would take far longer than this on any machine.
    expect(elapsed).toBeLessThan(2000);
  });

  test(`fuzz: random and mutated replies`, () => {
    const rand = prng(Number(process.env.FUZZ_SEED ?? 7));
    const gen = (r: () => number, depth: number): string => {
      const k = Math.floor(r() * (depth > 3 ? 9 : 14));
      const word = () =>
        String.fromCharCode(...Array.from({ length: Math.floor(r() * 6) }, () => 97 + Math.floor(r() * 26)));
      switch (k) {
        case 0:
          return `+${word()}\r\n`;
        case 1:
          return `-ERR ${word()}\r\n`;
        case 2:
          return `:${Math.floor((r() - 0.5) * 1e6)}\r\n`;
        case 3: {
          const w = `${word()}\r\n\0`;
          return `$${w.length}\r\n${w}\r\n`;
        }
        case 4:
          return r() < 0.5 ? "$-1\r\n" : "_\r\n";
        case 5:
          return `,${(r() - 0.5) * 1e3}\r\n`;
        case 6:
          return r() < 0.5 ? "#t\r\n" : "#f\r\n";
        case 7:
          return `(${Math.floor(r() * 1e9)}${Math.floor(r() * 1e9)}\r\n`;
        case 8: {
          const w = `txt:${word()}`;
          return `=${w.length}\r\n${w}\r\n`;
        }
        default: {
          const n = Math.floor(r() * 4);
          const type = "*%~>|"[k - 9]!;
          const count = type === "%" || type === "|" ? 2 * n : n;
          let out = `${type}${n}\r\n`;
          for (let i = 0; i < count; i++) out += gen(r, depth + 1);
          if (type === "|") out += gen(r, depth + 1); // an attribute annotates the next value
          return out;
        }
      }
    };
    for (let i = 0; i < 20_000; i++) {
      const seed = Math.floor(rand() * 2 ** 31);
      const r = prng(seed);
      let input = gen(r, 0) + gen(r, 0);
      if (r() < 0.5) {
        const at = Math.floor(r() * input.length);
        input =
          input.slice(0, at) + "\r\n\0:$*%-+x9"[Math.floor(r() * 11)] + input.slice(at + (r() < 0.5 ? 1 : 0));
      }
      const bytes = b(input);
      let whole: Result;
      try {
        whole = run([bytes]);
      } catch (err) {
        throw new Error(`seed ${seed}: unexpected ${err}`);
      }
      const split = run(randomCut(bytes, r, 10));
      if (!Bun.deepEquals(split, whole)) expect({ seed, ...split }).toEqual({ seed, ...whole });
    }
  }, 60_000);
});
