/**
 * Tests of the compat harness itself, without any server: the RESP frame scanner, the command
 * encoder and every comparator. A differential suite is only as good as its ability to see a
 * difference, so each comparator is shown both a match and a mismatch.
 */
import { describe, expect, test } from "bun:test";
import {
  clientLine,
  compareReplies,
  diffRuns,
  encodeCommand,
  helloReply,
  type Reply,
  type Step,
  shapeAndContains,
} from "./harness.ts";
import { escapeBytes, RespScanError, scanReply } from "./resp-scan.ts";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

function frame(s: string): Reply {
  const b = bytes(s);
  const node = scanReply(b, 0);
  if (!node || node.end !== b.length) throw new Error(`not exactly one frame: ${JSON.stringify(s)}`);
  return { kind: "frame", bytes: b, node };
}

const closed: Reply = { kind: "closed", bytes: new Uint8Array(0) };
const cmp = (a: Reply, b: Reply, step: Step = {}) => compareReplies(a, b, step);

describe("scanReply", () => {
  test("finds the end of every RESP2 and RESP3 type", () => {
    const frames = [
      "+OK\r\n",
      "-ERR x\r\n",
      ":-12\r\n",
      "$3\r\na\r\n\r\n",
      "$-1\r\n",
      "$0\r\n\r\n",
      "*-1\r\n",
      "*2\r\n$1\r\na\r\n:1\r\n",
      "_\r\n",
      ",3.14\r\n",
      "#t\r\n",
      "(12345678901234567890\r\n",
      "!5\r\nERR x\r\n",
      "=8\r\ntxt:abcd\r\n",
      "%1\r\n+k\r\n*1\r\n:1\r\n",
      "~2\r\n+a\r\n+b\r\n",
      ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n",
    ];
    const all = bytes(frames.join(""));
    let at = 0;
    for (const f of frames) {
      const node = scanReply(all, at);
      expect(node?.end).toBe(at + f.length);
      at += f.length;
    }
    expect(scanReply(all, at)).toBeUndefined();
  });

  test("reports incomplete frames as undefined at every cut", () => {
    const whole = "*2\r\n$5\r\nhello\r\n%1\r\n+k\r\n:1\r\n";
    for (let cut = 0; cut < whole.length; cut++) {
      expect(scanReply(bytes(whole.slice(0, cut)), 0)).toBeUndefined();
    }
    expect(scanReply(bytes(whole), 0)?.end).toBe(whole.length);
  });

  test("bulk payloads may contain CRLF", () => {
    const node = scanReply(bytes("$4\r\n\r\n\r\n\r\n+after\r\n"), 0);
    expect(node?.end).toBe(10);
  });

  test("attributes are folded into the reply that follows them", () => {
    const node = scanReply(bytes("|1\r\n+ttl\r\n:3\r\n:42\r\n"), 0);
    expect(node?.type).toBe(":");
    expect(node?.head).toBe("42");
    expect(node?.attribute?.count).toBe(1);
    expect(node?.end).toBe(19);
  });

  test("rejects bytes that are not RESP", () => {
    expect(() => scanReply(bytes("hello\r\n"), 0)).toThrow(RespScanError);
    expect(() => scanReply(bytes("$x\r\n"), 0)).toThrow(RespScanError);
    expect(() => scanReply(bytes("$1\r\nabc\r\n"), 0)).toThrow(RespScanError);
  });
});

describe("encodeCommand and escapeBytes", () => {
  test("encodes a multibulk with binary arguments", () => {
    const out = encodeCommand(["SET", "k", new Uint8Array([0, 255])]);
    expect(escapeBytes(out)).toBe('"*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$2\\r\\n\\x00\\xff\\r\\n"');
  });
});

