import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;

describe("GET / SET", () => {
  test("set and get, binary-safe", () => {
    const c = localServer().connect();
    expect(c.send(["SET", "k", "a\r\nb\u0000c"])).toBe("+OK\r\n");
    expect(c.send(["GET", "k"])).toBe("$6\r\na\r\nb\u0000c\r\n");
    expect(c.send(["GET", "missing"])).toBe("$-1\r\n");
  });

  test("the stored value is a copy, not a view of the read buffer", () => {
    const c = localServer().connect();
    const frame = new TextEncoder().encode("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
    c.send(frame);
    frame.fill(120);
    expect(c.send(["GET", "k"])).toBe("$5\r\nhello\r\n");
  });

  test("NX, XX, GET and their combinations", () => {
    const c = localServer().connect();
    expect(c.send(["SET", "k", "1", "XX"])).toBe("$-1\r\n");
    expect(c.send(["SET", "k", "1", "NX"])).toBe("+OK\r\n");
    expect(c.send(["SET", "k", "2", "NX"])).toBe("$-1\r\n");
    expect(c.send(["SET", "k", "3", "XX", "GET"])).toBe("$1\r\n1\r\n");
    expect(c.send(["SET", "k", "4", "NX", "GET"])).toBe("$1\r\n3\r\n");
    expect(c.send(["GET", "k"])).toBe("$1\r\n3\r\n");
    expect(c.send(["SET", "k", "1", "NX", "XX"])).toBe(err(ERR.syntax));
    expect(c.send(["SET", "k", "1", "BOGUS"])).toBe(err(ERR.syntax));
  });

  test("RESP3 null is _", () => {
    const c = localServer().connect();
    c.send(["HELLO", "3"]);
    expect(c.send(["GET", "nope"])).toBe("_\r\n");
  });

  test("expiry options under a manual clock", () => {
    const { connect, clock } = localServer();
    const c = connect();
    expect(c.send(["SET", "k", "v", "PX", "100"])).toBe("+OK\r\n");
    expect(c.send(["PTTL", "k"])).toBe(":100\r\n");
    clock.advance(100);
    expect(c.send(["GET", "k"])).toBe("$1\r\nv\r\n"); // Redis: expired only when now > deadline
    clock.advance(1);
    expect(c.send(["GET", "k"])).toBe("$-1\r\n");
    c.send(["SET", "k", "v", "EX", "10"]);
    c.send(["SET", "k", "w", "KEEPTTL"]);
    expect(c.send(["TTL", "k"])).toBe(":10\r\n");
    c.send(["SET", "k", "x"]);
    expect(c.send(["TTL", "k"])).toBe(":-1\r\n");
    const at = clock.now() + 5000;
    c.send(["SET", "k", "v", "PXAT", String(at)]);
    expect(c.send(["PEXPIRETIME", "k"])).toBe(`:${at}\r\n`);
    expect(c.send(["SET", "k", "v", "EX", "0"])).toBe(err(ERR.invalidExpire("set")));
    expect(c.send(["SET", "k", "v", "EX", "-5"])).toBe(err(ERR.invalidExpire("set")));
    expect(c.send(["SET", "k", "v", "EX", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["SET", "k", "v", "EX", "9223372036854775"])).toBe(err(ERR.invalidExpire("set")));
    expect(c.send(["SET", "k", "v", "EX", "10", "PX", "10"])).toBe(err(ERR.syntax));
    expect(c.send(["SET", "k", "v", "EX", "10", "KEEPTTL"])).toBe(err(ERR.syntax));
    expect(c.send(["SET", "k", "v", "EX"])).toBe(err(ERR.syntax));
    expect(c.send(["SETEX", "k", "0", "v"])).toBe(err(ERR.invalidExpire("setex")));
    expect(c.send(["PSETEX", "k", "1500", "v"])).toBe("+OK\r\n");
    expect(c.send(["TTL", "k"])).toBe(":2\r\n"); // 1.5 s rounds to 2, as Redis
  });

  test("GETEX, GETDEL, SETNX, MGET, MSET", () => {
    const { connect, clock } = localServer();
    const c = connect();
    c.send(["SET", "k", "v"]);
    expect(c.send(["GETEX", "k", "PX", "50"])).toBe("$1\r\nv\r\n");
    expect(c.send(["PTTL", "k"])).toBe(":50\r\n");
    expect(c.send(["GETEX", "k", "PERSIST"])).toBe("$1\r\nv\r\n");
    expect(c.send(["PTTL", "k"])).toBe(":-1\r\n");
    expect(c.send(["GETEX", "k", "PXAT", String(clock.now() - 1)])).toBe("$1\r\nv\r\n");
    expect(c.send(["EXISTS", "k"])).toBe(":0\r\n");
    expect(c.send(["GETEX", "k", "PERSIST", "EX", "1"])).toBe(err(ERR.syntax));
  });

  test("GETEX checks the expiry's value after the key: nil when missing, WRONGTYPE first", () => {
    const c = localServer().connect();
    expect(c.send(["GETEX", "k", "EX", "x"])).toBe("$-1\r\n");
    expect(c.send(["GETEX", "k", "PX", "-5"])).toBe("$-1\r\n");
    expect(c.send(["GETEX", "k", "EXAT", "-1"])).toBe("$-1\r\n");
    expect(c.send(["GETEX", "k", "PX", "9223372036854775807"])).toBe("$-1\r\n");
    expect(c.send(["GETEX", "k", "EX", "1", "PX", "1"])).toBe(err(ERR.syntax));
    c.send(["RPUSH", "l", "a"]);
    expect(c.send(["GETEX", "l", "EX", "x"])).toBe(err(ERR.wrongType));
    expect(c.send(["GETEX", "l", "PXAT", "0"])).toBe(err(ERR.wrongType));
    c.send(["SET", "k", "v"]);
    expect(c.send(["GETEX", "k", "EX", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["GETEX", "k", "EXAT", "-1"])).toBe(err(ERR.invalidExpire("getex")));
    expect(c.send(["GETEX", "k", "EX", "9223372036854775"])).toBe(err(ERR.invalidExpire("getex")));
    expect(c.send(["TTL", "k"])).toBe(":-1\r\n");
  });

  test("GETDEL, SETNX, MGET, MSET", () => {
    const c = localServer().connect();
    c.send(["SET", "d", "1"]);
    expect(c.send(["GETDEL", "d"])).toBe("$1\r\n1\r\n");
    expect(c.send(["GETDEL", "d"])).toBe("$-1\r\n");
    expect(c.send(["SETNX", "n", "1"])).toBe(":1\r\n");
    expect(c.send(["SETNX", "n", "2"])).toBe(":0\r\n");
    expect(c.send(["MSET", "a", "1", "b", "2"])).toBe("+OK\r\n");
    expect(c.send(["MSET", "a", "1", "b"])).toBe(err(ERR.wrongArity("mset")));
    expect(c.send(["MGET", "a", "zz", "b"])).toBe("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n");
  });

  test("INCR family: 64-bit exact, errors", () => {
    const c = localServer().connect();
    expect(c.send(["INCR", "n"])).toBe(":1\r\n");
    expect(c.send(["INCRBY", "n", "41"])).toBe(":42\r\n");
    expect(c.send(["DECRBY", "n", "50"])).toBe(":-8\r\n");
    expect(c.send(["DECR", "n"])).toBe(":-9\r\n");
    c.send(["SET", "big", "9223372036854775806"]);
    expect(c.send(["INCR", "big"])).toBe(":9223372036854775807\r\n");
    expect(c.send(["INCR", "big"])).toBe(err(ERR.overflow));
    expect(c.send(["GET", "big"])).toBe("$19\r\n9223372036854775807\r\n");
    c.send(["SET", "s", "abc"]);
    expect(c.send(["INCR", "s"])).toBe(err(ERR.notInteger));
    c.send(["SET", "s", " 1"]);
    expect(c.send(["INCR", "s"])).toBe(err(ERR.notInteger));
    expect(c.send(["INCRBY", "n", "1.5"])).toBe(err(ERR.notInteger));
    expect(c.send(["DECRBY", "n", "-9223372036854775808"])).toBe(err("ERR decrement would overflow"));
  });

  test("APPEND and STRLEN", () => {
    const c = localServer().connect();
    expect(c.send(["APPEND", "k", "ab"])).toBe(":2\r\n");
    expect(c.send(["APPEND", "k", "cd"])).toBe(":4\r\n");
    expect(c.send(["GET", "k"])).toBe("$4\r\nabcd\r\n");
    expect(c.send(["STRLEN", "k"])).toBe(":4\r\n");
    expect(c.send(["STRLEN", "nope"])).toBe(":0\r\n");
  });

  test("arity and unknown commands keep the connection open", () => {
    const c = localServer().connect();
    expect(c.send(["GET"])).toBe(err(ERR.wrongArity("get")));
    expect(c.send(["NOPE", "a", "b"])).toBe(
      err("ERR unknown command 'NOPE', with args beginning with: 'a' 'b' "),
    );
    expect(c.send(["PING"])).toBe("+PONG\r\n");
    expect(c.closed).toBe(false);
  });
});
