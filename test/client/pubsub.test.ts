/** subscribe / psubscribe in RESP3 (pushes on the same connection) and RESP2 (a dedicated one). */
import { afterAll, beforeAll, describe, expect } from "bun:test";
import { createClient, type PubSubMessage, type RedbunClient } from "../../src/index.ts";
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
   * Normal and pub/sub connections named `name`, from CLIENT LIST. Filtering by name keeps
   * connections of earlier tests, which the server may not have reaped yet, out of the count.
   */
  async function connections(name: string): Promise<{ normal: number; pubsub: number }> {
    const count = async (type: "normal" | "pubsub") =>
      (await admin.clientList({ TYPE: type })).split("\n").filter((l) => l.includes(` name=${name} `)).length;
    return { normal: await count("normal"), pubsub: await count("pubsub") };
  }

  describe.each([2, 3] as const)("RESP%d", (resp) => {
    t.test("channels and patterns, in order, with the matching pattern", async () => {
      await using c = createClient({ url: target.url, resp });
      const sub = await c.subscribe("news.tech", "alerts");
      const psub = await c.psubscribe("news.*");
      expect(sub.channels).toEqual(["news.tech", "alerts"]);
      expect(psub.patterns).toEqual(["news.*"]);
      expect(await admin.publish("news.tech", "a")).toBe(2);
      expect(await admin.publish("alerts", "b")).toBe(1);
      expect(await admin.publish("news.sport", "c")).toBe(1);
      expect(await admin.publish("other", "d")).toBe(0);
      expect(await sub.next()).toEqual({ channel: "news.tech", message: "a" });
      expect(await sub.next()).toEqual({ channel: "alerts", message: "b" });
      expect(await psub.next()).toEqual({ channel: "news.tech", message: "a", pattern: "news.*" });
      expect(await psub.next()).toEqual({ channel: "news.sport", message: "c", pattern: "news.*" });
      await sub.unsubscribe();
      await psub.unsubscribe();
      expect(await sub.next()).toBeUndefined();
      expect(await admin.pubsubNumSub("news.tech", "alerts")).toEqual({ "news.tech": 0, alerts: 0 });
      expect(await admin.pubsubNumPat()).toBe(0);
    });

    t.test("for await, and break unsubscribes", async () => {
      await using c = createClient({ url: target.url, resp });
      const sub = await c.subscribe("loop");
      for (let i = 0; i < 3; i++) await admin.publish("loop", `m${i}`);
      const got: PubSubMessage[] = [];
      for await (const m of sub) {
        got.push(m);
        if (got.length === 3) break;
      }
      expect(got.map((m) => m.message)).toEqual(["m0", "m1", "m2"]);
      expect(await admin.pubsubNumSub("loop")).toEqual({ loop: 0 });
    });

    t.test("two subscriptions to one channel: both get it, one leaving keeps the other", async () => {
      await using c = createClient({ url: target.url, resp });
      const a = await c.subscribe("shared");
      const b = await c.subscribe("shared", "only-b");
      expect(await admin.publish("shared", "1")).toBe(1);
      expect(await a.next()).toEqual({ channel: "shared", message: "1" });
      expect(await b.next()).toEqual({ channel: "shared", message: "1" });
      await a.unsubscribe();
      expect(await admin.pubsubNumSub("shared", "only-b")).toEqual({ shared: 1, "only-b": 1 });
      await admin.publish("shared", "2");
      expect(await b.next()).toEqual({ channel: "shared", message: "2" });
      await b.unsubscribe();
      expect(await admin.pubsubNumSub("shared")).toEqual({ shared: 0 });
    });

    t.test("commands keep working while subscribed; RESP2 uses a second connection", async () => {
      const name = `busy-resp${resp}`;
      await using c = createClient({ url: target.url, resp, name });
      await using sub = await c.subscribe("busy");
      expect(await c.set(`while-sub${resp}`, "x")).toBe("OK");
      expect(await c.get(`while-sub${resp}`)).toBe("x");
      await admin.publish("busy", "m");
      expect(await sub.next()).toEqual({ channel: "busy", message: "m" });
      // RESP3: one connection does both (Redis lists it as pubsub); RESP2: a second one.
      expect(await connections(name)).toEqual({ pubsub: 1, normal: resp === 3 ? 0 : 1 });
    });

    t.test("returnBuffers delivers message bytes", async () => {
      await using c = createClient({ url: target.url, resp, returnBuffers: true });
      const sub = await c.subscribe("bin");
      await admin.publish("bin", new Uint8Array([0, 255]));
      expect(await sub.next()).toEqual({ channel: "bin", message: new Uint8Array([0, 255]) });
      await sub.unsubscribe();
    });

    t.test("close ends the iteration", async () => {
      const c = createClient({ url: target.url, resp });
      const sub = await c.subscribe("closing");
      const next = sub.next();
      await c.close();
      expect(await next).toBeUndefined();
    });
  });
});
