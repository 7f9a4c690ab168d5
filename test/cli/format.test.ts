/**
 * cli/format.ts on hand-built replies. Every expected string here was captured from redis-cli
 * 7.0.15 printing the same reply from redis-server (`--no-raw`, `--raw`, `--json`, `-2`/`-3`);
 * differential.test.ts repeats the comparison live.
 */
import { describe, expect, test } from "bun:test";
import { formatJson, formatRaw, formatReply, formatTty, repr } from "../../cli/format.ts";
import { ReplyError } from "../../src/errors.ts";
import { RespMap, RespSet, type RespValue, VerbatimString } from "../../src/protocol/reply-parser.ts";

const b = (s: string) => Buffer.from(s, "latin1") as Uint8Array;
const out = (v: RespValue, mode: "tty" | "raw" | "json") =>
  Buffer.from(formatReply(v, mode)).toString("latin1");

describe("tty (--no-raw)", () => {
  test("scalars", () => {
    expect(formatTty("OK")).toBe("OK\n");
    expect(formatTty(null)).toBe("(nil)\n");
    expect(formatTty(12345)).toBe("(integer) 12345\n");
    expect(formatTty(-3)).toBe("(integer) -3\n");
    expect(formatTty(b("Hello World"))).toBe('"Hello World"\n');
    expect(formatTty(true)).toBe("(true)\n");
    expect(formatTty(false)).toBe("(false)\n");
    expect(formatTty(3.25)).toBe("(double) 3.25\n");
    expect(formatTty(1.1)).toBe("(double) 1.1000000000000001\n");
    expect(formatTty(Number.POSITIVE_INFINITY)).toBe("(double) inf\n");
    expect(formatTty(new ReplyError("ERR unknown command 'foo', with args beginning with: "))).toBe(
      "(error) ERR unknown command 'foo', with args beginning with: \n",
    );
    expect(formatTty(new VerbatimString("txt", b("This is a verbatim\nstring")))).toBe(
      "This is a verbatim\nstring\n",
    );
  });

  test("bulk strings are quoted with sdscatrepr escapes", () => {
    expect(repr(b('d"e'))).toBe(String.raw`"d\"e"`);
    expect(repr(b("x\ny\r\t\x07\x08\\"))).toBe(String.raw`"x\ny\r\t\a\b\\"`);
    expect(repr(b("\x01\xff\x7f"))).toBe(String.raw`"\x01\xff\x7f"`);
    expect(repr(new TextEncoder().encode("é"))).toBe(String.raw`"\xc3\xa9"`);
  });

  test("arrays: numbered, nested ones indented by the index width + 2", () => {
    expect(formatTty([b("a"), b("b c"), null])).toBe('1) "a"\n2) "b c"\n3) (nil)\n');
    expect(formatTty([])).toBe("(empty array)\n");
    // eval "return {1,2,{3,{4,5},{}},'a',4,5,6,7,8,9,10,{1,2}}" 0
    const nested: RespValue = [1, 2, [3, [4, 5], []], b("a"), 4, 5, 6, 7, 8, 9, 10, [1, 2]];
    expect(formatTty(nested)).toBe(
      [
        " 1) (integer) 1",
        " 2) (integer) 2",
        " 3) 1) (integer) 3",
        "    2) 1) (integer) 4",
        "       2) (integer) 5",
        "    3) (empty array)",
        ' 4) "a"',
        " 5) (integer) 4",
        " 6) (integer) 5",
        " 7) (integer) 6",
        " 8) (integer) 7",
        " 9) (integer) 8",
        "10) (integer) 9",
        "11) (integer) 10",
        "12) 1) (integer) 1",
        "    2) (integer) 2",
        "",
      ].join("\n"),
    );
  });

  test("RESP3 maps and sets", () => {
    const map = new RespMap([
      [0, false],
      [1, true],
      [2, false],
    ]);
    expect(formatTty(map)).toBe(
      "1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n3# (integer) 2 => (false)\n",
    );
    expect(formatTty(new RespMap([[b("f1"), b("v1")]]))).toBe('1# "f1" => "v1"\n');
    expect(formatTty(new RespSet([0, 1, 2]))).toBe("1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2\n");
    expect(formatTty(new RespMap([]))).toBe("(empty hash)\n");
    expect(formatTty(new RespSet([]))).toBe("(empty set)\n");
    // zrange z 0 -1 withscores under -3
    expect(
      formatTty([
        [b("c"), 1.1],
        [b("b"), 2.5],
      ]),
    ).toBe('1) 1) "c"\n   2) (double) 1.1000000000000001\n2) 1) "b"\n   2) (double) 2.5\n');
  });
});

describe("raw (stdout not a tty, --raw)", () => {
  test("values one per line, nil empty, errors followed by a blank line", () => {
    expect(out(b("x\ny"), "raw")).toBe("x\ny\n");
    expect(out(null, "raw")).toBe("\n");
    expect(out(5, "raw")).toBe("5\n");
    expect(out([b("1"), null, null], "raw")).toBe("1\n\n\n");
    expect(out(new ReplyError("ERR x"), "raw")).toBe("ERR x\n\n");
    expect(out([], "raw")).toBe("\n");
    expect(out(true, "raw")).toBe("(true)\n");
    expect(out(3.25, "raw")).toBe("3.25\n");
  });

  test("maps print key and value on one line", () => {
    expect(
      formatRaw(
        new RespMap([
          [0, false],
          [1, true],
        ]),
      ),
    ).toBe("0 (false)\n1 (true)");
  });
});

describe("json (--json)", () => {
  test("scalars and aggregates", () => {
    expect(out("OK", "json")).toBe('"OK"\n');
    expect(out([b("1"), null, null], "json")).toBe('["1",null,null]\n');
    expect(
      formatJson(
        new RespMap([
          [0, false],
          [1, true],
        ]),
      ),
    ).toBe('{"0":false,"1":true}');
    expect(formatJson(new RespMap([[b("f1"), b("v1")]]))).toBe('{"f1":"v1"}');
    expect(
      formatJson([
        [b("c"), 1.1],
        [b("f"), Number.POSITIVE_INFINITY],
      ]),
    ).toBe('[["c",1.1000000000000001],["f",inf]]');
    expect(formatJson(true)).toBe("true");
  });

  test("strings: JSON escapes for controls, other bytes as they are", () => {
    expect(formatJson(b('"a\xc3\xa9\x01\x7f/'))).toBe('"\\"a\xc3\xa9\\u0001\x7f/"');
    expect(formatJson(new ReplyError("ERR unknown command 'foo\"', with args beginning with: '\x01' "))).toBe(
      String.raw`error:"ERR unknown command 'foo\"', with args beginning with: '\u0001' "`,
    );
  });
});
