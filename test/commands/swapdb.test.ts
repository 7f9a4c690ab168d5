/**
 * SWAPDB and blocked clients: a client blocked on a key of either database is served when the
 * swap brings it data, and keeps waiting when it brings nothing or a value of another type.
 */
import { expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(bulk).join("")}`;

/** Let released clients run (their held input and replies go out in a microtask). */
const settle = () => Promise.resolve();

test("SWAPDB serves clients blocked on keys of both databases", async () => {
  const { connect, server } = localServer();
  const [a, b, p] = [connect(), connect(), connect()];
  expect(a.send(["SELECT", "1"])).toBe("+OK\r\n");
  expect(a.send(["BLPOP", "q", "0"])).toBe(""); // db 1
  expect(b.send(["BZPOPMIN", "z", "0"])).toBe(""); // db 0
  expect(p.send(["RPUSH", "q", "x", "y"])).toBe(":2\r\n"); // db 0: not a's db
  expect(p.send(["SELECT", "1"])).toBe("+OK\r\n");
  expect(p.send(["ZADD", "z", "1", "m"])).toBe(":1\r\n"); // db 1: not b's db
  await settle();
  expect(a.take()).toBe("");
  expect(b.take()).toBe("");
  expect(server.blocking.count).toBe(2);

  expect(p.send(["SWAPDB", "0", "1"])).toBe("+OK\r\n");
  await settle();
  expect(a.take()).toBe(arr("q", "x"));
  expect(b.take()).toBe(`*3\r\n${bulk("z")}${bulk("m")}${bulk("1")}`);
  expect(server.blocking.count).toBe(0);
  // p is in db 1, which now holds what was db 0's: the rest of q.
  expect(p.send(["LRANGE", "q", "0", "-1"])).toBe(arr("y"));
  expect(p.send(["EXISTS", "z"])).toBe(":0\r\n");
});

test("SWAPDB leaves waiting a client whose key it fills with another type, or not at all", async () => {
  const { connect, server } = localServer();
  const [a, p] = [connect(), connect()];
  expect(a.send(["BLPOP", "q", "0"])).toBe(""); // db 0
  expect(p.send(["SELECT", "1"])).toBe("+OK\r\n");
  expect(p.send(["SET", "q", "string"])).toBe("+OK\r\n");
  expect(p.send(["SWAPDB", "0", "1"])).toBe("+OK\r\n");
  await settle();
  expect(a.take()).toBe("");
  expect(p.send(["SWAPDB", "0", "2"])).toBe("+OK\r\n"); // db 0 is empty now
  await settle();
  expect(a.take()).toBe("");
  expect(server.blocking.count).toBe(1);
  // Swapping a db with itself signals nothing and changes nothing.
  expect(p.send(["SWAPDB", "0", "0"])).toBe("+OK\r\n");
  expect(p.send(["SELECT", "2"])).toBe("+OK\r\n");
  expect(p.send(["DEL", "q"])).toBe(":1\r\n");
  expect(p.send(["RPUSH", "q", "v"])).toBe(":1\r\n");
  expect(p.send(["SWAPDB", "2", "0"])).toBe("+OK\r\n");
  await settle();
  expect(a.take()).toBe(arr("q", "v"));
  expect(server.blocking.count).toBe(0);
});
