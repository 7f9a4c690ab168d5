import { describe, expect, test } from "bun:test";
import { formatLuaNumber, str2number } from "../../src/scripting/lib/index.ts";
import { newLuaState } from "./lib-helper.ts";

const { run } = newLuaState();
const enc = (s: string) => new TextEncoder().encode(s);

describe("Lua 5.1 numbers", () => {
  test("formatLuaNumber is %.14g", () => {
    expect(formatLuaNumber(5)).toBe("5");
    expect(formatLuaNumber(2 ** 53)).toBe("9.007199254741e+15");
    expect(formatLuaNumber(0.1)).toBe("0.1");
    expect(formatLuaNumber(-0)).toBe("-0");
    expect(formatLuaNumber(1e14)).toBe("1e+14");
    expect(formatLuaNumber(99999999999999)).toBe("99999999999999");
    expect(formatLuaNumber(1e-5)).toBe("1e-05");
    expect(formatLuaNumber(1 / 3)).toBe("0.33333333333333");
    expect(formatLuaNumber(Infinity)).toBe("inf");
    expect(formatLuaNumber(-Infinity)).toBe("-inf");
    expect(formatLuaNumber(Number.NaN)).toBe("-nan");
    // A tie at the 14th digit rounds to even, as glibc does (JavaScript would round it up).
    expect(formatLuaNumber(10000000000000.5)).toBe("10000000000000");
  });

  test("str2number follows 5.1's strtod-based reading", () => {
    expect(str2number(enc("0x10"))).toBe(16);
    expect(str2number(enc(" 1e2 "))).toBe(100);
    expect(str2number(enc("-.5"))).toBe(-0.5);
    expect(str2number(enc("5."))).toBe(5);
    expect(str2number(enc("inf"))).toBe(Infinity);
    expect(str2number(enc("-Infinity"))).toBe(-Infinity);
    expect(str2number(enc("nan"))).toBeNaN();
    expect(str2number(enc("0x1p4"))).toBe(16);
    expect(str2number(enc("1\0junk"))).toBe(1);
    for (const bad of ["", " ", "1e", "0x", "1 2", "abc", "--1", "."])
      expect(str2number(enc(bad))).toBeUndefined();
    expect(str2number(enc("123456789012345678901234567890"))).toBe(1.2345678901234568e29);
  });

  test("no integer subtype: division, big products and pairs() keys are doubles", () => {
    expect(run("return tostring(10/2)")).toBe("5");
    expect(run("return tostring(#'abc' * 2^31)")).toBe("6442450944");
    expect(run("return tostring(0x7fffffff + 1)")).toBe("2147483648");
    expect(run("local t = {} t[100000] = 1 for k in pairs(t) do return tostring(k * k) end")).toBe(
      "10000000000",
    );
    expect(run("local s = 0 for i = 1, 10 do s = s + i end return tostring(s)")).toBe("55");
    expect(run("return tostring(math.floor(2^40) * 3)")).toBe("3298534883328");
  });

  test("% is a - floor(a/b)*b and integer arguments truncate", () => {
    expect(run("return tostring(5 % math.huge)")).toBe("-nan");
    expect(run("return tostring(-5 % 3)")).toBe("1");
    expect(run("return string.rep('a', 2.7)")).toBe("aa");
    expect(run("return string.sub('hello', 2.9, 4.2)")).toBe("ell");
  });

  test("5.1 globals are there and 5.3 additions are not", () => {
    expect(
      run("return type(unpack) .. type(loadstring) .. type(gcinfo) .. type(math.pow) .. type(string.gfind)"),
    ).toBe("functionfunctionfunctionfunctionfunction");
    expect(
      run("return type(utf8) .. type(rawlen) .. type(math.type) .. type(string.pack) .. type(table.move)"),
    ).toBe("nilnilnilnilnil");
    expect(run("return _VERSION")).toBe("Lua 5.1");
    expect(run("return table.getn({1, 2, 3}) + table.maxn({[7] = 1, [2.5] = 0})")).toBe(10);
    expect(run("local m, e = math.frexp(8) return m .. ',' .. e .. ',' .. math.ldexp(0.5, 4)")).toBe(
      "0.5,4,8",
    );
    expect(run("return math.log(8, 2)")).toBeCloseTo(Math.log(8));
    expect(run("return loadstring('return 1 + 1')()")).toBe(2);
    expect(run("return tostring(loadstring(string.dump(function() end)))")).toBe("nil");
    expect(() => run("return load('return 1')")).toThrow(
      "bad argument #1 to 'load' (function expected, got string)",
    );
    expect(run("return select(2, pcall(string.rep))")).toBe(
      "bad argument #1 to '?' (string expected, got no value)",
    );
    expect(run("return collectgarbage('count') > 0 and collectgarbage() == 0")).toBe(true);
  });

  test("syntax errors quote <eof> and <name> as 5.1 does", () => {
    expect(run("return select(2, loadstring('if x then', 'c'))")).toBe(
      `[string "c"]:1: 'end' expected near '<eof>'`,
    );
    expect(run("return select(2, loadstring('local = 1', 'c'))")).toBe(
      `[string "c"]:1: '<name>' expected near '='`,
    );
  });
});
