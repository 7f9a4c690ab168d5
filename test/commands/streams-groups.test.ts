import { describe, expect, test } from "bun:test";
import {
  ENTRIES_READ_UNKNOWN,
  Pel,
  packEntry,
  RedisStream,
  StreamGroup,
  StreamNack,
} from "../../src/db/types/stream.ts";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const int = (n: number) => `:${n}\r\n`;
const entry = (id: string, ...fv: string[]) => `*2\r\n${bulk(id)}*${fv.length}\r\n${fv.map(bulk).join("")}`;
const entries = (...es: string[]) => `*${es.length}\r\n${es.join("")}`;
/** One stream's part of an XREADGROUP reply in RESP2. */
const served = (key: string, ...es: string[]) => `*1\r\n*2\r\n${bulk(key)}${entries(...es)}`;
const pending = (id: string, consumer: string, idle: number, count: number) =>
  `*4\r\n${bulk(id)}${bulk(consumer)}${int(idle)}${int(count)}`;

function setup() {
  const s = localServer();
  const changes: string[] = [];
  const notes: string[] = [];
  const keyChanged = s.server.keyChanged.bind(s.server);
  s.server.keyChanged = (db, key, event) => {
    changes.push(`${event}:${key}`);
    keyChanged(db, key, event);
  };
  const notify = s.server.notifyKeyspaceEvent.bind(s.server);
  s.server.notifyKeyspaceEvent = (db, key, event) => {
    notes.push(`${event}:${key}`);
    notify(db, key, event);
  };
  return { ...s, changes, notes, c: s.connect() };
}

