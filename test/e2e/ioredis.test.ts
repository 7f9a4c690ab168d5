/**
 * ioredis against the target, with its default handshake (ioredis 6: HELLO 3, then CLIENT
 * SETINFO) and with `protocol: 2` (AUTH/SELECT only, no HELLO). ioredis falls back to RESP2
 * silently when HELLO fails, so the RESP3 run checks that a map really arrives as a map.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { Redis, type RedisOptions, ReplyError } from "ioredis";
import { type RunningServer, startTarget } from "./support/servers.ts";

// Real processes on a shared 2-core machine: the 5 s default is too tight (bunfig's [test]
// timeout is not applied by bun 1.4.5).
setDefaultTimeout(30_000);

let server: RunningServer;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startTarget();
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server?.close();
});

/** A connected client that fails fast instead of retrying: a refused connect is a test failure. */
async function connect(options: RedisOptions): Promise<Redis> {
  const client = new Redis({
    host: server.host,
    port: server.port,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    ...options,
  });
  clients.push(client);
  await client.connect();
  return client;
}

/** Resolves with the first event `name` emitted by `client`. */
function nextEvent(client: Redis, name: string): Promise<unknown[]> {
  return new Promise((resolve) => client.once(name, (...args: unknown[]) => resolve(args)));
}

const modes: Array<[string, RedisOptions]> = [
  ["default (RESP3)", {}],
  ["protocol 2", { protocol: 2 }],
];

for (const [mode, options] of modes) {
  describe(`ioredis ${mode}`, () => {
    const p = `io:${options.protocol ?? 3}:`;

    test("strings and keys: set/get/incr/expire/ttl/mget/mset/del", async () => {
      const redis = await connect(options);
      expect(await redis.set(`${p}a`, "1")).toBe("OK");
      expect(await redis.get(`${p}a`)).toBe("1");
      expect(await redis.incr(`${p}a`)).toBe(2);
      expect(await redis.incrby(`${p}a`, 40)).toBe(42);
      expect(await redis.get(`${p}missing`)).toBeNull();
      expect(await redis.ttl(`${p}a`)).toBe(-1);
      expect(await redis.expire(`${p}a`, 100)).toBe(1);
      const ttl = await redis.ttl(`${p}a`);
      expect(ttl > 98 && ttl <= 100).toBe(true);
      expect(await redis.ttl(`${p}missing`)).toBe(-2);
      expect(await redis.mset(`${p}x`, "1", `${p}y`, "2")).toBe("OK");
      expect(await redis.mget(`${p}x`, `${p}missing`, `${p}y`)).toEqual(["1", null, "2"]);
      expect(await redis.del(`${p}x`, `${p}y`, `${p}missing`)).toBe(2);
      expect(await redis.exists(`${p}x`, `${p}y`)).toBe(0);
      // Binary-safe values survive the round trip byte for byte.
      const bytes = Buffer.from([0, 255, 13, 10, 128]);
      await redis.set(`${p}bin`, bytes);
      expect(await redis.getBuffer(`${p}bin`)).toEqual(bytes);
      expect(await redis.quit()).toBe("OK");
    });

    test(`the handshake negotiated RESP${options.protocol ?? 3}`, async () => {
      const redis = await connect(
        options.protocol === 2 ? options : { ...options, protocol: 3, replyMapping: "resp3" },
      );
      // CONFIG GET replies with a map in RESP3 and a flat array in RESP2.
      const reply = await redis.call("CONFIG", "GET", "maxclients");
      if (options.protocol === 2) expect(reply).toEqual(["maxclients", expect.stringMatching(/^\d+$/)]);
      else expect(reply).toEqual({ maxclients: expect.stringMatching(/^\d+$/) });
    });

    test("pipelines", async () => {
      const redis = await connect(options);
      const results = await redis
        .pipeline()
        .set(`${p}pl`, "10")
        .incr(`${p}pl`)
        .get(`${p}pl`)
        .incr(`${p}pl:text`)
        .set(`${p}pl:text`, "abc")
        .incr(`${p}pl:text`)
        .exec();
      expect(results!.slice(0, 5)).toEqual([
        [null, "OK"],
        [null, 11],
        [null, "11"],
        [null, 1],
        [null, "OK"],
      ]);
      // An error inside a pipeline fails only its own command.
      const [error] = results![5]!;
      expect(error).toBeInstanceOf(ReplyError);
      expect(error!.message).toBe("ERR value is not an integer or out of range");

      // Many concurrent commands on one connection: replies must come back in order.
      const counts = await Promise.all(Array.from({ length: 500 }, () => redis.incr(`${p}burst`)));
      expect(counts).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    });

    test("errors surface as ReplyError with Redis's text", async () => {
      const redis = await connect(options);
      await redis.set(`${p}str`, "abc");
      const notInt = await redis.incr(`${p}str`).catch((e: unknown) => e);
      expect(notInt).toBeInstanceOf(ReplyError);
      expect((notInt as Error).message).toBe("ERR value is not an integer or out of range");
      const syntax = await redis.call("SET", `${p}str`, "x", "NX", "XX").catch((e: unknown) => e);
      expect(syntax).toBeInstanceOf(ReplyError);
      expect((syntax as Error).message).toBe("ERR syntax error");
      const unknown = await redis.call("NOSUCHCOMMAND", "a", "b").catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(ReplyError);
      expect((unknown as Error).message).toBe(
        "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' 'b' ",
      );
      const arity = await redis.call("GET").catch((e: unknown) => e);
      expect((arity as Error).message).toBe("ERR wrong number of arguments for 'get' command");
      // The connection is still usable after errors.
      expect(await redis.ping()).toBe("PONG");
    });

    test("pub/sub: subscribe, psubscribe, publish", async () => {
      const sub = await connect(options);
      const pub = await connect(options);

      expect(await sub.subscribe(`${p}news`)).toBe(1);
      const message = nextEvent(sub, "message");
      expect(await pub.publish(`${p}news`, "hello")).toBe(1);
      expect(await message).toEqual([`${p}news`, "hello"]);

      expect(await sub.psubscribe(`${p}sport.*`)).toBe(2);
      const pmessage = nextEvent(sub, "pmessage");
      expect(await pub.publish(`${p}sport.tennis`, "ace")).toBe(1);
      expect(await pmessage).toEqual([`${p}sport.*`, `${p}sport.tennis`, "ace"]);

      // A channel matched both by name and by pattern is delivered twice.
      expect(await sub.subscribe(`${p}sport.golf`)).toBe(3);
      expect(await pub.publish(`${p}sport.golf`, "birdie")).toBe(2);
      expect(await pub.publish(`${p}nobody`, "x")).toBe(0);

      // ioredis 6 never resolves a bare unsubscribe() (against redis-server too): name the channels.
      expect(await sub.unsubscribe(`${p}news`, `${p}sport.golf`)).toBe(1);
      expect(await sub.punsubscribe(`${p}sport.*`)).toBe(0);
      expect(await pub.publish(`${p}news`, "gone")).toBe(0);
    });
  });
}
