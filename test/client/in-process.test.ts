/** createClient({ server }): the client on an in-process server, RESP encoded and parsed, no TCP. */
import { describe, expect, test } from "bun:test";
import { ConnectionClosedError, createClient, ReplyError } from "../../src/index.ts";
import { startServer } from "../../src/server/index.ts";

describe("in-process transport", () => {
  test("commands, pipelines and errors, as over TCP", async () => {
    await using server = await startServer({ port: 0 });
    await using c = createClient({ server });
    expect(await c.set("k", "v")).toBe("OK");
    expect(await c.get("k")).toBe("v");
    const [a, b] = await Promise.all([c.incr("n"), c.incr("n")]);
    expect([a, b]).toEqual([1, 2]);
    await expect(c.sendCommand(["LPUSH", "k", "x"])).rejects.toThrow(ReplyError);
    const results = await c.pipeline().set("p", "1").get("p").exec();
    expect(results).toEqual([
      [null, "OK"],
      [null, "1"],
    ]);
    // The server sees it as a client; its data is the server's data.
    expect(server.db().get("k")).toBe("v");
    const list = (await c.sendCommand(["CLIENT", "LIST"])) as string;
    expect(list).toContain("addr=in-process:0");
  });

  test("pub/sub in RESP3 and RESP2 (a second in-process connection)", async () => {
    await using server = await startServer({ port: 0 });
    await using admin = createClient({ server });
    for (const resp of [2, 3] as const) {
      await using c = createClient({ server, resp });
      const sub = await c.subscribe(`ch${resp}`);
      expect(await admin.publish(`ch${resp}`, "hello")).toBe(1);
      expect(await sub.next()).toEqual({ channel: `ch${resp}`, message: "hello" });
      await sub.unsubscribe();
    }
  });

  test("BLPOP times out on the manual clock", async () => {
    await using server = await startServer({ port: 0, clock: "manual" });
    await using c = createClient({ server });
    await c.ping();
    const reply = c.sendCommand(["BLPOP", "q", "5"]);
    await server.settle();
    server.clock.advance(5000);
    expect(await reply).toBeNull();
  });

  test("close() disconnects it from the server; QUIT and CLIENT KILL end it from the other side", async () => {
    await using server = await startServer({ port: 0 });
    await using admin = createClient({ server });
    const count = async () =>
      ((await admin.sendCommand(["CLIENT", "LIST"])) as string).trim().split("\n").length;
    const c = createClient({ server, reconnect: false });
    await c.ping();
    expect(await count()).toBe(2);
    await c.close();
    expect(await count()).toBe(1);

    const q = createClient({ server, reconnect: false });
    expect(await q.sendCommand(["QUIT"])).toBe("OK");
    await expect(q.ping()).rejects.toThrow(ConnectionClosedError);
    expect(await count()).toBe(1);

    const k = createClient({ server, reconnect: false });
    const id = (await k.sendCommand(["CLIENT", "ID"])) as number;
    expect(await admin.sendCommand(["CLIENT", "KILL", "ID", String(id)])).toBe(1);
    await expect(k.ping()).rejects.toThrow(ConnectionClosedError);
    expect(await count()).toBe(1);
  });

  test("maxclients applies", async () => {
    await using server = await startServer({ port: 0, config: { maxclients: "1" } });
    await using first = createClient({ server });
    await first.ping();
    const second = createClient({ server, reconnect: false, connectTimeout: 1000 });
    await expect(second.ping()).rejects.toThrow();
    await second.close();
  });
});
