/**
 * Keyspace notification plumbing (socketless): notify-keyspace-events decides which classes
 * and channel kinds publish; expiry publishes `expired`, key creation `new`.
 */
import { expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

/** Published messages are written in a microtask after the command: let them out. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const push = (...items: string[]) =>
  `>${items.length}\r\n${items.map((i) => `$${i.length}\r\n${i}\r\n`).join("")}`;

test("K and E channels, classes, and off by default", async () => {
  const { connect } = localServer();
  const sub = connect();
  const c = connect();
  sub.send(["HELLO", "3"]);
  sub.send(["PSUBSCRIBE", "__key*__:*"]);
  c.send(["SET", "k", "v"]);
  await turn();
  expect(sub.take()).toBe("");
  c.send(["CONFIG", "SET", "notify-keyspace-events", "K$"]);
  c.send(["SET", "k", "v"]);
  await turn();
  expect(sub.take()).toBe(push("pmessage", "__key*__:*", "__keyspace@0__:k", "set"));
  c.send(["DEL", "k"]); // generic class not enabled
  await turn();
  expect(sub.take()).toBe("");
  c.send(["CONFIG", "SET", "notify-keyspace-events", "Eg"]);
  c.send(["SELECT", "3"]);
  c.send(["SET", "k", "v"]);
  c.send(["DEL", "k"]);
  await turn();
  expect(sub.take()).toBe(push("pmessage", "__key*__:*", "__keyevent@3__:del", "k"));
});

test("expired (active expiry on the clock) and new", async () => {
  const { connect, clock } = localServer({ "notify-keyspace-events": "Exn" });
  const sub = connect();
  const c = connect();
  sub.send(["HELLO", "3"]);
  sub.send(["PSUBSCRIBE", "__keyevent@0__:*"]);
  c.send(["SET", "k", "v", "PX", "100"]);
  await turn();
  expect(sub.take()).toBe(push("pmessage", "__keyevent@0__:*", "__keyevent@0__:new", "k"));
  clock.advance(101);
  await turn();
  expect(sub.take()).toBe(push("pmessage", "__keyevent@0__:*", "__keyevent@0__:expired", "k"));
});
