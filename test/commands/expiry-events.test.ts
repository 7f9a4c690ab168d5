/**
 * Expiry events of the commands that set a deadline (SET EX, GETEX, EXPIRE): `expire` after
 * the command's own event, and, for a deadline already past when applied (the keyspace then
 * removes the key at once), `expired` right after it, counted in INFO's expired_keys as
 * Redis counts the lookup or active-cycle expiry that follows.
 */
import { expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

/** Published messages are written in a microtask after the command: let them out. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const event = (name: string, key: string) =>
  `>4\r\n$8\r\npmessage\r\n$3\r\n__*\r\n$${15 + name.length}\r\n__keyevent@0__:${name}\r\n$${key.length}\r\n${key}\r\n`;

function setup() {
  const { connect } = localServer({ "notify-keyspace-events": "E$gx" });
  const sub = connect();
  const c = connect();
  sub.send(["HELLO", "3"]);
  sub.send(["PSUBSCRIBE", "__*"]);
  sub.take();
  return { sub, c };
}

test("SET EX publishes set then expire; KEEPTTL no expire", async () => {
  const { sub, c } = setup();
  c.send(["SET", "k", "v", "EX", "100"]);
  c.send(["SET", "k", "v", "KEEPTTL"]);
  c.send(["SETEX", "k", "100", "v"]);
  await turn();
  expect(sub.take()).toBe(
    event("set", "k") + event("expire", "k") + event("set", "k") + event("set", "k") + event("expire", "k"),
  );
});

test("a deadline already past: set, expire, then expired (counted); EXPIRE in the past is del", async () => {
  const { sub, c } = setup();
  c.send(["SET", "k", "v", "PXAT", "1"]);
  await turn();
  expect(sub.take()).toBe(event("set", "k") + event("expire", "k") + event("expired", "k"));
  expect(c.send(["EXISTS", "k"])).toBe(":0\r\n");
  expect(c.send(["INFO", "stats"])).toContain("expired_keys:1\r\n");
  c.send(["SET", "k", "v"]);
  c.send(["EXPIRE", "k", "-1"]);
  await turn();
  expect(sub.take()).toBe(event("set", "k") + event("del", "k"));
  expect(c.send(["INFO", "stats"])).toContain("expired_keys:1\r\n");
});
