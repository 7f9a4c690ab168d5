/**
 * Socketless tests for GETSET, GETRANGE, SUBSTR, SETRANGE, INCRBYFLOAT, MSETNX and LCS: exact
 * reply bytes in RESP2 and RESP3, errors, TTL handling, and WRONGTYPE on a collection key.
 */
import { describe, expect, test } from "bun:test";
import { RedisList } from "../../src/db/types/list.ts";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${Buffer.byteLength(s, "latin1")}\r\n${s}\r\n`;

/** A server with a list at "list", for WRONGTYPE checks (no list commands needed). */
function withList() {
  const local = localServer();
  const list = new RedisList();
  list.pushBack(new TextEncoder().encode("x"));
  local.server.dbs.db(0).set("list", list);
  return { ...local, c: local.connect() };
}

describe("GETSET", () => {
  test("answers the old value, sets the new one, clears the TTL", () => {
    const { c } = withList();
    expect(c.send(["GETSET", "k", "a"])).toBe("$-1\r\n");
    expect(c.send(["GET", "k"])).toBe(bulk("a"));
    c.send(["EXPIRE", "k", "100"]);
    expect(c.send(["GETSET", "k", "b\u0000c"])).toBe(bulk("a"));
    expect(c.send(["GET", "k"])).toBe(bulk("b\u0000c"));
    expect(c.send(["TTL", "k"])).toBe(":-1\r\n");
    expect(c.send(["GETSET", "list", "v"])).toBe(err(ERR.wrongType));
    expect(c.send(["GETSET", "k"])).toBe(err(ERR.wrongArity("getset")));
    c.send(["HELLO", "3"]);
    expect(c.send(["GETSET", "new", "v"])).toBe("_\r\n");
  });
});

describe("GETRANGE / SUBSTR", () => {
  test("offsets as Redis clamps them", () => {
    const { c } = withList();
    c.send(["SET", "k", "This is a string"]);
    const cases: [string, string, string][] = [
      ["0", "3", "This"],
      ["-3", "-1", "ing"],
      ["0", "-1", "This is a string"],
      ["10", "100", "string"],
      ["-100", "3", "This"],
      ["5", "3", ""],
      ["-1", "-5", ""], // both negative, start > end: empty before conversion
      ["-100", "-100", "T"],
      ["16", "20", ""],
      ["0", "0", "T"],
      ["-9223372036854775808", "9223372036854775807", "This is a string"],
      ["9223372036854775807", "9223372036854775807", ""],
    ];
    for (const [s, e, want] of cases) {
      expect(c.send(["GETRANGE", "k", s, e])).toBe(bulk(want));
      expect(c.send(["SUBSTR", "k", s, e])).toBe(bulk(want));
    }
  });

  test("missing key, empty string, errors", () => {
    const { c } = withList();
    expect(c.send(["GETRANGE", "none", "0", "-1"])).toBe("$0\r\n\r\n");
    c.send(["SET", "e", ""]);
    expect(c.send(["GETRANGE", "e", "0", "-1"])).toBe("$0\r\n\r\n");
    expect(c.send(["GETRANGE", "none", "x", "1"])).toBe(err(ERR.notInteger));
    expect(c.send(["GETRANGE", "list", "x", "1"])).toBe(err(ERR.notInteger));
    expect(c.send(["GETRANGE", "list", "0", "1"])).toBe(err(ERR.wrongType));
    expect(c.send(["GETRANGE", "k", "0", "9223372036854775808"])).toBe(err(ERR.notInteger));
    expect(c.send(["GETRANGE", "k", "0"])).toBe(err(ERR.wrongArity("getrange")));
  });
});

describe("SETRANGE", () => {
  test("overwrites, pads with zero bytes, answers the length, keeps the TTL", () => {
    const { c } = withList();
    c.send(["SET", "k", "Hello World"]);
    c.send(["EXPIRE", "k", "100"]);
    expect(c.send(["SETRANGE", "k", "6", "Redis"])).toBe(":11\r\n");
    expect(c.send(["GET", "k"])).toBe(bulk("Hello Redis"));
    expect(c.send(["TTL", "k"])).toBe(":100\r\n");
    expect(c.send(["SETRANGE", "k", "13", "!"])).toBe(":14\r\n");
    expect(c.send(["GET", "k"])).toBe(bulk("Hello Redis\u0000\u0000!"));
    expect(c.send(["SETRANGE", "new", "3", "ab"])).toBe(":5\r\n");
    expect(c.send(["GET", "new"])).toBe(bulk("\u0000\u0000\u0000ab"));
  });

  test("an empty value writes nothing and creates no key", () => {
    const { c } = withList();
    expect(c.send(["SETRANGE", "none", "100", ""])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "none"])).toBe(":0\r\n");
    c.send(["SET", "k", "abc"]);
    expect(c.send(["SETRANGE", "k", "9999999999", ""])).toBe(":3\r\n");
    expect(c.send(["SETRANGE", "list", "0", ""])).toBe(err(ERR.wrongType));
  });

  test("errors: offset, size limit, type", () => {
    const { c } = withList();
    expect(c.send(["SETRANGE", "k", "-1", "x"])).toBe(err(ERR.offsetOutOfRange));
    expect(c.send(["SETRANGE", "k", "x", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["SETRANGE", "k", "9223372036854775807", "x"])).toBe(err(ERR.stringTooLong));
    expect(c.send(["SETRANGE", "k", "536870912", "x"])).toBe(err(ERR.stringTooLong));
    c.send(["CONFIG", "SET", "proto-max-bulk-len", "1mb"]);
    expect(c.send(["SETRANGE", "k", "1048576", "x"])).toBe(err(ERR.stringTooLong));
    expect(c.send(["SETRANGE", "k", "1048575", "x"])).toBe(":1048576\r\n");
    expect(c.send(["SETRANGE", "list", "0", "x"])).toBe(err(ERR.wrongType));
    expect(c.send(["SETRANGE", "list", "-1", "x"])).toBe(err(ERR.offsetOutOfRange));
  });
});

describe("INCRBYFLOAT", () => {
  test("long double arithmetic and formatting, as redis-server", () => {
    const { c } = withList();
    const steps: [string, string][] = [
      ["0.1", "0.1"],
      ["0.2", "0.3"],
      ["-0.3", "0"],
      ["1e-5", "0.00001"],
      ["3.0e5", "300000.00001000000000317"],
      ["5.0e3", "305000.00001000000000317"],
      ["-305000.00001", "0"],
      ["10.5", "10.5"],
      ["0.1", "10.6"],
      ["-5.0e3", "-4989.39999999999999991"],
      ["1e20", "99999999999999995008"],
    ];
    for (const [by, want] of steps) expect(c.send(["INCRBYFLOAT", "f", by])).toBe(bulk(want));
    expect(c.send(["GET", "f"])).toBe(bulk("99999999999999995008"));
  });

  test("parsing: integers, exponents, hex, spaces, inf", () => {
    const { c } = withList();
    c.send(["SET", "i", "5"]);
    expect(c.send(["INCRBYFLOAT", "i", "2"])).toBe(bulk("7"));
    expect(c.send(["INCRBYFLOAT", "i", "0x10"])).toBe(bulk("23"));
    expect(c.send(["INCRBYFLOAT", "i", "-1.5E1"])).toBe(bulk("8"));
    expect(c.send(["INCRBYFLOAT", "i", " 1"])).toBe(err(ERR.notFloat));
    expect(c.send(["INCRBYFLOAT", "i", "1 "])).toBe(err(ERR.notFloat));
    expect(c.send(["INCRBYFLOAT", "i", ""])).toBe(err(ERR.notFloat));
    expect(c.send(["INCRBYFLOAT", "i", "abc"])).toBe(err(ERR.notFloat));
    expect(c.send(["INCRBYFLOAT", "i", "nan"])).toBe(err(ERR.notFloat));
    expect(c.send(["INCRBYFLOAT", "i", "inf"])).toBe(err(ERR.incrNanOrInfinity));
    expect(c.send(["INCRBYFLOAT", "i", "1e5000"])).toBe(err(ERR.notFloat));
    expect(c.send(["GET", "i"])).toBe(bulk("8"));
    c.send(["SET", "s", "not a number"]);
    expect(c.send(["INCRBYFLOAT", "s", "1"])).toBe(err(ERR.notFloat));
    expect(c.send(["INCRBYFLOAT", "list", "1"])).toBe(err(ERR.wrongType));
    expect(c.send(["INCRBYFLOAT", "list", "x"])).toBe(err(ERR.wrongType));
  });

  test("keeps the TTL; RESP3 answers a bulk string too", () => {
    const { c } = withList();
    c.send(["SET", "f", "1", "EX", "100"]);
    expect(c.send(["INCRBYFLOAT", "f", "1.5"])).toBe(bulk("2.5"));
    expect(c.send(["TTL", "f"])).toBe(":100\r\n");
    c.send(["HELLO", "3"]);
    expect(c.send(["INCRBYFLOAT", "f", "0.5"])).toBe(bulk("3"));
  });
});

describe("MSETNX", () => {
  test("all or nothing", () => {
    const { c } = withList();
    expect(c.send(["MSETNX", "a", "1", "b", "2"])).toBe(":1\r\n");
    expect(c.send(["MSETNX", "b", "x", "c", "3"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "c"])).toBe(":0\r\n");
    expect(c.send(["MSETNX", "list", "x"])).toBe(":0\r\n");
    expect(c.send(["MSETNX", "x", "1", "x", "2"])).toBe(":1\r\n");
    expect(c.send(["GET", "x"])).toBe(bulk("2"));
    expect(c.send(["MSETNX", "a"])).toBe(err(ERR.wrongArity("msetnx")));
    expect(c.send(["MSETNX", "a", "1", "b"])).toBe(err(ERR.wrongArity("msetnx")));
  });
});

describe("LCS", () => {
  test("the string, LEN and IDX in both protocols", () => {
    const { c } = withList();
    c.send(["MSET", "a", "ohmytext", "b", "mynewtext"]);
    expect(c.send(["LCS", "a", "b"])).toBe(bulk("mytext"));
    expect(c.send(["LCS", "a", "b", "LEN"])).toBe(":6\r\n");
    const idx = "*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n";
    expect(c.send(["LCS", "a", "b", "IDX"])).toBe(`*4\r\n$7\r\nmatches\r\n${idx}$3\r\nlen\r\n:6\r\n`);
    expect(c.send(["LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"])).toBe(
      "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
    );
    c.send(["HELLO", "3"]);
    expect(c.send(["LCS", "a", "b", "idx"])).toBe(`%2\r\n$7\r\nmatches\r\n${idx}$3\r\nlen\r\n:6\r\n`);
  });

  test("missing keys are empty, options and errors", () => {
    const { c } = withList();
    c.send(["SET", "a", "abc"]);
    expect(c.send(["LCS", "a", "none"])).toBe("$0\r\n\r\n");
    expect(c.send(["LCS", "none", "none2", "LEN"])).toBe(":0\r\n");
    expect(c.send(["LCS", "a", "a", "IDX", "MINMATCHLEN", "-5"])).toBe(
      "*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n$3\r\nlen\r\n:3\r\n",
    );
    expect(c.send(["LCS", "a", "list"])).toBe(err(ERR.lcsNotStrings));
    expect(c.send(["LCS", "list", "a", "BOGUS"])).toBe(err(ERR.lcsNotStrings));
    expect(c.send(["LCS", "a", "a", "BOGUS"])).toBe(err(ERR.syntax));
    expect(c.send(["LCS", "a", "a", "MINMATCHLEN"])).toBe(err(ERR.syntax));
    expect(c.send(["LCS", "a", "a", "MINMATCHLEN", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["LCS", "a", "a", "LEN", "IDX"])).toBe(err(ERR.lcsIdxAndLen));
    expect(c.send(["LCS", "a"])).toBe(err(ERR.wrongArity("lcs")));
  });

  test("the DP table may not exceed proto-max-bulk-len", () => {
    const { c } = withList();
    c.send(["CONFIG", "SET", "proto-max-bulk-len", "1mb"]);
    c.send(["SET", "a", "x".repeat(600)]);
    expect(c.send(["LCS", "a", "a", "LEN"])).toBe(err(ERR.lcsTooBig));
    c.send(["SET", "a", "x".repeat(500)]);
    expect(c.send(["LCS", "a", "a", "LEN"])).toBe(":500\r\n");
  });
});
