/**
 * `[test] preload = ["redbun/testing/preload"]`: one in-process redbun server for the whole
 * `bun test` run (Bun runs every test file in one process), started before any test file or
 * application module is loaded, so REDIS_URL / VALKEY_URL already point at it when the app
 * creates its client (ioredis, node-redis), and `Bun.redis` is a client of it.
 * `REDBUN_TEST_CLOCK=manual` starts the server on a frozen clock.
 */

import { afterAll } from "bun:test";
import { RedisClient } from "bun";
import { installMatchers, setTestServer, startServer } from "./index.ts";

const server = await startServer({
  port: 0,
  clock: process.env.REDBUN_TEST_CLOCK === "manual" ? "manual" : "real",
});
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

afterAll(async () => {
  setTestServer(undefined);
  (Bun as unknown as { redis: RedisClient }).redis.close();
  await server.close();
});
