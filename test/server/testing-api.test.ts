/**
 * The in-process test API of `redbun/server`: the controllable clock (advance, set, mode),
 * settle(), db(n) data access, fixtures, snapshots. Real sockets with redbun's client where a
 * client is involved; no sleeps: time moves only when the test moves it.
 */
import { describe, expect, test } from "bun:test";
import { ReplyError } from "../../src/errors.ts";
import { createClient } from "../../src/index.ts";
import { ControlledClock, startServer } from "../../src/server/index.ts";

describe("clock", () => {
  test("advance('10s') expires a TTL at once, for clients and for db()", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    await using c = createClient(server.url);
    expect(await c.set("session", "x", { EX: 10 })).toBe("OK");
    server.clock.advance("9s");
    expect(await c.get("session")).toBe("x");
    expect(server.db(0).ttl("session")).toBe(1000);
    // As in Redis, a key lives through its deadline and is gone once time is past it.
    server.clock.advance("1s");
    expect(server.db(0).ttl("session")).toBe(0);
    server.clock.advance(1);
    expect(server.db(0).exists("session")).toBe(false);
    expect(await c.get("session")).toBeNull();
  });

  test("set(date) moves TIME; manual time stands still; mode switches keep the time", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    const at = Date.parse("2030-06-01T12:00:00Z");
    server.clock.set(new Date(at));
    const time = () => server.db().command("TIME") as Uint8Array[];
    const seconds = () => Number(new TextDecoder().decode(time()[0]));
    expect(seconds()).toBe(at / 1000);
    expect(time()).toEqual(time());
    server.clock.mode = "real";
    expect(server.clock.mode).toBe("real");
    // Running again from where it stood, not from the wall clock.
    expect(Math.abs(server.clock.now() - at)).toBeLessThan(1000);
    server.clock.mode = "manual";
    const frozen = server.clock.now();
    expect(frozen - at).toBeGreaterThanOrEqual(0);
    expect(server.clock.now()).toBe(frozen);
  });

  test("a server started on real time can be frozen and fast-forwarded", async () => {
    await using server = await startServer({ port: 0 });
    expect(server.clock.mode).toBe("real");
    server.db().set("k", "v", { ttl: "1h" });
    server.clock.mode = "manual";
    server.clock.advance("59m");
    expect(server.db().get("k")).toBe("v");
    server.clock.advance("1m");
    server.clock.advance(1);
    expect(server.db().get("k")).toBeNull();
  });

  test("in real mode, advance runs due timers and later ones still fire on the wall clock", async () => {
    const clock = new ControlledClock("real");
    const fired: string[] = [];
    clock.setTimer(clock.now() + 60_000, () => fired.push("in a minute"));
    const soon = new Promise<void>((resolve) =>
      clock.setTimer(clock.now() + 60_000 + 5, () => {
        fired.push("5 ms later");
        resolve();
      }),
    );
    clock.advance("1m");
    expect(fired).toEqual(["in a minute"]);
    await soon;
    expect(fired).toEqual(["in a minute", "5 ms later"]);
  });

  test("a blocking timeout runs on the clock; settle() waits until the reply is out", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    await using c = createClient(server.url);
    await c.ping();
    let result: unknown = "pending";
    const waiting = c.sendCommand(["BLPOP", "queue", "30"]).then((r) => {
      result = r;
    });
    await server.settle();
    // Let the BLPOP reach the server: until then nothing is blocked.
    while (String(server.db().command("INFO", "clients")).includes("blocked_clients:0"))
      await server.settle();
    server.clock.advance("29s");
    await server.settle();
    expect(result).toBe("pending");
    server.clock.advance("1s");
    await server.settle();
    await waiting;
    expect(result).toBeNull();
  });

  test("advance rejects negative or malformed durations", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    expect(() => server.clock.advance(-1)).toThrow(RangeError);
    expect(() => server.clock.advance("soon")).toThrow(RangeError);
    expect(() => {
      server.clock.mode = "fast" as "real";
    }).toThrow(RangeError);
  });

  test("servers are independent: each has its own clock and data", async () => {
    await using a = await startServer({ port: 0, clock: "manual" });
    await using b = await startServer({ port: 0, clock: "manual" });
    a.db().set("k", "a", { ttl: "1s" });
    b.db().set("k", "b", { ttl: "1s" });
    a.clock.advance(1001);
    expect(a.db().get("k")).toBeNull();
    expect(b.db().get("k")).toBe("b");
  });
});