describe("comparators", () => {
  test("exact: byte differences and close/frame differences are mismatches", () => {
    expect(cmp(frame("+OK\r\n"), frame("+OK\r\n"))).toBeUndefined();
    expect(cmp(frame("$1\r\na\r\n"), frame("+a\r\n"))).toBe("bytes differ");
    expect(cmp(frame("+OK\r\n"), closed)).toBe("frame vs closed");
    expect(cmp(closed, closed)).toBeUndefined();
  });

  test("shape: same types and sizes, values free", () => {
    const s: Step = { cmp: "shape" };
    expect(cmp(frame(":5\r\n"), frame(":6\r\n"), s)).toBeUndefined();
    expect(
      cmp(frame("*2\r\n$1\r\na\r\n$2\r\nbb\r\n"), frame("*2\r\n$3\r\nccc\r\n$0\r\n\r\n"), s),
    ).toBeUndefined();
    expect(cmp(frame("*2\r\n:1\r\n:2\r\n"), frame("*1\r\n:1\r\n"), s)).toBe("reply: 2 vs 1 elements");
    expect(cmp(frame("*1\r\n:1\r\n"), frame("*1\r\n+1\r\n"), s)).toBe("reply[0]: type ':' vs '+'");
    expect(cmp(frame("$-1\r\n"), frame("$1\r\nx\r\n"), s)).toBe("reply: null vs non-null");
  });

  test("sorted: order ignored, content not", () => {
    const s: Step = { cmp: "sorted" };
    expect(
      cmp(frame("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), frame("*2\r\n$1\r\nb\r\n$1\r\na\r\n"), s),
    ).toBeUndefined();
    expect(cmp(frame("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), frame("*2\r\n$1\r\na\r\n$1\r\nc\r\n"), s)).toBe(
      "elements differ (order ignored)",
    );
  });

  test("pairs: key/value pairs in any order, but kept together", () => {
    const s: Step = { cmp: "pairs" };
    const a = frame("*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n");
    expect(cmp(a, frame("*4\r\n+b\r\n:2\r\n+a\r\n:1\r\n"), s)).toBeUndefined();
    expect(cmp(a, frame("*4\r\n+a\r\n:2\r\n+b\r\n:1\r\n"), s)).toBe("pairs differ (order ignored)");
  });

  test("integer-range: tolerance for measurements, exact for codes", () => {
    const s: Step = { cmp: "integer-range", tolerance: 1 };
    expect(cmp(frame(":100\r\n"), frame(":99\r\n"), s)).toBeUndefined();
    expect(cmp(frame(":100\r\n"), frame(":98\r\n"), s)).toBe("integers differ by more than 1");
    expect(cmp(frame(":-1\r\n"), frame(":0\r\n"), s)).toBe("integers differ");
    expect(cmp(frame(":-2\r\n"), frame(":-2\r\n"), s)).toBeUndefined();
    expect(cmp(frame(":1\r\n"), frame("$1\r\n1\r\n"), s)).toBe("bytes differ");
  });

  test("shapeAndContains: both texts must hold the needle", () => {
    const s: Step = { cmp: shapeAndContains("redis_version:7") };
    const good = frame("$20\r\nredis_version:7.0.15\r\n");
    expect(cmp(good, frame("$20\r\nredis_version:7.2.99\r\n"), s)).toBeUndefined();
    expect(cmp(good, frame("$20\r\nredis_version:6.2.99\r\n"), s)).toBe('peer reply lacks "redis_version:7"');
  });

  test("clientLine: same field names, chosen fields equal", () => {
    const s: Step = { cmp: clientLine("name") };
    const line = (id: number, name: string, extra = "") =>
      frame(`$${`id=${id} name=${name}${extra}\n`.length}\r\nid=${id} name=${name}${extra}\n\r\n`);
    expect(cmp(line(1, "a"), line(2, "a"), s)).toBeUndefined();
    expect(cmp(line(1, "a"), line(1, "b"), s)).toBe("line 0 field name: a vs b");
    expect(cmp(line(1, "a"), line(1, "a", " x=1"), s)).toContain("field names differ");
  });

  test("helloReply: ids free, proto not", () => {
    const s: Step = { cmp: helloReply };
    const hello = (id: number, proto: number) =>
      frame(`%3\r\n$2\r\nid\r\n:${id}\r\n$5\r\nproto\r\n:${proto}\r\n$4\r\nmode\r\n$1\r\nx\r\n`);
    expect(cmp(hello(1, 3), hello(7, 3), s)).toBeUndefined();
    expect(cmp(hello(1, 3), hello(1, 2), s)).toBe("value of proto differs");
  });

  test("diffRuns prints the command and both replies", () => {
    const step: Step = { send: ["GET", "k"] };
    const out = diffRuns(
      [{ step, label: "GET k", replies: [frame("$1\r\nv\r\n")] }],
      [{ step, label: "GET k", replies: [frame("$-1\r\n")] }],
      "redbun",
    );
    expect(out).toEqual([
      '> GET k: bytes differ at byte 1\n    redis:  "$1\\r\\nv\\r\\n"\n    redbun: "$-1\\r\\n"',
    ]);
  });
});
