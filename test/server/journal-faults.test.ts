/** The test API's command journal and fault injection, through real clients over TCP. */
import { describe, expect, test } from "bun:test";
import { ConnectionClosedError, createClient, ReplyError, TimeoutError } from "../../src/index.ts";
import { startServer } from "../../src/server/index.ts";
import { mulberry32 } from "../support/prng.ts";

describe("journal", () => {
  test("records command, arguments, client, db, reply type and virtual time", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    const journal = server.journal;
    await using c = createClient({ url: server.url, name: "worker-1", db: 2 });
    await c.ping();
    const mark = journal.mark();
    server.clock.set(Date.parse("2030-01-01T00:00:00Z"));
    await c.sendCommand(["CLIENT", "SETINFO", "LIB-NAME", "myapp"]);
    await c.set("k", "v");
    await c.get("k");
    await c.get("missing");
    await c.incr("n");
    await expect(c.sendCommand(["LPUSH", "k", "x"])).rejects.toThrow(ReplyError);
    await c.sendCommand(["MGET", "k", "n"]);
    const got = journal.since(mark);
    expect(got.map((e) => [e.command, e.args, e.reply])).toEqual([
      ["client|setinfo", ["SETINFO", "LIB-NAME", "myapp"], "simple"],
      ["set", ["k", "v"], "simple"],
      ["get", ["k"], "bulk"],
      ["get", ["missing"], "null"],
      ["incr", ["n"], "integer"],
      ["lpush", ["k", "x"], "error"],
      ["mget", ["k", "n"], "array"],
    ]);
    const set = got[1]!;
    expect(set.db).toBe(2);
    expect(set.clientName).toBe("worker-1");
    expect(set.libName).toBe("myapp");
    expect(set.time).toBe(Date.parse("2030-01-01T00:00:00Z"));
    expect(got[5]!.error).toBe("WRONGTYPE Operation against a key holding the wrong kind of value");
    expect(journal.received("set", "k")).toBe(true);
    expect(journal.received("set", "k", /^v$/)).toBe(true);
    expect(journal.received("set", "other")).toBe(false);
    expect(journal.toMonitorFormat(got.slice(1, 2))).toBe(
      `1893456000.000000 [2 ${set.clientAddr}] "SET" "k" "v"\n`,
    );
  });

  test("commands run by EXEC are recorded one by one, after their MULTI", async () => {
    await using server = await startServer({ port: 0 });
    const mark = server.journal.mark();
    await using c = createClient(server.url);
    await c.sendCommand(["MULTI"]);
    await c.sendCommand(["SET", "a", "1"]);
    await c.sendCommand(["INCR", "a"]);
    await c.sendCommand(["EXEC"]);
    const names = server.journal
      .since(mark)
      .map((e) => e.command)
      .filter((n) => n !== "hello" && n !== "client|setinfo");
    expect(names).toEqual(["multi", "set", "incr", "exec"]);
  });
});

