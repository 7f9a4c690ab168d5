/**
 * Bun's built-in `RedisClient` against the target. It always speaks RESP3 (HELLO 3 on
 * connect) and pipelines automatically: commands issued in the same tick share one write.
 * It has no pattern subscriptions, so pub/sub here is SUBSCRIBE/PUBLISH only.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { RedisClient } from "bun";
import { type RunningServer, startTarget } from "./support/servers.ts";

// Real processes on a shared 2-core machine: the 5 s default is too tight (bunfig's [test]
// timeout is not applied by bun 1.4.5).
setDefaultTimeout(30_000);

let server: RunningServer;
const clients: RedisClient[] = [];

beforeAll(async () => {
  server = await startTarget();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
});

async function connect(): Promise<RedisClient> {
  const client = new RedisClient(server.url, { autoReconnect: false });
  clients.push(client);
  await client.connect();
  return client;
}

/** Bun's RedisClient rejects a server error with this code and Redis's text as the message. */
async function serverError(promise: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const error = (await promise.then(
    () => new Error("expected an error reply"),
    (e: unknown) => e,
  )) as Error & { code?: unknown };
  return { code: error.code, message: error.message };
}

test("strings and keys: set/get/incr/expire/ttl/mget/mset/del", async () => {
  const redis = await connect();
  expect(await redis.set("bun:a", "1")).toBe("OK");
  expect(await redis.get("bun:a")).toBe("1");
  expect(await redis.incr("bun:a")).toBe(2);
  expect(await redis.get("bun:missing")).toBeNull();
  expect(await redis.ttl("bun:a")).toBe(-1);
  expect(await redis.expire("bun:a", 100)).toBe(1);
  const ttl = await redis.ttl("bun:a");
  expect(ttl > 98 && ttl <= 100).toBe(true);
  expect(await redis.ttl("bun:missing")).toBe(-2);
  expect(await redis.mset("bun:x", "1", "bun:y", "2")).toBe("OK");
  expect(await redis.mget("bun:x", "bun:missing", "bun:y")).toEqual(["1", null, "2"]);
  expect(await redis.del("bun:x", "bun:y", "bun:missing")).toBe(2);
  expect(await redis.exists("bun:x")).toBe(false);
  const bytes = new Uint8Array([0, 255, 13, 10, 128]);
  await redis.set("bun:bin", bytes);
  expect(new Uint8Array((await redis.getBuffer("bun:bin"))!)).toEqual(bytes);
});

test("RESP3 replies: a map is an object, a missing key is null", async () => {
  const redis = await connect();
  // CONFIG GET replies with a map in RESP3 and a flat array in RESP2.
  const config = await redis.send("CONFIG", ["GET", "maxclients"]);
  expect(Array.isArray(config)).toBe(false);
  expect(Object.keys(config)).toEqual(["maxclients"]);
  expect(config.maxclients).toMatch(/^\d+$/);
  expect(await redis.send("GET", ["bun:missing"])).toBeNull();
});

test("auto-pipelining: 1000 commands in one tick come back in order", async () => {
  const redis = await connect();
  const counts = await Promise.all(Array.from({ length: 1000 }, () => redis.incr("bun:burst")));
  expect(counts).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  // Mixed commands, one failing in the middle, in the same batch.
  await redis.set("bun:text", "abc");
  const mixed = await Promise.allSettled([
    redis.set("bun:p", "1"),
    redis.incr("bun:text"),
    redis.incr("bun:p"),
  ]);
  expect(mixed.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect((mixed[2] as PromiseFulfilledResult<number>).value).toBe(2);
});

test("errors reject with ERR_REDIS_SERVER_ERROR and Redis's text", async () => {
  const redis = await connect();
  await redis.set("bun:str", "abc");
  expect(await serverError(redis.incr("bun:str"))).toEqual({
    code: "ERR_REDIS_SERVER_ERROR",
    message: "ERR value is not an integer or out of range",
  });
  expect(await serverError(redis.send("SET", ["bun:str", "x", "NX", "XX"]))).toEqual({
    code: "ERR_REDIS_SERVER_ERROR",
    message: "ERR syntax error",
  });
  expect(await serverError(redis.send("NOSUCHCOMMAND", ["a"]))).toEqual({
    code: "ERR_REDIS_SERVER_ERROR",
    message: "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' ",
  });
  expect(await redis.ping()).toBe("PONG");
});

test("pub/sub: subscribe, publish, unsubscribe", async () => {
  const pub = await connect();
  const sub = await pub.duplicate();
  clients.push(sub);

  const messages: string[] = [];
  const { promise: two, resolve } = Promise.withResolvers<void>();
  const listener = (message: string, channel: string) => {
    messages.push(`${channel}:${message}`);
    if (messages.length === 2) resolve();
  };
  expect(await sub.subscribe("bun:news", listener)).toBe(1);
  expect(await sub.subscribe("bun:sport", listener)).toBe(2);
  expect(await pub.publish("bun:news", "hello")).toBe(1);
  expect(await pub.publish("bun:sport", "ace")).toBe(1);
  await two;
  expect(messages).toEqual(["bun:news:hello", "bun:sport:ace"]);

  await sub.unsubscribe("bun:news");
  expect(await pub.publish("bun:news", "gone")).toBe(0);
  expect(await pub.publish("bun:sport", "still")).toBe(1);
  await sub.unsubscribe();
  expect(await pub.publish("bun:sport", "gone")).toBe(0);
});
