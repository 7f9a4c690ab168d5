import { describe, expect, test } from "bun:test";
import { CommandEncoder, encodeCommand } from "../../src/protocol/command-encoder.ts";

const enc = (args: Parameters<typeof encodeCommand>[0]) => new TextDecoder().decode(encodeCommand(args));

describe("command encoder", () => {
  test("ASCII strings", () => {
    expect(enc(["SET", "key", "value"])).toBe("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
    expect(enc(["PING"])).toBe("*1\r\n$4\r\nPING\r\n");
    expect(enc(["ECHO", ""])).toBe("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
  });

  test("UTF-8 strings count bytes, not code units", () => {
    expect(enc(["SET", "é", "日本"])).toBe("*3\r\n$3\r\nSET\r\n$2\r\né\r\n$6\r\n日本\r\n");
    // Non-ASCII after an ASCII prefix: the optimistic ASCII copy must roll back.
    expect(enc(["x", "abcé"])).toBe("*2\r\n$1\r\nx\r\n$5\r\nabcé\r\n");
    expect(enc(["x", "😀"])).toBe("*2\r\n$1\r\nx\r\n$4\r\n😀\r\n");
  });

  test("long strings, ASCII and not, take the encodeInto path", () => {
    const a = "a".repeat(1000);
    expect(enc([a])).toBe(`*1\r\n$1000\r\n${a}\r\n`);
    const u = "ü".repeat(500);
    expect(enc([u])).toBe(`*1\r\n$1000\r\n${u}\r\n`);
    const mixed = `${"z".repeat(70)}€`;
    expect(enc([mixed])).toBe(`*1\r\n$73\r\n${mixed}\r\n`);
  });

  test("numbers and bigints are sent as decimal text", () => {
    expect(enc(["INCRBY", "k", 0])).toBe("*3\r\n$6\r\nINCRBY\r\n$1\r\nk\r\n$1\r\n0\r\n");
    expect(enc([-42])).toBe("*1\r\n$3\r\n-42\r\n");
    expect(enc([1234567890])).toBe("*1\r\n$10\r\n1234567890\r\n");
    expect(enc([1.5])).toBe("*1\r\n$3\r\n1.5\r\n");
    expect(enc([9223372036854775807n])).toBe("*1\r\n$19\r\n9223372036854775807\r\n");
    expect(enc([Number.MAX_SAFE_INTEGER])).toBe(`*1\r\n$16\r\n${Number.MAX_SAFE_INTEGER}\r\n`);
  });

  test("bytes are copied as they are", () => {
    const out = encodeCommand(["SET", new Uint8Array([0, 255, 13, 10])]);
    const head = [..."*2\r\n$3\r\nSET\r\n$4\r\n"].map((c) => c.charCodeAt(0));
    expect([...out]).toEqual([...head, 0, 255, 13, 10, 13, 10]);
  });

  test("commands append into one buffer that grows", () => {
    const e = new CommandEncoder(8);
    for (let i = 0; i < 100; i++) e.write(["GET", `key:${i}`]);
    const all = new TextDecoder().decode(e.view());
    let expected = "";
    for (let i = 0; i < 100; i++) expected += `*2\r\n$3\r\nGET\r\n$${`key:${i}`.length}\r\nkey:${i}\r\n`;
    expect(all).toBe(expected);
    e.reset();
    expect(e.view().length).toBe(0);
  });
});
