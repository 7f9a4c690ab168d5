import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

describe("server commands", () => {
  test("INFO sections and keyspace", () => {
    const c = localServer().connect();
    c.send(["SET", "a", "1"]);
    c.send(["SET", "b", "1", "EX", "100"]);
    const info = c.send(["INFO"]);
    expect(info).toContain("redis_version:7.0.15\r\n");
    expect(info).toContain("db0:keys=2,expires=1,avg_ttl=0\r\n");
    expect(c.send(["INFO", "commandstats"])).toMatch(/cmdstat_set:calls=2,usec=\d+/);
    c.send(["HELLO", "3"]);
    expect(c.send(["INFO", "keyspace"])).toMatch(/^=\d+\r\ntxt:# Keyspace\r\n/);
  });

  test("CONFIG GET / SET / RESETSTAT", () => {
    const c = localServer().connect();
    expect(c.send(["CONFIG", "GET", "maxclients"])).toBe("*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n");
    expect(c.send(["CONFIG", "SET", "maxclients", "50"])).toBe("+OK\r\n");
    expect(c.send(["CONFIG", "GET", "maxclients"])).toBe("*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n");
    expect(c.send(["CONFIG", "SET", "nope", "1"])).toBe(`-${ERR.unknownConfig("nope")}\r\n`);
    expect(c.send(["CONFIG", "SET", "databases", "3"])).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n",
    );
    expect(c.send(["CONFIG", "RESETSTAT"])).toBe("+OK\r\n");
    c.send(["HELLO", "3"]);
    expect(c.send(["CONFIG", "GET", "databases"])).toBe("%1\r\n$9\r\ndatabases\r\n$2\r\n16\r\n");
  });

  test("TIME follows the injected clock", () => {
    const { connect, clock } = localServer();
    const c = connect();
    clock.set(1_800_000_000_123);
    expect(c.send(["TIME"])).toBe("*2\r\n$10\r\n1800000000\r\n$6\r\n123000\r\n");
  });

  test("COMMAND COUNT / INFO / DOCS / LIST come from the registry", () => {
    const c = localServer().connect();
    const count = Number(c.send(["COMMAND", "COUNT"]).slice(1, -2));
    expect(count).toBeGreaterThan(40);
    expect(c.send(["COMMAND", "INFO", "get"])).toStartWith(
      "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n",
    );
    expect(c.send(["COMMAND", "INFO", "nosuch"])).toBe("*1\r\n*-1\r\n");
    expect(c.send(["COMMAND", "DOCS", "set"])).toContain("$7\r\nsummary\r\n");
    expect(c.send(["COMMAND", "LIST", "FILTERBY", "PATTERN", "client|*"])).toContain("client|list");
  });

  test("SHUTDOWN argument errors", () => {
    const c = localServer().connect();
    expect(c.send(["SHUTDOWN", "BOGUS"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["SHUTDOWN", "NOSAVE", "SAVE"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["SHUTDOWN", "ABORT"])).toBe("-ERR No shutdown in progress.\r\n");
    expect(c.send(["SHUTDOWN", "SAVE"])).toBe(`-${ERR.shutdownFailed}\r\n`);
  });
});
