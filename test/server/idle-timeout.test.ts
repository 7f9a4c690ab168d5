/**
 * `timeout`: the server's cron, on the server clock, closes normal clients idle for longer than
 * `timeout` seconds; pub/sub clients are exempt (idle by design), as in Redis.
 */
import { expect, test } from "bun:test";
import { type ManualClock, startServer } from "../../src/server/index.ts";
import { bulk, command, RawSocket } from "./support/raw-socket.ts";

test("an idle normal client is closed after `timeout`, a subscriber and an active client are not", async () => {
  await using server = await startServer({ port: 0, clock: "manual", config: { timeout: "1" } });
  const clock = server.clock as ManualClock;
  await using idle = await RawSocket.open({ port: server.port });
  await using busy = await RawSocket.open({ port: server.port });
  await using sub = await RawSocket.open({ port: server.port });
  for (const s of [idle, busy]) {
    s.send(command("PING"));
    expect(await s.readLine()).toBe("+PONG\r\n");
  }
  sub.send(command("SUBSCRIBE", "c"));
  expect(await sub.read(30)).toBe("*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n");

  // Exactly the timeout is not "longer than": nobody is closed.
  clock.advance(1000);
  expect((await bulk(busy, "CLIENT", "LIST"))!.trimEnd().split("\n").length).toBe(3);

  clock.advance(1000);
  // `busy` talked 1 s ago; `idle` has been silent for 2 s.
  expect(await idle.readUntilClosed()).toBe("");
  busy.send(command("PING"));
  expect(await busy.readLine()).toBe("+PONG\r\n");

  clock.advance(5000);
  await busy.closed;
  // The subscriber is still served.
  await using pub = await RawSocket.open({ port: server.port });
  pub.send(command("PUBLISH", "c", "hi"));
  expect(await pub.readLine()).toBe(":1\r\n");
  const message = "*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n";
  expect(await sub.read(message.length)).toBe(message);
  const list = (await bulk(pub, "CLIENT", "LIST"))!.trimEnd().split("\n");
  expect(list.length).toBe(2);
  expect(list.some((l) => l.includes(" sub=1 "))).toBe(true);
});

test("CONFIG SET timeout at runtime; timeout 0 never closes", async () => {
  await using server = await startServer({ port: 0, clock: "manual" });
  const clock = server.clock as ManualClock;
  await using idle = await RawSocket.open({ port: server.port });
  idle.send(command("PING"));
  expect(await idle.readLine()).toBe("+PONG\r\n");
  clock.advance(3_600_000);
  idle.send(command("CONFIG", "SET", "timeout", "10"));
  expect(await idle.readLine()).toBe("+OK\r\n");
  clock.advance(10_000);
  await using probe = await RawSocket.open({ port: server.port });
  expect((await bulk(probe, "CLIENT", "LIST"))!.trimEnd().split("\n").length).toBe(2);
  clock.advance(2_000);
  await idle.closed;
});
