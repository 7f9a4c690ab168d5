import { describe, expect, test } from "bun:test";
import { toBit } from "../../src/scripting/lib/index.ts";
import { hexOf, newLuaState } from "./lib-helper.ts";

const { run, bytes } = newLuaState();
const list = (expr: string) => run(`return table.concat({${expr}}, ',')`);

describe("bit", () => {
  test("tobit rounds and wraps like LuaBitOp", () => {
    expect([2 ** 31, 2 ** 32 + 5, -1, 1.5, 2.5, 2 ** 53, Number.NaN].map(toBit)).toEqual([
      -2147483648, 5, -1, 2, 2, 0, 0,
    ]);
  });

  test("operations", () => {
    expect(list("bit.bnot(0), bit.band(0xff, 0x0f, 0x3), bit.bor(1, 2, 4), bit.bxor(5, 3)")).toBe("-1,3,7,6");
    expect(list("bit.lshift(1, 31), bit.lshift(1, 32), bit.rshift(-1, 28), bit.arshift(-256, 4)")).toBe(
      "-2147483648,1,15,-16",
    );
    expect(list("bit.rol(0x12345678, 12), bit.ror(0x12345678, 12), bit.bswap(0x12345678)")).toBe(
      "1164411171,1736516421,2018915346",
    );
    expect(list("bit.tohex(255), bit.tohex(-1, -4), bit.tohex(0x1234, 2)")).toBe("000000ff,FFFF,34");
    expect(() => run("return bit.tobit('x')")).toThrow(
      "bad argument #1 to 'tobit' (number expected, got string)",
    );
  });
});

describe("struct", () => {
  test("pack", () => {
    expect(hexOf(bytes("return struct.pack('>i2<i2bBhH', 1, 2, -1, 255, -2, 65535)"))).toBe(
      "00010200fffffeffffff",
    );
    expect(hexOf(bytes("return struct.pack('>fd', 1.5, 0.1)"))).toBe("3fc000003fb999999999999a");
    expect(hexOf(bytes("return struct.pack('c3sx', 'abcd', 'hi')"))).toBe("61626368690000");
    expect(hexOf(bytes("return struct.pack('!4bi', 1, 2)"))).toBe("0100000002000000");
    expect(hexOf(bytes("return struct.pack('i16', -1)"))).toBe(`${"ff".repeat(8)}${"00".repeat(8)}`);
  });

  test("unpack and size", () => {
    expect(list("struct.unpack('>i2<i2bB', struct.pack('>i2<i2bB', 1, 2, -1, 255))")).toBe("1,2,-1,255,7");
    expect(list("struct.unpack('bc0', '\\003abc')")).toBe("abc,5");
    expect(list("struct.unpack('sx', 'hey\\0!')")).toBe("hey,6");
    expect(list("struct.unpack('b', 'abc', 2)")).toBe("98,3");
    expect(run("return struct.size('!4bi>hdc3')")).toBe(23);
  });

  test("errors", () => {
    expect(() => run("return struct.size('s')")).toThrow(
      "bad argument #1 to 'size' (option 's' has no fixed size)",
    );
    expect(() => run("return struct.pack('y', 1)")).toThrow(
      "bad argument #1 to 'pack' (invalid format option 'y')",
    );
    expect(() => run("return struct.pack('c5', 'ab')")).toThrow(
      "bad argument #3 to 'pack' (string too short)",
    );
    expect(() => run("return struct.unpack('i', 'ab')")).toThrow(
      "bad argument #2 to 'unpack' (data string too short)",
    );
    expect(() => run("return struct.pack('!3i', 1)")).toThrow("alignment 3 is not a power of 2");
    expect(() => run("return struct.pack('i40', 1)")).toThrow("integral size 40 is larger than limit of 32");
    expect(() => run("return struct.unpack('s', 'abc')")).toThrow("unfinished string in data");
    expect(() => run("return struct.pack('i')")).toThrow(
      "bad argument #2 to 'pack' (number expected, got nil)",
    );
  });
});
