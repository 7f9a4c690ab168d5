/**
 * OBJECT IDLETIME on the server's manual clock: reads and writes reset it, commands that only
 * peek (TYPE, EXISTS, TTL, OBJECT) and clients in CLIENT NO-TOUCH do not, TOUCH always does,
 * as in Redis 7 (LOOKUP_NOTOUCH).
 */
import { expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

test("idle seconds follow reads and writes, not peeks", () => {
  const { clock, connect } = localServer();
  const c = connect();
  const idle = () => c.send(["OBJECT", "IDLETIME", "k"]);
  c.send(["SET", "k", "v"]);
  expect(idle()).toBe(":0\r\n");
  clock.advance(10_500);
  expect(idle()).toBe(":10\r\n");
  for (const peek of [
    ["TYPE", "k"],
    ["EXISTS", "k"],
    ["TTL", "k"],
    ["PTTL", "k"],
    ["OBJECT", "ENCODING", "k"],
  ]) {
    c.send(peek);
  }
  expect(idle()).toBe(":10\r\n");
  c.send(["GET", "k"]);
  expect(idle()).toBe(":0\r\n");
  clock.advance(3000);
  c.send(["APPEND", "k", "x"]);
  expect(idle()).toBe(":0\r\n");
  clock.advance(5000);
  c.send(["CLIENT", "NO-TOUCH", "ON"]);
  c.send(["GET", "k"]);
  expect(idle()).toBe(":5\r\n");
  c.send(["TOUCH", "k"]);
  expect(idle()).toBe(":0\r\n");
  expect(c.send(["OBJECT", "IDLETIME", "missing"])).toBe("$-1\r\n");
});

test("collections too, and a new key starts at 0", () => {
  const { clock, connect } = localServer();
  const c = connect();
  c.send(["RPUSH", "l", "a"]);
  clock.advance(7000);
  expect(c.send(["OBJECT", "IDLETIME", "l"])).toBe(":7\r\n");
  c.send(["LRANGE", "l", "0", "-1"]);
  expect(c.send(["OBJECT", "IDLETIME", "l"])).toBe(":0\r\n");
});
