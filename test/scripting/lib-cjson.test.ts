import { describe, expect, test } from "bun:test";
import { newLuaState } from "./lib-helper.ts";

const { run } = newLuaState();

describe("cjson", () => {
  test("encode", () => {
    expect(run("return cjson.encode({1, 2, {a = 1}})")).toBe('[1,2,{"a":1}]');
    expect(run("return cjson.encode({})")).toBe("{}");
    expect(run("return cjson.encode({1e15, 0.1, -0, 1/3})")).toBe("[1e+15,0.1,-0,0.33333333333333]");
    expect(run("return cjson.encode('a/b\"\\n' .. string.char(1, 127))")).toBe('"a\\/b\\"\\n\\u0001\\u007f"');
    expect(run("return cjson.encode({[1] = 1, [2] = 2, [4] = 4})")).toBe("[1,2,null,4]");
    expect(run("return cjson.encode({[1.5] = true})")).toBe('{"1.5":true}');
    expect(run("return cjson.encode({cjson.null, false})")).toBe("[null,false]");
  });

  test("encode errors", () => {
    expect(() => run("return cjson.encode({[1] = 1, [20] = 2})")).toThrow(
      "Cannot serialise table: excessively sparse array",
    );
    expect(() => run("return cjson.encode(function() end)")).toThrow(
      "Cannot serialise function: type not supported",
    );
    expect(() => run("return cjson.encode({[true] = 1})")).toThrow(
      "Cannot serialise boolean: table key must be a number or string",
    );
    expect(() => run("return cjson.encode(0/0)")).toThrow("Cannot serialise number: must not be NaN or Inf");
    expect(() => run("local t = {} t[1] = t return cjson.encode(t)")).toThrow(
      "Cannot serialise, excessive nesting (1001)",
    );
    expect(() => run("return cjson.encode()")).toThrow("bad argument #1 to 'encode' (expected 1 argument)");
  });

  test("decode", () => {
    expect(run('local t = cjson.decode(\'{"a":[1,2,{"b":null}]}\') return t.a[2] + #t.a')).toBe(5);
    expect(run("return cjson.decode('[1,null,3]')[2] == cjson.null")).toBe(true);
    expect(run("return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\"')")).toBe("é😀");
    expect(run("return cjson.decode('0x10') + cjson.decode('+1')")).toBe(17);
    expect(run("return cjson.decode(' \"abc\" ')")).toBe("abc");
  });

  test("decode errors", () => {
    const err = (json: string, message: string) =>
      expect(() => run(`return cjson.decode(${JSON.stringify(json)})`)).toThrow(message);
    err("", "Expected value but found T_END at character 1");
    err("[1,2", "Expected comma or array end but found T_END at character 5");
    err('{"a" 1}', "Expected colon but found T_NUMBER at character 6");
    err('"\\x"', "Expected value but found invalid escape code at character 2");
    err("tru", "Expected value but found invalid token at character 1");
    err("1 2", "Expected the end but found T_NUMBER at character 3");
    err('"\\ud800"', "Expected value but found invalid unicode escape code at character 2");
    err('{"a":1,}', "Expected object key string but found T_OBJ_END at character 8");
    err('"abc', "Expected value but found unexpected end of string at character 5");
    err("[".repeat(1001), "Found too many nested data structures (1001) at character 1001");
  });

  test("options and cjson.new", () => {
    expect(run("local a, b, c = cjson.encode_sparse_array() return tostring(a) .. b .. c")).toBe("false210");
    expect(
      run("local c = cjson.new() c.encode_number_precision(3) return c.encode(1/3) .. cjson.encode(1/3)"),
    ).toBe("0.3330.33333333333333");
    expect(run("local c = cjson.new() c.encode_invalid_numbers(true) return c.encode({0/0, 1/0})")).toBe(
      "[nan,inf]",
    );
    expect(
      run("local c = cjson.new() c.encode_sparse_array(true) return c.encode({[1] = 1, [20] = 2})"),
    ).toBe('{"1":1,"20":2}');
    expect(() => run("return cjson.encode_number_precision(15)")).toThrow(
      "expected integer between 1 and 14",
    );
  });
});