const settle = () => Promise.resolve();
/** Let microtasks run (serving after an expiry, then the client's resume). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("idle and delivery times on the server clock", () => {
  test("XPENDING idle, XINFO CONSUMERS idle, XINFO STREAM FULL times follow the manual clock", () => {
    const { c, clock } = setup();
    const t0 = clock.now();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["XADD", "s", "2-1", "f", "v"]);
    c.send(["XGROUP", "CREATE", "s", "g", "0"]);
    c.send(["XREADGROUP", "GROUP", "g", "a", "COUNT", "1", "STREAMS", "s", ">"]);
    clock.advance(250);
    c.send(["XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", ">"]);
    clock.advance(100);
    expect(c.send(["XPENDING", "s", "g", "-", "+", "10"])).toBe(
      `*2\r\n${pending("1-1", "a", 350, 1)}${pending("2-1", "b", 100, 1)}`,
    );
    expect(c.send(["XPENDING", "s", "g", "IDLE", "101", "-", "+", "10"])).toBe(
      `*1\r\n${pending("1-1", "a", 350, 1)}`,
    );
    expect(c.send(["XINFO", "CONSUMERS", "s", "g"])).toBe(
      `*2\r\n*6\r\n${bulk("name")}${bulk("a")}${bulk("pending")}${int(1)}${bulk("idle")}${int(350)}` +
        `*6\r\n${bulk("name")}${bulk("b")}${bulk("pending")}${int(1)}${bulk("idle")}${int(100)}`,
    );
    // Re-reading the history counts a delivery and resets the idle time.
    c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", "0"]);
    clock.advance(5);
    expect(c.send(["XPENDING", "s", "g", "-", "+", "1"])).toBe(`*1\r\n${pending("1-1", "a", 5, 2)}`);
    const full = c.send(["XINFO", "STREAM", "s", "FULL"]);
    expect(full).toContain(`*4\r\n${bulk("1-1")}${bulk("a")}${int(t0 + 350)}${int(2)}`);
    expect(full).toContain(`*4\r\n${bulk("2-1")}${bulk("b")}${int(t0 + 250)}${int(1)}`);
    expect(full).toContain(`${bulk("seen-time")}${int(t0 + 350)}`);
    expect(full).toContain(`*3\r\n${bulk("2-1")}${int(t0 + 250)}${int(1)}`);
    expect(full).not.toContain("active-time");
  });

  test("XCLAIM IDLE, TIME, RETRYCOUNT and min-idle-time, exactly", () => {
    const { c, clock } = setup();
    const t0 = clock.now();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["XGROUP", "CREATE", "s", "g", "0"]);
    c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"]);
    clock.advance(1000);
    expect(c.send(["XCLAIM", "s", "g", "b", "1001", "1-1", "JUSTID"])).toBe("*0\r\n");
    expect(c.send(["XCLAIM", "s", "g", "b", "1000", "1-1", "JUSTID", "IDLE", "400"])).toBe(
      `*1\r\n${bulk("1-1")}`,
    );
    expect(c.send(["XPENDING", "s", "g", "-", "+", "1"])).toBe(`*1\r\n${pending("1-1", "b", 400, 1)}`);
    c.send(["XCLAIM", "s", "g", "b", "0", "1-1", "TIME", String(t0 + 10), "RETRYCOUNT", "9"]);
    expect(c.send(["XPENDING", "s", "g", "-", "+", "1"])).toBe(`*1\r\n${pending("1-1", "b", 990, 9)}`);
    // A time in the future is taken as now.
    c.send(["XCLAIM", "s", "g", "b", "0", "1-1", "TIME", String(t0 + 10 ** 9)]);
    expect(c.send(["XPENDING", "s", "g", "-", "+", "1"])).toBe(`*1\r\n${pending("1-1", "b", 0, 10)}`);
  });

  test("XAUTOCLAIM skips entries not idle long enough and returns the cursor after the last one seen", () => {
    const { c, clock } = setup();
    for (let i = 1; i <= 4; i++) c.send(["XADD", "s", `${i}-1`, "f", "v"]);
    c.send(["XGROUP", "CREATE", "s", "g", "0"]);
    c.send(["XREADGROUP", "GROUP", "g", "a", "COUNT", "2", "STREAMS", "s", ">"]);
    clock.advance(500);
    c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"]);
    expect(c.send(["XAUTOCLAIM", "s", "g", "b", "500", "-", "JUSTID"])).toBe(
      `*3\r\n${bulk("0-0")}*2\r\n${bulk("1-1")}${bulk("2-1")}*0\r\n`,
    );
    expect(c.send(["XAUTOCLAIM", "s", "g", "b", "0", "-", "COUNT", "3", "JUSTID"])).toBe(
      `*3\r\n${bulk("4-1")}*3\r\n${bulk("1-1")}${bulk("2-1")}${bulk("3-1")}*0\r\n`,
    );
  });
});

describe("XREADGROUP", () => {
  test("delivers new entries once per group, keeps them pending, and NOACK skips the PEL", () => {
    const { c } = setup();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["XADD", "s", "2-1", "f", "w"]);
    c.send(["XGROUP", "CREATE", "s", "g", "0"]);
    c.send(["XGROUP", "CREATE", "s", "h", "0"]);
    expect(c.send(["XREADGROUP", "GROUP", "g", "a", "COUNT", "1", "STREAMS", "s", ">"])).toBe(
      served("s", entry("1-1", "f", "v")),
    );
    expect(c.send(["XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", ">"])).toBe(
      served("s", entry("2-1", "f", "w")),
    );
    expect(c.send(["XREADGROUP", "GROUP", "g", "b", "STREAMS", "s", ">"])).toBe("*-1\r\n");
    expect(c.send(["XREADGROUP", "GROUP", "h", "a", "NOACK", "STREAMS", "s", ">"])).toBe(
      served("s", entry("1-1", "f", "v"), entry("2-1", "f", "w")),
    );
    expect(c.send(["XPENDING", "s", "h"])).toBe("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n");
    expect(c.send(["XPENDING", "s", "g"])).toBe(
      `*4\r\n:2\r\n${bulk("1-1")}${bulk("2-1")}*2\r\n*2\r\n${bulk("a")}${bulk("1")}*2\r\n${bulk("b")}${bulk("1")}`,
    );
  });

  test("history of an entry deleted since delivery is [id, nil]; its count does not grow", () => {
    const { c } = setup();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["XADD", "s", "2-1", "f", "v"]);
    c.send(["XGROUP", "CREATE", "s", "g", "0"]);
    c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"]);
    c.send(["XDEL", "s", "1-1"]);
    expect(c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", "0"])).toBe(
      `*1\r\n*2\r\n${bulk("s")}*2\r\n*2\r\n${bulk("1-1")}*-1\r\n${entry("2-1", "f", "v")}`,
    );
    expect(c.send(["XPENDING", "s", "g", "-", "+", "10"])).toBe(
      `*2\r\n${pending("1-1", "a", 0, 1)}${pending("2-1", "a", 0, 2)}`,
    );
  });

  test("BLOCK: served by XADD; times out on the server clock; MULTI answers at once", async () => {
    const { connect, clock, server } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    p.send(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    expect(a.send(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "1000", "STREAMS", "s", ">"])).toBe("");
    expect(b.send(["XREADGROUP", "GROUP", "g", "d", "BLOCK", "0", "STREAMS", "s", ">"])).toBe("");
    expect(server.blocking.count).toBe(2);
    clock.advance(1000);
    await settle();
    expect(a.take()).toBe("*-1\r\n");
    p.send(["XADD", "s", "1-1", "f", "v"]);
    await settle();
    expect(b.take()).toBe(served("s", entry("1-1", "f", "v")));
    expect(p.send(["XPENDING", "s", "g", "-", "+", "10", "d"])).toBe(`*1\r\n${pending("1-1", "d", 0, 1)}`);
    p.send(["MULTI"]);
    p.send(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"]);
    expect(p.send(["EXEC"])).toBe("*1\r\n*-1\r\n");
    expect(server.blocking.count).toBe(0);
  });

  test("BLOCK: two readers of one group share the new entries; the second waits for more", async () => {
    const { connect, server } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    p.send(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    a.send(["XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">"]);
    b.send(["XREADGROUP", "GROUP", "g", "b", "BLOCK", "0", "STREAMS", "s", ">"]);
    p.send(["XADD", "s", "1-1", "f", "v"]);
    await settle();
    expect(a.take()).toBe(served("s", entry("1-1", "f", "v")));
    expect(b.take()).toBe("");
    p.send(["XADD", "s", "2-1", "f", "v"]);
    await settle();
    expect(b.take()).toBe(served("s", entry("2-1", "f", "v")));
    expect(server.blocking.count).toBe(0);
  });

  test("BLOCK: the key expiring answers UNBLOCKED, on the active cycle too", async () => {
    const { connect, clock, server } = setup();
    const [a, p] = [connect(), connect()];
    p.send(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    p.send(["PEXPIRE", "s", "100"]);
    a.send(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"]);
    clock.advance(100);
    await tick();
    expect(a.take()).toBe("");
    // Past the deadline: the timer wheel's active cycle removes the key, no command runs.
    clock.advance(200);
    await tick();
    expect(a.take()).toBe(err(ERR.blockedStreamGone));
    expect(server.blocking.count).toBe(0);
  });

  test("BLOCK from a script is refused with the name as the script spelled it", () => {
    const { c } = setup();
    const reply = c.send([
      "EVAL",
      "return redis.call('xReadGroup','group','g','c','block','0','streams','s','>')",
      "0",
    ]);
    expect(reply).toStartWith(`-${ERR.streamBlockInScript("xReadGroup")}`);
    expect(c.send(["EVAL", "return redis.call('xread','block','0','streams','s','$')", "0"])).toStartWith(
      `-${ERR.streamBlockInScript("xread")}`,
    );
  });
});

describe("what the group commands report", () => {
  test("group changes publish events without keyChanged (no WATCH, no tracking); MKSTREAM is a change", () => {
    const { c, changes, notes } = setup();
    c.send(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
    expect(changes).toEqual(["xgroup-create:s"]);
    changes.length = 0;
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["XGROUP", "CREATE", "s", "h", "0"]);
    c.send(["XGROUP", "SETID", "s", "h", "0"]);
    c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"]);
    c.send(["XCLAIM", "s", "g", "b", "0", "1-1"]);
    c.send(["XAUTOCLAIM", "s", "g", "c", "0", "-"]);
    c.send(["XACK", "s", "g", "1-1"]);
    c.send(["XGROUP", "DELCONSUMER", "s", "g", "a"]);
    c.send(["XGROUP", "DESTROY", "s", "h"]);
    expect(changes).toEqual(["xadd:s"]);
    expect(notes).toEqual([
      "xgroup-create:s",
      "xgroup-setid:s",
      "xgroup-createconsumer:s",
      "xgroup-createconsumer:s",
      "xgroup-createconsumer:s",
      "xgroup-delconsumer:s",
      "xgroup-destroy:s",
    ]);
  });

  test("COPY gives the copy its own groups, consumers and PEL", () => {
    const { c } = setup();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["XGROUP", "CREATE", "s", "g", "0"]);
    c.send(["XREADGROUP", "GROUP", "g", "a", "STREAMS", "s", ">"]);
    c.send(["COPY", "s", "d"]);
    expect(c.send(["XCLAIM", "d", "g", "b", "0", "1-1", "JUSTID"])).toBe(`*1\r\n${bulk("1-1")}`);
    c.send(["XGROUP", "CREATECONSUMER", "d", "g", "z"]);
    expect(c.send(["XPENDING", "s", "g"])).toBe(
      `*4\r\n:1\r\n${bulk("1-1")}${bulk("1-1")}*1\r\n*2\r\n${bulk("a")}${bulk("1")}`,
    );
    expect(c.send(["XPENDING", "d", "g"])).toBe(
      `*4\r\n:1\r\n${bulk("1-1")}${bulk("1-1")}*1\r\n*2\r\n${bulk("b")}${bulk("1")}`,
    );
    expect(c.send(["XGROUP", "CREATECONSUMER", "s", "g", "z"])).toBe(":1\r\n");
  });
});

describe("the group data structures", () => {
  test("Pel keeps IDs sorted and unique against a plain model", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pel = new Pel();
    const model = new Map<number, StreamNack>();
    for (let step = 0; step < 5000; step++) {
      const ms = rand(300);
      if (rand(3) < 2) {
        const nack = new StreamNack(ms, 1, 0, 1, null);
        expect(pel.insert(nack)).toBe(!model.has(ms));
        if (!model.has(ms)) model.set(ms, nack);
      } else {
        expect(pel.remove(ms, 1)).toBe(model.get(ms));
        model.delete(ms);
      }
      if (step % 250 === 0) {
        expect(pel.items.map((n) => n.ms)).toEqual([...model.keys()].sort((a, b) => a - b));
        expect(pel.find(ms, 1)).toBe(model.get(ms));
      }
    }
  });

  test("the read counter estimate follows Redis 7.0.15 (no tombstone check before the first entry)", () => {
    const s = new RedisStream();
    const data = packEntry([new Uint8Array([102]), new Uint8Array([118])]);
    expect(s.estimateEntriesRead(5, 0)).toBe(0);
    for (let i = 1; i <= 5; i++) s.append(i, 1, data);
    expect(s.estimateEntriesRead(5, 1)).toBe(5);
    expect(s.estimateEntriesRead(6, 0)).toBe(ENTRIES_READ_UNKNOWN);
    expect(s.estimateEntriesRead(1, 1)).toBe(1);
    expect(s.estimateEntriesRead(0, 5)).toBe(0);
    expect(s.estimateEntriesRead(3, 1)).toBe(ENTRIES_READ_UNKNOWN);
    s.delete(1, 1);
    s.maxDeletedMs = 1;
    s.maxDeletedSeq = 1;
    s.refreshFirst();
    // Below the first entry with the only tombstone behind it: entries_added - length.
    expect(s.estimateEntriesRead(0, 5)).toBe(1);
    expect(s.lag(new StreamGroup(0, 5, ENTRIES_READ_UNKNOWN))).toBe(4);
    s.delete(3, 1);
    s.maxDeletedMs = 3;
    s.maxDeletedSeq = 1;
    expect(s.estimateEntriesRead(2, 1)).toBe(ENTRIES_READ_UNKNOWN);
    expect(s.lag(new StreamGroup(2, 1, 2))).toBe(null);
    expect(s.lag(new StreamGroup(4, 1, 4))).toBe(1);
    s.trim(0, 0, 0, false, 0);
    expect(s.estimateEntriesRead(2, 1)).toBe(5);
  });
});
