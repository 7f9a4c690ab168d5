import { describe, expect, test } from "bun:test";
import { hexOf, newLuaState } from "./lib-helper.ts";

const { run, bytes } = newLuaState();
const fmt = (args: string) => run(`return string.format(${args})`);

describe("string.format", () => {
  test("integers cast like C", () => {
    expect(fmt("'%d %d %d', 3.9, -3.9, 2^63")).toBe("3 -3 -9223372036854775808");
    expect(fmt("'%5d|%-5d|%05d|%+d|% d|%.3d|%.0d|', 42, 42, 42, 42, 42, 7, 0")).toBe(
      "   42|42   |00042|+42| 42|007||",
    );
    expect(fmt("'%x %X %o %u %x', 255, 255, 8, 3, -1")).toBe("ff FF 10 3 ffffffffffffffff");
    expect(fmt("'%#x %#o %#x', 255, 8, 0")).toBe("0xff 010 0");
  });

  test("floats round like glibc", () => {
    expect(fmt("'%.17g', 0.1")).toBe("0.10000000000000001");
    expect(fmt("'%.0f %.0f %.0f %.2f', 0.5, 1.5, 2.5, 2.675")).toBe("0 2 2 2.67");
    expect(fmt("'%e %E %g %G', 12345.678, 0.000123, 1e20, 1e-10")).toBe(
      "1.234568e+04 1.230000E-04 1e+20 1E-10",
    );
    expect(fmt("'%#g %g %g', 1, 0.0001, 0.00001")).toBe("1.00000 0.0001 1e-05");
    expect(fmt("'%5.1f|%-8.3f|%+.1f|%010.3f', 3.14159, 2.5, 1, -3.14159")).toBe(
      "  3.1|2.500   |+1.0|-00003.142",
    );
    expect(fmt("'%f %5.1f %e', 1/0, -1/0, 0/0")).toBe("inf  -inf -nan");
    expect(String(fmt("'%f', 1e300")).length).toBe(308);
  });

  test("strings, chars, %q", () => {
    expect(fmt("'%5.2s|%-4s|%s', 'abc', 'ab', 1.5")).toBe("   ab|ab  |1.5");
    expect(fmt("'[%s]', 'a\\0b'")).toBe("[a]");
    expect(bytes("return string.format('%s', string.rep('a\\0', 60))").length).toBe(120);
    expect(hexOf(bytes("return string.format('[%c][%5c]', 0, 0)"))).toBe(
      hexOf(new TextEncoder().encode("[][    ]")),
    );
    expect(fmt("'%q', 'a\\nb\\0\"\\r'")).toBe('"a\\\nb\\000\\"\\r"');
    expect(fmt("'%c%c', 72, 256 + 105")).toBe("Hi");
  });

  test("errors", () => {
    expect(() => fmt("'%d', 'x'")).toThrow("bad argument #2 to 'format' (number expected, got string)");
    expect(() => fmt("'%d'")).toThrow("bad argument #2 to 'format' (no value)");
    expect(() => fmt("'%z', 1")).toThrow("invalid option '%z' to 'format'");
    expect(() => fmt("'%100d', 1")).toThrow("invalid format (width or precision too long)");
    expect(() => fmt("'%------d', 1")).toThrow("invalid format (repeated flags)");
  });
});
