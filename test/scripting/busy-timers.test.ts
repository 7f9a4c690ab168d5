/**
 * While a script runs past busy-reply-threshold, the event loop turns (other clients get -BUSY),
 * but what Redis does from its timers waits for the script to end: active expiry and blocking
 * timeouts. Inside the script, lazy expiry compares deadlines with the script's start time.
 *
 * The server runs on a manual clock: the script loops until TIME (which reads that clock) has
 * moved 10 s, and the test moves it while the script is busy, past a key's TTL and a blocked
 * client's timeout. Checked against redis-server 7.0.15 with real time: a 300 ms BLPOP timeout
 * and a 300 ms TTL during a 2 s script give the pushed element and the value.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { type RedbunServer, startServer } from "../../src/server/index.ts";
import { type RawConn, rawConnect, untilBusy } from "./raw-conn.ts";

let server: RedbunServer;
const open: Socket[] = [];

/** A raw connection to the test's server. */
function connect(): Promise<RawConn> {
  return rawConnect(server.port, open);
}

beforeAll(async () => {
  server = await startServer({ port: 0, clock: "manual", config: { "busy-reply-threshold": "10" } });
});
afterAll(async () => {
  for (const s of open) s.end();
  await server.close();
});

/** Busy until the server clock has moved 10 s, then `tail`. */
const LOOP_10S = `local t0 = tonumber(redis.call('TIME')[1])
while tonumber(redis.call('TIME')[1]) < t0 + 10 do end
`;

describe("timers wait for a busy script", () => {
  test("a blocked client's timeout passing during the script: served by the script's push", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    b.send("BLPOP", "list", "5");
    // Blocked: its next command waits, so PING from another client shows BLPOP has been read.
    c.send("PING");
    expect(await c.read()).toBe("+PONG\r\n");
    a.send("EVAL", `${LOOP_10S}redis.call('RPUSH', KEYS[1], 'x') return 1`, "1", "list");
    await untilBusy(c);
    server.clock.advance("10s");
    expect(await a.read()).toBe(":1\r\n");
    expect(await b.read()).toBe("*2\r\n$4\r\nlist\r\n$1\r\nx\r\n");
  });

  test("a TTL passing during the script: the script still reads the key, expiry runs after it", async () => {
    const [a, c] = [await connect(), await connect()];
    a.send("SET", "k", "v", "PX", "5000");
    expect(await a.read()).toBe("+OK\r\n");
    a.send("EVAL", `${LOOP_10S}return redis.call('GET', KEYS[1])`, "1", "k");
    await untilBusy(c);
    server.clock.advance("10s");
    expect(await a.read()).toBe("$1\r\nv\r\n");
    c.send("INFO", "stats");
    expect(await c.read()).toContain("expired_keys:1\r\n");
    c.send("EXISTS", "k");
    expect(await c.read()).toBe(":0\r\n");
  });

  test("a blocked client whose timeout passed during the script, and no push: timed out after it", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    b.send("BLPOP", "nothing", "1");
    c.send("PING");
    expect(await c.read()).toBe("+PONG\r\n");
    a.send("EVAL", `${LOOP_10S}return 2`, "0");
    await untilBusy(c);
    server.clock.advance("10s");
    expect(await a.read()).toBe(":2\r\n");
    expect(await b.read()).toBe("*-1\r\n");
  });
});
