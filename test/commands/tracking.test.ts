/**
 * CLIENT TRACKING on a socketless server with a manual clock: what the differential suite
 * cannot drive deterministically (expiry, the table limit's choice, disconnects, RESET,
 * microtask delivery of BCAST, the table's bookkeeping).
 */
import { describe, expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

const inv = (...keys: string[]) =>
  `>2\r\n$10\r\ninvalidate\r\n*${keys.length}\r\n${keys.map((k) => `$${k.length}\r\n${k}\r\n`).join("")}`;

/** Deliveries to other clients are flushed in microtasks (BCAST in one more): let them run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await Promise.resolve();
}

function tracked() {
  const local = localServer();
  const reader = local.connect();
  reader.send(["HELLO", "3"]);
  expect(reader.send(["CLIENT", "TRACKING", "ON"])).toBe("+OK\r\n");
  const writer = local.connect();
  return { ...local, reader, writer };
}

describe("CLIENT TRACKING", () => {
  test("active expiry of a read key sends an invalidation", async () => {
    const { reader, writer, clock } = tracked();
    writer.send(["SET", "k", "v", "PX", "100"]);
    expect(reader.send(["GET", "k"])).toBe("$1\r\nv\r\n");
    clock.advance(200);
    await settle();
    expect(reader.take()).toBe(inv("k"));
    expect(writer.send(["GET", "k"])).toBe("$-1\r\n");
    expect(reader.take()).toBe("");
  });

  test("the table: one row per key, items per (key, client), dropped on change", async () => {
    const { server, reader, writer, connect } = tracked();
    const other = connect();
    other.send(["CLIENT", "TRACKING", "ON"]);
    reader.send(["MGET", "a", "b"]);
    other.send(["GET", "a"]);
    other.send(["GET", "a"]);
    expect([server.tracking.totalKeys, server.tracking.items, server.tracking.clients]).toEqual([2, 3, 2]);
    expect(server.keyListeners).toBe(true);
    writer.send(["DEL", "a", "b"]);
    await settle();
    // DEL of missing keys changes nothing
    expect(reader.take()).toBe("");
    writer.send(["SET", "a", "1"]);
    await settle();
    expect(reader.take()).toBe(inv("a"));
    expect([server.tracking.totalKeys, server.tracking.items]).toEqual([1, 1]);
    writer.send(["SET", "b", "1"]);
    expect(server.tracking.active).toBe(false);
    expect(server.keyListeners).toBe(false);
  });

  test("a disconnected or RESET client stops tracking; its stale rows are skipped", async () => {
    const { server, reader, writer, connect } = tracked();
    const gone = connect();
    gone.send(["CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "p"]);
    reader.send(["GET", "a"]);
    gone.conn.onClose();
    expect(server.tracking.clients).toBe(1);
    expect(server.tracking.totalPrefixes).toBe(0);
    expect(reader.send(["RESET"])).toBe("+RESET\r\n");
    expect(server.tracking.clients).toBe(0);
    expect(reader.send(["CLIENT", "GETREDIR"])).toBe(":-1\r\n");
    writer.send(["SET", "a", "1"]);
    await settle();
    expect(reader.take()).toBe("");
    expect(server.tracking.totalKeys).toBe(0);
  });

  test("BCAST keys go out in a microtask, after the writer's replies, sorted and deduplicated", async () => {
    const { connect } = localServer();
    const bcast = connect();
    bcast.send(["HELLO", "3"]);
    bcast.send(["CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "user:"]);
    const writer = connect();
    expect(writer.send(["MSET", "user:2", "x", "user:1", "y", "other", "z"])).toBe("+OK\r\n");
    writer.send(["SET", "user:2", "again"]);
    expect(bcast.take()).toBe("");
    await settle();
    expect(bcast.take()).toBe(inv("user:1", "user:2"));
    writer.send(["SET", "user:3", "x"]);
    await settle();
    expect(bcast.take()).toBe(inv("user:3"));
  });

  test("tracking-table-max-keys: the oldest rows are dropped with an invalidation", () => {
    const { server, reader } = tracked();
    reader.send(["CONFIG", "SET", "tracking-table-max-keys", "2"]);
    reader.send(["GET", "a"]);
    reader.send(["GET", "b"]);
    expect(reader.send(["GET", "c"])).toBe(`_\r\n${inv("a")}`);
    expect(server.tracking.totalKeys).toBe(2);
    // Lowering the limit takes effect after the next command of any client.
    reader.send(["CONFIG", "SET", "tracking-table-max-keys", "0"]);
    reader.send(["MGET", "d", "e", "f"]);
    expect(server.tracking.totalKeys).toBe(5);
  });

  test("over the limit by a lot: at most 100 keys per command, more each round", async () => {
    const { server, reader, writer } = tracked();
    const keys = Array.from({ length: 400 }, (_, i) => `k${i}`);
    reader.send(["MGET", ...keys]);
    expect(server.tracking.totalKeys).toBe(400);
    writer.send(["CONFIG", "SET", "tracking-table-max-keys", "10"]);
    expect(server.tracking.totalKeys).toBe(300);
    writer.send(["PING"]);
    expect(server.tracking.totalKeys).toBe(100);
    writer.send(["PING"]);
    expect(server.tracking.totalKeys).toBe(10);
    await settle();
    expect(reader.take().split("invalidate").length - 1).toBe(390);
  });

  test("REDIRECT to a RESP2 client that is not subscribed: nothing is delivered", async () => {
    const { connect } = localServer();
    const target = connect();
    const me = connect();
    me.send(["HELLO", "3"]);
    expect(me.send(["CLIENT", "TRACKING", "ON", "REDIRECT", String(target.conn.id)])).toBe("+OK\r\n");
    me.send(["GET", "x"]);
    connect().send(["SET", "x", "1"]);
    await settle();
    expect(target.take()).toBe("");
    expect(me.take()).toBe("");
  });

  test("an invalidation is not written to a client that is closing (QUIT)", async () => {
    const { reader, writer } = tracked();
    expect(reader.send(["GET", "a"])).toBe("_\r\n");
    reader.conn.closeAfterReply = true;
    writer.send(["SET", "a", "1"]);
    await settle();
    expect(reader.take()).toBe("");
    expect(reader.conn.out.len).toBe(0);
  });
});
