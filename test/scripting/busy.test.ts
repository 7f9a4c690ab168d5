/**
 * Scripts past busy-reply-threshold: other clients get -BUSY while it runs (the script yields
 * to the event loop from its count hook), SCRIPT KILL ends it with Redis's error, a script that
 * wrote is UNKILLABLE and runs to its end, allow_busy commands still run. Real sockets: the
 * script finishes asynchronously, like a blocked client.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { ERR } from "../../src/errors.ts";
import { type RedbunServer, startServer } from "../../src/server/index.ts";
import { type RawConn, rawConnect, untilBusy } from "./raw-conn.ts";

let server: RedbunServer;
const open: Socket[] = [];

/** A raw connection to the test's server. */
function connect(): Promise<RawConn> {
  return rawConnect(server.port, open);
}

beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(async () => {
  for (const s of open) s.end();
  await server.close();
});

describe("busy scripts", () => {
  test("SCRIPT KILL with no script running is NOTBUSY", async () => {
    const c = await connect();
    c.send("SCRIPT", "KILL");
    expect(await c.read()).toBe(`-${ERR.notBusy}\r\n`);
  });

  test("an endless loop makes others BUSY until SCRIPT KILL; the caller gets Redis's error", async () => {
    const a = await connect();
    const b = await connect();
    b.send("CONFIG", "SET", "busy-reply-threshold", "20");
    expect(await b.read()).toBe("+OK\r\n");
    a.send("EVAL", "local i = 0 while true do i = i + 1 end", "0");
    await untilBusy(b);
    b.send("GET", "x");
    expect(await b.read()).toBe(`-${ERR.busyEval}\r\n`);
    // allow_busy commands still run.
    b.send("MULTI");
    expect(await b.read()).toBe("+OK\r\n");
    b.send("DISCARD");
    expect(await b.read()).toBe("+OK\r\n");
    // SHUTDOWN is allow_busy, yet without NOSAVE it is BUSY too (Redis 7.0's shutdownCommand).
    for (const variant of [["SHUTDOWN"], ["SHUTDOWN", "SAVE"], ["SHUTDOWN", "NOW"]]) {
      b.send(...variant);
      expect(await b.read()).toBe(`-${ERR.busyEval}\r\n`);
    }
    b.send("FUNCTION", "KILL");
    // FUNCTION KILL is allow_busy, but the busy script is an EVAL: Redis answers with EVAL's BUSY.
    expect(await b.read()).toBe(`-${ERR.busyEval}\r\n`);
    b.send("SCRIPT", "KILL");
    expect(await b.read()).toBe("+OK\r\n");
    expect(await a.read()).toBe(
      "-ERR Script killed by user with SCRIPT KILL... script: 3fcf51a9b854b8f66cb8685600b0d7df968f4398, on @user_script:1.\r\n",
    );
    b.send("PING");
    expect(await b.read()).toBe("+PONG\r\n");
    // The caller's connection goes on normally.
    a.send("PING");
    expect(await a.read()).toBe("+PONG\r\n");
  });

  test("a script that wrote is UNKILLABLE and finishes with its result; pipelined commands wait", async () => {
    const a = await connect();
    const b = await connect();
    b.send("CONFIG", "SET", "busy-reply-threshold", "20");
    expect(await b.read()).toBe("+OK\r\n");
    const script =
      "redis.call('SET', 'w', '1') local t = 0 for i = 1, 3000000 do t = t + 1 end return redis.call('INCR', 'w')";
    a.send("EVAL", script, "0");
    a.send("GET", "w");
    await untilBusy(b);
    b.send("SCRIPT", "KILL");
    expect(await b.read()).toBe(`-${ERR.unkillable}\r\n`);
    let replies = await a.read();
    while (!replies.includes("$1\r\n2\r\n")) replies += await a.read();
    expect(replies).toBe(":2\r\n$1\r\n2\r\n");
  });

  test("a killed script inside pcall sees the kill as an error it can catch", async () => {
    const a = await connect();
    const b = await connect();
    b.send("CONFIG", "SET", "busy-reply-threshold", "20");
    expect(await b.read()).toBe("+OK\r\n");
    a.send("EVAL", "local ok, e = pcall(function() while true do end end) return {tostring(ok), e}", "0");
    await untilBusy(b);
    b.send("SCRIPT", "KILL");
    expect(await b.read()).toBe("+OK\r\n");
    expect(await a.read()).toBe(
      "*2\r\n$5\r\nfalse\r\n$45\r\nERR Script killed by user with SCRIPT KILL...\r\n",
    );
    b.send("CONFIG", "SET", "busy-reply-threshold", "5000");
    expect(await b.read()).toBe("+OK\r\n");
  });
});