describe("db(n)", () => {
  test("load a fixture of every type, with TTLs, then read it back", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    const db = server.db(3);
    db.load({
      "user:1": "alice",
      counter: { value: "41", ttl: "10m" },
      jobs: { type: "list", value: ["a", "b", "c"] },
      tags: { type: "set", value: ["x", "y"] },
      profile: { type: "hash", value: { name: "Ann", age: "33" } },
      board: { type: "zset", value: { ann: 3, bob: 1.5, cy: Number.POSITIVE_INFINITY } },
      deadline: { value: "x", expireAt: server.clock.now() + 5000 },
    });
    expect(db.keys()).toEqual(["board", "counter", "deadline", "jobs", "profile", "tags", "user:1"]);
    expect(db.size).toBe(7);
    expect(db.get("user:1")).toBe("alice");
    expect(db.type("jobs")).toBe("list");
    expect(db.ttl("counter")).toBe(600_000);
    expect(db.ttl("deadline")).toBe(5000);
    expect(db.ttl("user:1")).toBe(-1);
    expect(db.ttl("missing")).toBe(-2);
    expect(db.command("INCR", "counter")).toBe(42);
    const dec = (v: unknown) => new TextDecoder().decode(v as Uint8Array);
    expect((db.command("LRANGE", "jobs", 0, -1) as Uint8Array[]).map(dec)).toEqual(["a", "b", "c"]);
    expect(db.command("ZSCORE", "board", "cy")).toBe(Number.POSITIVE_INFINITY);
    expect(dec(db.command("HGET", "profile", "age"))).toBe("33");
    // Other databases are untouched; a wrong type is Redis's own error.
    expect(server.db(0).size).toBe(0);
    expect(() => db.get("jobs")).toThrow(ReplyError);
    expect(() => db.get("jobs")).toThrow("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(() => server.db(16)).toThrow(RangeError);
  });

  test("what db() writes, a client reads, and the other way round", async () => {
    await using server = await startServer({ port: 0 });
    await using c = createClient({ url: server.url, db: 2 });
    server.db(2).set("from-test", "1");
    expect(await c.get("from-test")).toBe("1");
    await c.set("from-app", "2");
    expect(server.db(2).get("from-app")).toBe("2");
    expect(server.db(2).del("from-test", "from-app", "none")).toBe(2);
  });

  test("its session is not a client: CLIENT LIST and INFO clients do not count it", async () => {
    await using server = await startServer({ port: 0 });
    server.db().set("k", "v");
    await using c = createClient(server.url);
    const list = (await c.sendCommand(["CLIENT", "LIST"])) as string;
    expect(list.trim().split("\n")).toHaveLength(1);
    expect(await c.sendCommand(["INFO", "clients"])).toContain("connected_clients:1");
  });
});

describe("snapshot and restore", () => {
  test("round trip of every type, binary keys and values, TTLs and several databases", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    const bin = new Uint8Array([0, 255, 13, 10]);
    server.db(0).load({
      s: { value: bin, ttl: 5000 },
      l: { type: "list", value: ["1", bin] },
      h: { type: "hash", value: [["f", bin]] },
      z: { type: "zset", value: [["m", -0.5]] },
    });
    server.db(0).command("SET", bin, "binary key");
    server.db(9).load({ set: { type: "set", value: ["a", "b", "c"] } });
    const deadline = server.db(0).command("PEXPIRETIME", "s");

    const snap = server.snapshot();
    expect(snap.size).toBe(6);
    server.flushAll();
    server.db(0).set("extra", "x");
    expect(server.db(9).size).toBe(0);

    server.restore(snap);
    expect(server.db(0).keys().length).toBe(5);
    expect(server.db(0).exists("extra")).toBe(false);
    expect(server.db(0).getBytes("s")).toEqual(bin);
    expect(server.db(0).command("PEXPIRETIME", "s")).toBe(deadline as number);
    expect(server.db(0).command("LINDEX", "l", 1)).toEqual(bin);
    expect(server.db(0).command("HGET", "h", "f")).toEqual(bin);
    expect(server.db(0).command("ZSCORE", "z", "m")).toBe(-0.5);
    expect(server.db(0).get(bin)).toBe("binary key");
    expect(server.db(9).command("SCARD", "set")).toBe(3);
    // A restored TTL keeps counting on the same clock.
    server.clock.advance(5001);
    expect(server.db(0).exists("s")).toBe(false);
  });

  test("streams keep their entries and the IDs XADD * continues from", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    const db = server.db(0);
    db.command("XADD", "st", "1-1", "f", new Uint8Array([0, 255]));
    db.command("XADD", "st", "2-0", "a", "1", "b", "2");
    db.command("XADD", "st", "3-0", "gone", "x");
    db.command("XDEL", "st", "3-0");
    db.command("XADD", "empty", "5-0", "f", "v");
    db.command("XDEL", "empty", "5-0");
    db.command("XGROUP", "CREATE", "st", "g1", "0");
    db.command("XGROUP", "CREATE", "st", "g2", "$", "ENTRIESREAD", "2");
    db.command("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "1", "STREAMS", "st", ">");
    server.clock.advance(1000);
    db.command("XREADGROUP", "GROUP", "g1", "bob", "STREAMS", "st", ">");
    db.command("XCLAIM", "st", "g1", "bob", "0", "1-1", "RETRYCOUNT", "4");
    db.command("XGROUP", "CREATECONSUMER", "st", "g2", "idle");
    const info = (key: string) => db.command("XINFO", "STREAM", key, "FULL");

    const before = { st: info("st"), empty: info("empty"), range: db.command("XRANGE", "st", "-", "+") };
    const snap = server.snapshot();
    server.flushAll();
    server.restore(snap);

    expect(db.command("XRANGE", "st", "-", "+")).toEqual(before.range);
    // Consumers' seen-times are when the restore created them; everything else is as it was.
    const st = plain(info("st"));
    expect(st).toEqual(plain(before.st));
    expect(JSON.stringify(st)).toContain('["1-1","bob",');
    expect(JSON.stringify(st)).toContain('"alice"');
    expect(info("empty")).toEqual(before.empty);
    expect(() => db.command("XADD", "st", "3-0", "f", "v")).toThrow(
      "ERR The ID specified in XADD is equal or smaller than the target stream top item",
    );
  });
});

/** An XINFO reply as plain JSON-able values, without the consumers' seen-time values. */
function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object" && "entries" in v) {
    const entries = (v as { entries: [unknown, unknown][] }).entries;
    return entries.map(([k, x]) => [plain(k), plain(k) === "seen-time" ? "(seen)" : plain(x)]);
  }
  return v;
}
