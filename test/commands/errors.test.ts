/**
 * Error replies that quote what the client sent: Redis formats user bytes with `%s`, so they
 * go back raw (not UTF-8 decoded and re-encoded) and each stops at its first NUL byte.
 */
import { describe, expect, test } from "bun:test";
import { unknownCommand } from "../../src/errors.ts";
import { ReplyWriter } from "../../src/protocol/reply-writer.ts";
import { localServer } from "../support/local-server.ts";

/** RESP multibulk of binary arguments, as latin1 text (one char per byte) for `send`. */
function bin(...args: (string | number[])[]): Uint8Array {
  const parts: number[] = [];
  const push = (s: string) => {
    for (let i = 0; i < s.length; i++) parts.push(s.charCodeAt(i));
  };
  push(`*${args.length}\r\n`);
  for (const a of args) {
    const bytes = typeof a === "string" ? [...a].map((ch) => ch.charCodeAt(0)) : a;
    push(`$${bytes.length}\r\n`);
    parts.push(...bytes);
    push("\r\n");
  }
  return new Uint8Array(parts);
}

describe("user bytes in error replies", () => {
  test("unknown command: raw bytes, cut at NUL", () => {
    const c = localServer().connect();
    // é as UTF-8 (c3 a9) and as one latin1 byte (e9): both go back unchanged.
    expect(c.send(bin("FOO", [0xc3, 0xa9], [0xe9]))).toBe(
      "-ERR unknown command 'FOO', with args beginning with: '\u00c3\u00a9' '\u00e9' \r\n",
    );
    expect(c.send(bin("FOO", [0xff, 0x00, 0x41]))).toBe(
      "-ERR unknown command 'FOO', with args beginning with: '\u00ff' \r\n",
    );
    expect(c.send(bin([0x66, 0x00, 0x6f], "x"))).toBe(
      "-ERR unknown command 'f', with args beginning with: 'x' \r\n",
    );
  });

  test("unknownCommand keeps Redis's 128-byte cut", () => {
    expect(unknownCommand("FOO", ["a".repeat(50), "b".repeat(50), "c".repeat(50), "d"])).toBe(
      `ERR unknown command 'FOO', with args beginning with: '${"a".repeat(50)}' '${"b".repeat(50)}' '${"c".repeat(22)}' `,
    );
    expect(unknownCommand("x".repeat(200), [])).toBe(
      `ERR unknown command '${"x".repeat(128)}', with args beginning with: `,
    );
  });

  test("unknown subcommand, HELLO, CLIENT and CONFIG errors", () => {
    const c = localServer().connect();
    expect(c.send(bin("CLIENT", [0xc3, 0xa9, 0x00, 0x78]))).toBe(
      "-ERR unknown subcommand '\u00c3\u00a9'. Try CLIENT HELP.\r\n",
    );
    expect(c.send(bin("client", [0xe9]))).toBe("-ERR unknown subcommand '\u00e9'. Try CLIENT HELP.\r\n");
    expect(c.send(bin("HELLO", "3", [0x61, 0x00, 0x62]))).toBe("-ERR Syntax error in HELLO option 'a'\r\n");
    expect(c.send(bin("CLIENT", "LIST", "TYPE", [0xc3, 0xa9]))).toBe(
      "-ERR Unknown client type '\u00c3\u00a9'\r\n",
    );
    expect(c.send(bin("CLIENT", "KILL", "TYPE", [0xff]))).toBe("-ERR Unknown client type '\u00ff'\r\n");
    expect(c.send(bin("CONFIG", "SET", [0xe9], "1"))).toBe(
      "-ERR Unknown option or number of arguments for CONFIG SET - '\u00e9'\r\n",
    );
    // The lookup uses the whole name; only the error text stops at the NUL.
    expect(c.send(bin("CONFIG", "SET", "timeout\u0000x", "1"))).toBe(
      "-ERR Unknown option or number of arguments for CONFIG SET - 'timeout'\r\n",
    );
    expect(c.send(["CONFIG", "GET", "timeout"])).toBe("*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n");
  });

  test("ReplyWriter.error: binary strings byte for byte, other text as UTF-8", () => {
    const w = new ReplyWriter();
    w.error("ERR \u00e9\u00ff");
    expect([...w.view()]).toEqual([...Buffer.from("-ERR \xe9\xff\r\n", "latin1")]);
    w.reset();
    w.error("ERR \u00e9 \u2603");
    expect([...w.view()]).toEqual([...Buffer.from("-ERR \u00e9 \u2603\r\n", "utf8")]);
    w.reset();
    w.error("ERR a\r\nb");
    expect(Buffer.from(w.view()).toString("latin1")).toBe("-ERR a  b\r\n");
  });
});
