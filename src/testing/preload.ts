/**
 * `[test] preload = ["redbun/testing/preload"]`: an in-process redbun server for the tests,
 * started before any test file or application module is loaded, so REDIS_URL / VALKEY_URL
 * already point at it when the app creates its client (ioredis, node-redis), and `Bun.redis`
 * is a client of it. `REDBUN_TEST_CLOCK=manual` starts the server on a frozen clock.
 *
 * Bun runs every test file in one process, and an app's clients are created from the URL once,
 * so the address cannot change per file; instead the server is reset when a new file's first
 * test starts (no keys, no fault rules, an empty journal, the clock back in its starting
 * mode): each file starts from a fresh server, as if it had its own.
 */

import { afterAll, beforeEach } from "bun:test";
import { RedisClient } from "bun";
import { installMatchers, setTestServer, startServer } from "./index.ts";

const mode = process.env.REDBUN_TEST_CLOCK === "manual" ? "manual" : "real";
const server = await startServer({ port: 0, clock: mode });
process.env.REDIS_URL = server.url;
process.env.VALKEY_URL = server.url;
process.env.REDBUN_URL = server.url;
// Bun's default client (`Bun.redis`, `import { redis } from "bun"`) took its URL from the
// environment the process started with, before this ran: replace it with one for this server.
(Bun as unknown as { redis: unknown }).redis = new RedisClient(server.url);
setTestServer(server);
// Record from the start, so toHaveReceived sees what the app sent before a test looked.
void server.journal;
installMatchers();

// A global hook runs before every test of every file; Bun.main names the file being run.
let file: string | undefined;
beforeEach(() => {
  if (Bun.main === file) return;
  if (file !== undefined) {
    server.flushAll();
    server.faults.clear();
    server.journal.clear();
    server.clock.mode = mode;
  }
  file = Bun.main;
});

afterAll(async () => {
  setTestServer(undefined);
  (Bun as unknown as { redis: RedisClient }).redis.close();
  await server.close();
});
