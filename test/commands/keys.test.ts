import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;

describe("keys", () => {
  test("DEL, UNLINK, EXISTS count duplicates, TYPE", () => {
    const c = localServer().connect();
    c.send(["MSET", "a", "1", "b", "2"]);
    expect(c.send(["EXISTS", "a", "a", "zz"])).toBe(":2\r\n");
    expect(c.send(["TYPE", "a"])).toBe("+string\r\n");
    expect(c.send(["TYPE", "zz"])).toBe("+none\r\n");
    expect(c.send(["DEL", "a", "zz"])).toBe(":1\r\n");
    expect(c.send(["UNLINK", "b", "b"])).toBe(":1\r\n");
    expect(c.send(["DBSIZE"])).toBe(":0\r\n");
  });

  test("EXPIRE family with NX XX GT LT", () => {
    const { connect, clock } = localServer();
    const c = connect();
    c.send(["SET", "k", "v"]);
    expect(c.send(["EXPIRE", "missing", "10"])).toBe(":0\r\n");
    expect(c.send(["EXPIRE", "k", "10", "XX"])).toBe(":0\r\n");
    expect(c.send(["EXPIRE", "k", "10", "GT"])).toBe(":0\r\n");
    expect(c.send(["EXPIRE", "k", "10", "NX"])).toBe(":1\r\n");
    expect(c.send(["EXPIRE", "k", "20", "NX"])).toBe(":0\r\n");
    expect(c.send(["EXPIRE", "k", "5", "GT"])).toBe(":0\r\n");
    expect(c.send(["EXPIRE", "k", "20", "GT"])).toBe(":1\r\n");
    expect(c.send(["EXPIRE", "k", "30", "LT"])).toBe(":0\r\n");
    expect(c.send(["PEXPIRE", "k", "1500", "LT"])).toBe(":1\r\n");
    expect(c.send(["TTL", "k"])).toBe(":2\r\n");
    expect(c.send(["EXPIRETIME", "k"])).toBe(`:${Math.floor((clock.now() + 1500 + 500) / 1000)}\r\n`);
    expect(c.send(["EXPIRE", "k", "1", "NX", "XX"])).toBe(
      err("ERR NX and XX, GT or LT options at the same time are not compatible"),
    );
    expect(c.send(["EXPIRE", "k", "1", "GT", "LT"])).toBe(
      err("ERR GT and LT options at the same time are not compatible"),
    );
    expect(c.send(["EXPIRE", "k", "1", "FOO"])).toBe(err("ERR Unsupported option FOO"));
    expect(c.send(["EXPIRE", "k", "abc"])).toBe(err(ERR.notInteger));
    expect(c.send(["EXPIRE", "k", "9223372036854775807"])).toBe(err(ERR.invalidExpire("expire")));
    expect(c.send(["PERSIST", "k"])).toBe(":1\r\n");
    expect(c.send(["PERSIST", "k"])).toBe(":0\r\n");
    expect(c.send(["TTL", "k"])).toBe(":-1\r\n");
    expect(c.send(["TTL", "nope"])).toBe(":-2\r\n");
    // A deadline in the past deletes at once.
    expect(c.send(["EXPIRE", "k", "-1"])).toBe(":1\r\n");
    expect(c.send(["EXISTS", "k"])).toBe(":0\r\n");
    c.send(["SET", "k", "v"]);
    expect(c.send(["PEXPIREAT", "k", String(clock.now() + 100)])).toBe(":1\r\n");
    clock.advance(101);
    expect(c.send(["TTL", "k"])).toBe(":-2\r\n");
  });

  test("active expiry removes keys without any read (manual clock)", () => {
    const { connect, clock, server } = localServer();
    const c = connect();
    for (let i = 0; i < 100; i++) c.send(["SET", `k${i}`, "v", "PX", String(10 + i)]);
    expect(server.dbs.db(0).size).toBe(100);
    clock.advance(60);
    // Keys 0..49 have deadlines <= now-1 ... they are gone from the keyspace (not merely hidden).
    expect(server.dbs.db(0).size).toBeLessThanOrEqual(51);
    expect(c.send(["EXISTS", "k49"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "k99"])).toBe(":1\r\n");
  });

  test("KEYS with patterns skips expired keys; FLUSHDB / FLUSHALL", () => {
    const { connect, clock } = localServer();
    const c = connect();
    c.send(["MSET", "user:1", "a", "user:2", "b", "other", "c"]);
    c.send(["PEXPIRE", "user:2", "5"]);
    expect(c.send(["KEYS", "user:[12]"]).split("\r\n").sort().join(",")).toBe(",$6,$6,*2,user:1,user:2");
    clock.advance(6);
    expect(c.send(["KEYS", "user:*"])).toBe("*1\r\n$6\r\nuser:1\r\n");
    expect(c.send(["FLUSHDB", "BOGUS"])).toBe(err(ERR.syntax));
    c.send(["SELECT", "1"]);
    c.send(["SET", "x", "1"]);
    expect(c.send(["FLUSHDB", "ASYNC"])).toBe("+OK\r\n");
    expect(c.send(["DBSIZE"])).toBe(":0\r\n");
    c.send(["SELECT", "0"]);
    expect(c.send(["DBSIZE"])).toBe(":2\r\n");
    expect(c.send(["FLUSHALL"])).toBe("+OK\r\n");
    expect(c.send(["DBSIZE"])).toBe(":0\r\n");
  });
});