describe("faults", () => {
  test("an error reply for one key pattern, counted, removable; other keys untouched", async () => {
    await using server = await startServer({ port: 0 });
    await using c = createClient(server.url);
    await c.set("user:1", "a");
    await c.set("order:1", "b");
    void server.journal;
    const fault = server.faults.add({
      command: "get",
      key: "user:*",
      action: { error: "LOADING Redis is loading the dataset in memory" },
    });
    const err = await c.get("user:1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyError);
    expect((err as ReplyError).message).toBe("LOADING Redis is loading the dataset in memory");
    expect(await c.get("order:1")).toBe("b");
    expect(await c.set("user:1", "x")).toBe("OK");
    expect(fault.fired).toBe(1);
    // The journal shows what the client sent, the faulted call included.
    expect(server.journal.commands("get").map((e) => [e.args[0], e.reply, e.error])).toEqual([
      ["user:1", "error", "LOADING Redis is loading the dataset in memory"],
      ["order:1", "bulk", undefined],
    ]);
    fault.remove();
    expect(await c.get("user:1")).toBe("x");
  });

  test("nth, times, client name and probability (seeded) pick which calls fail", async () => {
    await using server = await startServer({ port: 0 });
    await using a = createClient({ url: server.url, name: "app" });
    await using b = createClient({ url: server.url, name: "admin" });
    const outcomes = async (c: typeof a, n: number) => {
      const r: string[] = [];
      for (let i = 0; i < n; i++)
        r.push(
          await c.ping().then(
            () => "ok",
            () => "err",
          ),
        );
      return r;
    };
    const third = server.faults.add({
      command: "ping",
      client: "app",
      nth: 3,
      action: { error: "ERR third" },
    });
    expect(await outcomes(a, 4)).toEqual(["ok", "ok", "err", "ok"]);
    third.remove();
    const twice = server.faults.add({ command: "ping", client: "app", times: 2, action: { error: "ERR x" } });
    expect(await outcomes(b, 2)).toEqual(["ok", "ok"]);
    expect(await outcomes(a, 3)).toEqual(["err", "err", "ok"]);
    twice.remove();
    server.faults.random = mulberry32(7);
    server.faults.add({ command: "ping", probability: 0.5, action: { error: "ERR coin" } });
    const coins = await outcomes(a, 200);
    const failed = coins.filter((o) => o === "err").length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    server.faults.clear();
    expect(await outcomes(a, 3)).toEqual(["ok", "ok", "ok"]);
  });

  test("latency on the manual clock: the reply, and the commands behind it, wait for advance", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    await using c = createClient(server.url);
    await c.set("k", "v");
    const fault = server.faults.add({ command: "get", times: 1, action: { latency: "2s" } });
    const order: string[] = [];
    const slow = c.get("k").then((v) => order.push(`get ${v}`));
    const after = c.incr("n").then((v) => order.push(`incr ${v}`));
    // Until the GET has reached the server, moving the clock would not delay it.
    while (fault.fired === 0) await server.settle();
    server.clock.advance(1999);
    await server.settle();
    expect(order).toEqual([]);
    server.clock.advance(1);
    await Promise.all([slow, after]);
    expect(order).toEqual(["get v", "incr 1"]);
  });

  test("hang never answers (the client's timeout fires); close drops the connection", async () => {
    await using server = await startServer({ port: 0 });
    await using c = createClient({ url: server.url, commandTimeout: 200, reconnect: false });
    await c.ping();
    server.faults.add({ command: "get", key: "stuck", action: { hang: true } });
    await expect(c.get("stuck")).rejects.toThrow(TimeoutError);
    await using other = createClient(server.url);
    expect(await other.ping()).toBe("PONG");
    server.faults.clear();
    server.faults.add({ command: "get", key: "gone", action: { close: true } });
    await using d = createClient({ url: server.url, reconnect: false });
    await d.ping();
    await expect(d.get("gone")).rejects.toThrow(ConnectionClosedError);
  });

  test("drip writes the reply one byte at a time; it still parses, and order holds", async () => {
    await using server = await startServer({ port: 0 });
    await using c = createClient(server.url);
    await c.set("k", "a fairly long value");
    server.faults.add({ command: "get", times: 1, action: { drip: true } });
    const [v, n] = await Promise.all([c.get("k"), c.incr("n")]);
    expect(v).toBe("a fairly long value");
    expect(n).toBe(1);
  });

  test("key patterns match keys byte for byte, as KEYS does (bytes 0x80-0x9f included)", async () => {
    await using server = await startServer({ port: 0 });
    await using c = createClient(server.url);
    server.faults.add({ key: "k\u0080*", action: { error: "ERR matched" } });
    await expect(c.sendCommand(["GET", new Uint8Array([107, 0x80, 0x41])])).rejects.toThrow("ERR matched");
    expect(await c.sendCommand(["GET", "k"])).toBeNull();
  });

  test("a rule needs exactly one action", async () => {
    await using server = await startServer({ port: 0 });
    expect(() => server.faults.add({ action: {} as { hang: true } })).toThrow(TypeError);
    expect(() =>
      server.faults.add({ action: { hang: true, close: true } as unknown as { hang: true } }),
    ).toThrow(TypeError);
  });
});
