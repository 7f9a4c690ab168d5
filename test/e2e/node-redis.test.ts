/**
 * node-redis (the `redis` package, v6) against the target, with its default handshake (RESP3:
 * HELLO 3, CLIENT SETINFO) and with `RESP: 2`. Pipelines here are both node-redis's implicit
 * ones (commands issued in the same tick) and `multi().execAsPipeline()` (no MULTI is sent).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createClient, ErrorReply } from "redis";
import { type RunningServer, startTarget } from "./support/servers.ts";

// Real processes on a shared 2-core machine: the 5 s default is too tight (bunfig's [test]
// timeout is not applied by bun 1.4.5).
setDefaultTimeout(30_000);

type Client = ReturnType<typeof createClient>;

let server: RunningServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTarget();
});

afterAll(async () => {
  for (const client of clients) if (client.isOpen) client.destroy();
  await server?.close();
});

async function connect(resp: 2 | 3 | undefined): Promise<Client> {
  const socket = { host: server.host, port: server.port, reconnectStrategy: false as const };
  // Leave RESP out entirely for the default run: that is the handshake users get.
  const client = (resp === 2 ? createClient({ socket, RESP: 2 }) : createClient({ socket })) as Client;
  // node-redis emits 'error' for socket errors; without a listener it throws from the emitter.
  client.on("error", () => {});
  clients.push(client);
  await client.connect();
  return client;
}

for (const resp of [undefined, 2] as const) {
  describe(`node-redis ${resp === undefined ? "default (RESP3)" : "RESP 2"}`, () => {
    const p = `nr:${resp ?? 3}:`;

    test("strings and keys: set/get/incr/expire/ttl/mGet/mSet/del", async () => {
      const client = await connect(resp);
      expect(await client.set(`${p}a`, "1")).toBe("OK");
      expect(await client.get(`${p}a`)).toBe("1");
      expect(await client.incr(`${p}a`)).toBe(2);
      expect(await client.incrBy(`${p}a`, 40)).toBe(42);
      expect(await client.get(`${p}missing`)).toBeNull();
      expect(await client.ttl(`${p}a`)).toBe(-1);
      expect(await client.expire(`${p}a`, 100)).toBe(1);
      const ttl = await client.ttl(`${p}a`);
      expect(ttl > 98 && ttl <= 100).toBe(true);
      expect(await client.set(`${p}px`, "v", { expiration: { type: "PX", value: 50_000 } })).toBe("OK");
      const pttl = await client.pTTL(`${p}px`);
      expect(pttl > 49_000 && pttl <= 50_000).toBe(true);
      expect(await client.mSet({ [`${p}x`]: "1", [`${p}y`]: "2" })).toBe("OK");
      expect(await client.mGet([`${p}x`, `${p}missing`, `${p}y`])).toEqual(["1", null, "2"]);
      expect(await client.del([`${p}x`, `${p}y`, `${p}missing`])).toBe(2);
      expect(await client.exists([`${p}x`, `${p}y`])).toBe(0);
      client.destroy();
    });

    test(`the handshake negotiated RESP${resp ?? 3}`, async () => {
      const client = await connect(resp);
      const reply: unknown = await client.sendCommand(["CONFIG", "GET", "maxclients"]);
      // CONFIG GET is a RESP3 map, decoded to an object; in RESP2 it is a flat array.
      if (resp === 2) expect(reply).toEqual(["maxclients", expect.stringMatching(/^\d+$/)]);
      else expect(reply).toEqual({ maxclients: expect.stringMatching(/^\d+$/) });
    });

    test("pipelines", async () => {
      const client = await connect(resp);
      const results: unknown = await client
        .multi()
        .set(`${p}pl`, "10")
        .incr(`${p}pl`)
        .get(`${p}pl`)
        .execAsPipeline();
      expect(results).toEqual(["OK", 11, "11"]);

      // Commands issued in one tick go out in one write; replies must come back in order.
      const counts = await Promise.all(Array.from({ length: 500 }, () => client.incr(`${p}burst`)));
      expect(counts).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    });

    test("errors surface as ErrorReply with Redis's text", async () => {
      const client = await connect(resp);
      await client.set(`${p}str`, "abc");
      const notInt = await client.incr(`${p}str`).catch((e: unknown) => e);
      expect(notInt).toBeInstanceOf(ErrorReply);
      expect((notInt as Error).message).toBe("ERR value is not an integer or out of range");
      const syntax = await client.sendCommand(["SET", `${p}str`, "x", "NX", "XX"]).catch((e: unknown) => e);
      expect(syntax).toBeInstanceOf(ErrorReply);
      expect((syntax as Error).message).toBe("ERR syntax error");
      const unknown = await client.sendCommand(["NOSUCHCOMMAND", "a"]).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(ErrorReply);
      expect((unknown as Error).message).toBe(
        "ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' ",
      );
      expect(await client.ping()).toBe("PONG");
    });

    test("pub/sub: subscribe, pSubscribe, publish", async () => {
      const client = await connect(resp);
      const sub = client.duplicate();
      sub.on("error", () => {});
      clients.push(sub);
      await sub.connect();

      const messages: string[] = [];
      let onMessage: () => void = () => {};
      const listener = (message: string, channel: string) => {
        messages.push(`${channel}:${message}`);
        onMessage();
      };
      const received = (count: number) =>
        new Promise<void>((resolve) => {
          onMessage = () => messages.length >= count && resolve();
          onMessage();
        });

      await sub.subscribe(`${p}news`, listener);
      expect(await client.publish(`${p}news`, "hello")).toBe(1);
      await received(1);

      await sub.pSubscribe(`${p}sport.*`, listener);
      expect(await client.publish(`${p}sport.tennis`, "ace")).toBe(1);
      await received(2);
      expect(messages).toEqual([`${p}news:hello`, `${p}sport.tennis:ace`]);

      await sub.unsubscribe(`${p}news`);
      await sub.pUnsubscribe(`${p}sport.*`);
      expect(await client.publish(`${p}news`, "gone")).toBe(0);
      expect(await client.publish(`${p}sport.golf`, "gone")).toBe(0);
      sub.destroy();
    });
  });
}
