import { describe, expect, test } from "bun:test";
import { hexOf, newLuaState } from "./lib-helper.ts";

const { run, bytes } = newLuaState();
const packed = (args: string) => hexOf(bytes(`return cmsgpack.pack(${args})`));

describe("cmsgpack", () => {
  test("integers take the smallest encoding", () => {
    expect(packed("0, 127, 128, 256, 65536, 2^32")).toBe("007fcc80cd0100ce00010000cf0000000100000000");
    expect(packed("-1, -32, -33, -129, -32769, -2^31 - 1")).toBe(
      "ffe0d0dfd1ff7fd2ffff7fffd3ffffffff7fffffff",
    );
  });

  test("floats: float32 when exact, else float64", () => {
    expect(packed("1.5, 0.1, 2^63, 1/0")).toBe("ca3fc00000cb3fb999999999999aca5f000000ca7f800000");
    expect(packed("0/0")).toBe("cbfff8000000000000");
  });

  test("strings, tables, nil and nesting", () => {
    expect(packed("'x', true, false, nil")).toBe("a178c3c2c0");
    expect(packed("{}, {1, 2}, {a = 1}, {[2] = 1}")).toBe("9092010281a16101810201");
    expect(hexOf(bytes("return cmsgpack.pack(string.rep('a', 32))")).slice(0, 4)).toBe("d920");
    expect(hexOf(bytes("return cmsgpack.pack(string.rep('a', 256))")).slice(0, 6)).toBe("da0100");
    expect(packed("{{{{{{{{{{{{{{{{{{1}}}}}}}}}}}}}}}}}}")).toBe(`${"91".repeat(16)}c0`);
    expect(packed("function() end")).toBe("c0");
  });

  test("unpack and its variants", () => {
    expect(run("return table.concat({cmsgpack.unpack(cmsgpack.pack(1, 'b', 2.5))}, ',')")).toBe("1,b,2.5");
    expect(run("return cmsgpack.unpack(cmsgpack.pack({k = {1, 2, 3}})).k[3]")).toBe(3);
    expect(run("return table.concat({cmsgpack.unpack_one('\\001\\002\\003')}, ',')")).toBe("1,1");
    expect(run("return table.concat({cmsgpack.unpack_one('\\001\\002\\003', 2)}, ',')")).toBe("-1,3");
    expect(run("return table.concat({cmsgpack.unpack_limit('\\001\\002\\003', 2)}, ',')")).toBe("2,1,2");
    expect(run("return tostring(cmsgpack.unpack('\\207\\000\\032\\000\\000\\000\\000\\000\\001'))")).toBe(
      "9.007199254741e+15",
    );
    expect(run("return cmsgpack.unpack('a\\0b' == 'x' and '' or cmsgpack.pack('a\\0b'))")).toBe("a\u0000b");
  });

  test("errors", () => {
    expect(() => run("return cmsgpack.pack()")).toThrow(
      "bad argument #0 to 'pack' (MessagePack pack needs input.)",
    );
    expect(() => run("return cmsgpack.unpack('\\196\\001a')")).toThrow("Bad data format in input.");
    expect(() => run("return cmsgpack.unpack('\\205\\001')")).toThrow("Missing bytes in input.");
    expect(() => run("return cmsgpack.unpack_one('\\001', 5)")).toThrow(
      "Start offset 5 greater than input length 1.",
    );
    expect(() => run("return cmsgpack.unpack('\\129\\192\\001')")).toThrow("table index is nil");
  });
});
