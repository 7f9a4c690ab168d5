/** Reconnect after CLIENT KILL (with resubscribe), timeouts, connect failures, close and quit. */
import { afterAll, beforeAll, describe, expect } from "bun:test";
import {
  ConnectionClosedError,
  createClient,
  type RedbunClient,
  ReplyError,
  TimeoutError,
} from "../../src/index.ts";
import { startProxy } from "./proxy.ts";
import { onTarget, startTarget, TARGETS, type Target } from "./target.ts";

describe.each(TARGETS)("%s", (name) => {
  const t = onTarget(name);
  let target: Target;
  let admin: RedbunClient;
  beforeAll(async () => {
    target = await startTarget(name);
    admin = createClient(target.url);
  });
  afterAll(async () => {
    await admin.close();
    await target.close();
  });

  /**
   * Retry while the only failure is the lost connection: a command written before the client
   * saw the close fails with ConnectionClosedError; the next one waits for the reconnect.
   */
  async function untilReconnected<T>(f: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await f();
      } catch (e) {
        if (!(e instanceof ConnectionClosedError) || attempt >= 3) throw e;
      }
    }
  }

  const fast = { minDelay: 1, maxDelay: 20 };

  describe.each([2, 3] as const)("RESP%d", (resp) => {
    t.test("reconnects after CLIENT KILL and restores db and name", async () => {
      await using c = createClient({ url: `${target.url}/5`, resp, name: `victim${resp}`, reconnect: fast });
      await c.select(6);
      const id = await c.clientId();
      expect(await admin.clientKill({ ID: id })).toBe(1);
      const newId = await untilReconnected(() => c.clientId());
      expect(newId).not.toBe(id);
      expect(c.status).toBe("ready");
      const info = await c.clientInfo();
      expect(info).toContain(" db=6 ");
      expect(info).toContain(` name=victim${resp} `);
    });

    t.test(
      "in-flight commands fail with ConnectionClosedError; later ones run after reconnecting",
      async () => {
        await using c = createClient({ url: target.url, resp, reconnect: fast });
        const id = await c.clientId();
        // The rejection may come before the kill's reply: handle it from the start.
        const blocked = c.sendCommand(["BLPOP", `never${resp}`, 0]).catch((e: unknown) => e);
        await admin.clientKill({ ID: id });
        const err = await blocked;
        expect(err).toBeInstanceOf(ConnectionClosedError);
        expect(c.status).not.toBe("closed");
        // Queued while reconnecting (or sent on the new connection): not lost, not failed.
        expect(await c.ping()).toBe("PONG");
        expect(await c.clientId()).not.toBe(id);
      },
    );

    t.test("subscriptions are restored after the connection is killed", async () => {
      await using c = createClient({ url: target.url, resp, reconnect: fast });
      const sub = await c.subscribe(`re${resp}`);
      const psub = await c.psubscribe(`re${resp}.*`);
      expect(await admin.clientKill({ TYPE: "pubsub" })).toBe(1);
      // Published messages count receivers: wait until the new connection has resubscribed.
      let receivers = 0;
      for (let i = 0; i < 10_000 && receivers < 1; i++) receivers = await admin.publish(`re${resp}`, "hello");
      expect(receivers).toBe(1);
      expect(await sub.next()).toEqual({ channel: `re${resp}`, message: "hello" });
      expect(await admin.publish(`re${resp}.x`, "p")).toBe(1);
      expect(await psub.next()).toEqual({ channel: `re${resp}.x`, message: "p", pattern: `re${resp}.*` });
    });

    t.test("reconnect: false closes the client when the connection is lost", async () => {
      await using c = createClient({ url: target.url, resp, reconnect: false });
      const sub = await c.subscribe(`gone${resp}`);
      const id = await c.clientId();
      const blocked = c.sendCommand(["BLPOP", `never${resp}`, 0]).catch((e: unknown) => e);
      await admin.clientKill({ ID: id });
      expect(await blocked).toBeInstanceOf(ConnectionClosedError);
      expect(c.status).toBe("closed");
      await expect(c.ping()).rejects.toThrow("client is closed");
      if (resp === 3) await expect(sub.next()).rejects.toBeInstanceOf(ConnectionClosedError);
    });

    t.test("commandTimeout: TimeoutError, and the connection stays in step", async () => {
      await using c = createClient({ url: target.url, resp, commandTimeout: 50 });
      const started = performance.now();
      const err = await c.sendCommand(["BLPOP", `slow${resp}`, "0.3"]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).message).toBe("no reply to BLPOP within 50 ms");
      expect(performance.now() - started).toBeLessThan(250);
      // The BLPOP's late nil reply is dropped, not given to the next command.
      expect(await c.sendCommand(["ECHO", "after"], { timeout: 2000 })).toBe("after");
      // Per-call timeout overrides the default.
      expect(await c.sendCommand(["BLPOP", `slow${resp}`, "0.1"], { timeout: 2000 })).toBeNull();
    });
  });

  /**
   * The same three tests with a proxy that holds the server's replies back instead of BLPOP:
   * any server, and the command really is in flight (sent, reply not yet seen) when it matters.
   */
  describe.each([2, 3] as const)("RESP%d, replies held by a proxy", (resp) => {
    t.test(
      "in-flight commands fail with ConnectionClosedError; later ones run after reconnecting",
      async () => {
        using proxy = startProxy(target.port);
        await using c = createClient({ url: proxy.url, resp, reconnect: fast });
        const id = await c.clientId();
        proxy.delayReplies(Number.POSITIVE_INFINITY);
        const inflight = c.sendCommand(["ECHO", `never${resp}`]).catch((e: unknown) => e);
        await admin.clientKill({ ID: id });
        expect(await inflight).toBeInstanceOf(ConnectionClosedError);
        expect(c.status).not.toBe("closed");
        // The reconnection goes through the proxy again, without the hold.
        expect(await c.ping()).toBe("PONG");
        expect(await c.clientId()).not.toBe(id);
      },
    );

    t.test("reconnect: false closes the client when the connection is lost", async () => {
      using proxy = startProxy(target.port);
      await using c = createClient({ url: proxy.url, resp, reconnect: false });
      const sub = await c.subscribe(`gone-p${resp}`);
      const id = await c.clientId();
      proxy.delayReplies(Number.POSITIVE_INFINITY);
      const inflight = c.sendCommand(["ECHO", `never${resp}`]).catch((e: unknown) => e);
      await admin.clientKill({ ID: id });
      expect(await inflight).toBeInstanceOf(ConnectionClosedError);
      expect(c.status).toBe("closed");
      await expect(c.ping()).rejects.toThrow("client is closed");
      if (resp === 3) await expect(sub.next()).rejects.toBeInstanceOf(ConnectionClosedError);
    });

    t.test("commandTimeout: TimeoutError, and the connection stays in step", async () => {
      using proxy = startProxy(target.port);
      await using c = createClient({ url: proxy.url, resp, commandTimeout: 50 });
      await c.connect();
      proxy.delayReplies(150);
      const started = performance.now();
      const err = await c.sendCommand(["ECHO", "late"]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).message).toBe("no reply to ECHO within 50 ms");
      expect(performance.now() - started).toBeLessThan(250);
      // The late "late" arrives first and is dropped, not given to the next command.
      expect(await c.sendCommand(["ECHO", "after"], { timeout: 2000 })).toBe("after");
      // Per-call timeout overrides the default.
      expect(await c.sendCommand(["ECHO", "slow"], { timeout: 2000 })).toBe("slow");
    });
  });

  describe("connecting", () => {
    t.test("connectTimeout when the server never answers the handshake", async () => {
      using silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      await using c = createClient({ port: silent.port, connectTimeout: 100 });
      const queued = c.get("k").catch((e: unknown) => e);
      const err = await c.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).message).toBe(`could not connect to 127.0.0.1:${silent.port} within 100 ms`);
      expect(await queued).toBeInstanceOf(TimeoutError);
      expect(c.status).toBe("idle");
    });

    t.test("connection refused: ConnectionClosedError with the cause", async () => {
      const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      const port = probe.port;
      probe.stop(true);
      await using c = createClient({ port });
      const err = await c.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionClosedError);
      expect((err as Error).message).toBe(`could not connect to 127.0.0.1:${port}`);
      expect((err as Error).cause).toBeDefined();
    });

    t.test("gives up after the configured retries", async () => {
      const own = await startTarget(name);
      await using c = createClient({ url: own.url, reconnect: { retries: 2, minDelay: 1, maxDelay: 5 } });
      expect(await c.ping()).toBe("PONG");
      await own.close();
      const err = await untilReconnected(() => c.ping()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionClosedError);
      expect((err as Error).message).toMatch(
        /^(gave up reconnecting to 127\.0\.0\.1:\d+ after 2 attempts|client is closed)$/,
      );
      expect(c.status).toBe("closed");
    });

    t.test("RESP3 falls back to RESP2 when HELLO is refused", async () => {
      // A server without HELLO: answer it with an error, everything else PONG.
      using old = Bun.listen({
        hostname: "127.0.0.1",
        port: 0,
        socket: {
          data(s, chunk) {
            const req = new TextDecoder().decode(chunk);
            const count = req.split("*").length - 1;
            for (let i = 0; i < count; i++)
              s.write(i === 0 && req.includes("HELLO") ? "-ERR unknown command 'HELLO'\r\n" : "+PONG\r\n");
          },
        },
      });
      await using c = createClient({ port: old.port });
      expect(await c.ping()).toBe("PONG");
      expect(c.protocol).toBe(2);
    });
  });

  describe("closing", () => {
    t.test("close fails queued and in-flight commands, then refuses new ones", async () => {
      const c = createClient(target.url);
      await c.connect();
      const inflight = c.sendCommand(["BLPOP", "never", 0]).catch((e: unknown) => e);
      await c.close();
      expect(await inflight).toBeInstanceOf(ConnectionClosedError);
      await expect(c.get("k")).rejects.toThrow("client is closed");
      expect(c.status).toBe("closed");
      await c.close(); // idempotent

      const lazy = createClient(target.url);
      const queued = lazy.get("k").catch((e: unknown) => e);
      await lazy.close();
      expect(await queued).toBeInstanceOf(ConnectionClosedError);
    });

    t.test("quit waits for pending replies", async () => {
      const c = createClient(target.url);
      const pending = [c.set("quit-k", "v"), c.get("quit-k")];
      expect(await c.quit()).toBe("OK");
      expect(await Promise.all(pending)).toEqual(["OK", "v"]);
      expect(c.status).toBe("closed");
      await expect(c.ping()).rejects.toBeInstanceOf(ConnectionClosedError);
    });

    t.test("await using closes", async () => {
      let outer: RedbunClient | undefined;
      {
        await using c = createClient(target.url);
        outer = c;
        expect(await c.ping()).toBe("PONG");
      }
      expect(outer.status).toBe("closed");
    });

    t.test("errors keep the server's text", async () => {
      await using c = createClient(target.url);
      const e = await c.sendCommand(["SET", "a"]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ReplyError);
      expect((e as ReplyError).message).toBe("ERR wrong number of arguments for 'set' command");
    });
  });
});
