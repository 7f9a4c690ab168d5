/** Expiry end to end over a socket, on the server's manual clock: lazy on access, active in the background. */
import { expect, test } from "bun:test";
import { type ManualClock, startServer } from "../../src/server/index.ts";
import { bulk, command, infoField, RawSocket } from "./support/raw-socket.ts";

/** One macrotask turn: the active-expiry slice, if one was scheduled, has run after it. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test("SET PX 100, advance 101 ms: GET is nil and INFO counts one expired key", async () => {
  await using server = await startServer({ port: 0, clock: "manual" });
  const clock = server.clock as ManualClock;
  await using s = await RawSocket.open({ port: server.port });
  s.send(command("SET", "k", "v", "PX", "100"));
  expect(await s.readLine()).toBe("+OK\r\n");
  s.send(command("PTTL", "k"));
  expect(await s.readLine()).toBe(":100\r\n");

  clock.advance(99);
  s.send(command("GET", "k"));
  expect(await s.read(7)).toBe("$1\r\nv\r\n");
  expect(infoField((await bulk(s, "INFO", "stats"))!, "expired_keys")).toBe("0");

  clock.advance(2);
  await turn();
  // Active expiry removed it before anyone asked: DBSIZE (which does not touch keys) is 0.
  s.send(command("DBSIZE"));
  expect(await s.readLine()).toBe(":0\r\n");
  expect(infoField((await bulk(s, "INFO", "stats"))!, "expired_keys")).toBe("1");
  s.send(command("GET", "k"));
  expect(await s.readLine()).toBe("$-1\r\n");
  // Counted once, not again by the lazy path.
  expect(infoField((await bulk(s, "INFO", "stats"))!, "expired_keys")).toBe("1");
});

test("many keys with one deadline: all expire, the server answers meanwhile", async () => {
  await using server = await startServer({ port: 0, clock: "manual" });
  const clock = server.clock as ManualClock;
  await using s = await RawSocket.open({ port: server.port });
  const n = 50_000;
  let batch = "";
  for (let i = 0; i < n; i++) batch += command("SET", `k${i}`, "v", "PX", "1000");
  s.send(batch);
  await s.read(5 * n);
  s.send(command("SET", "keep", "1"));
  expect(await s.readLine()).toBe("+OK\r\n");
  // Due strictly after the deadline, as in Redis (now > when).
  clock.advance(1000);
  s.send(command("DBSIZE"));
  expect(await s.readLine()).toBe(`:${n + 1}\r\n`);
  clock.advance(1);
  s.send(command("DBSIZE"));
  const during = Number((await s.readLine()).slice(1, -2));
  expect(during).toBeGreaterThanOrEqual(1);
  expect(during).toBeLessThanOrEqual(n + 1);
  let size = during;
  for (let i = 0; i < 100 && size > 1; i++) {
    await turn();
    s.send(command("DBSIZE"));
    size = Number((await s.readLine()).slice(1, -2));
  }
  expect(size).toBe(1);
  expect(infoField((await bulk(s, "INFO", "stats"))!, "expired_keys")).toBe(String(n));
});
