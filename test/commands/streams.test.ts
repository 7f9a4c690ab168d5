import { describe, expect, test } from "bun:test";
import { cmpId, packEntry, RedisStream, type U64, U64_MAX } from "../../src/db/types/stream.ts";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const entry = (id: string, ...fv: string[]) => `*2\r\n${bulk(id)}*${fv.length}\r\n${fv.map(bulk).join("")}`;
const entries = (...es: string[]) => `*${es.length}\r\n${es.join("")}`;
const MAX = "18446744073709551615";

function setup(spy = false) {
  const s = localServer();
  const events: string[] = [];
  const keyChanged = s.server.keyChanged.bind(s.server);
  s.server.keyChanged = (db, key, event) => {
    events.push(`${event}:${key}`);
    keyChanged(db, key, event);
  };
  if (spy) s.server.keyListeners = true;
  return { ...s, events, c: s.connect() };
}

const settle = () => Promise.resolve();

describe("XADD IDs", () => {
  test("`*` takes the server clock; a clock that goes back keeps IDs increasing", () => {
    const { c, clock } = setup();
    const now = clock.now();
    expect(c.send(["XADD", "s", "*", "f", "v"])).toBe(bulk(`${now}-0`));
    expect(c.send(["XADD", "s", "*", "f", "v"])).toBe(bulk(`${now}-1`));
    clock.advance(5);
    expect(c.send(["XADD", "s", "*", "f", "v"])).toBe(bulk(`${now + 5}-0`));
    clock.set(now - 1000);
    expect(c.send(["XADD", "s", "*", "f", "v"])).toBe(bulk(`${now + 5}-1`));
    expect(c.send(["XADD", "s", `${now + 5}-*`, "f", "v"])).toBe(bulk(`${now + 5}-2`));
    expect(c.send(["XADD", "s", `${now + 4}-*`, "f", "v"])).toBe(err(ERR.streamIdTooSmall));
  });

  test("64-bit parts are exact at 2^53 and at 2^64 - 1", () => {
    const { c } = setup();
    expect(c.send(["XADD", "s", "9007199254740992-9007199254740993", "f", "v"])).toBe(
      bulk("9007199254740992-9007199254740993"),
    );
    expect(c.send(["XADD", "s", "9007199254740992-*", "f", "v"])).toBe(
      bulk("9007199254740992-9007199254740994"),
    );
    expect(c.send(["XADD", "s", "9007199254740992-9007199254740994", "f", "v"])).toBe(
      err(ERR.streamIdTooSmall),
    );
    expect(c.send(["XADD", "s", `${MAX}-18446744073709551614`, "f", "v"])).toBe(
      bulk(`${MAX}-18446744073709551614`),
    );
    expect(c.send(["XADD", "s", `${MAX}-*`, "f", "v"])).toBe(bulk(`${MAX}-${MAX}`));
    expect(c.send(["XADD", "s", "*", "f", "v"])).toBe(err(ERR.streamExhausted));
    expect(c.send(["XADD", "s", `${MAX}0-1`, "f", "v"])).toBe(err(ERR.streamInvalidId));
    expect(c.send(["XRANGE", "s", "9007199254740993", "+"])).toBe(
      entries(entry(`${MAX}-18446744073709551614`, "f", "v"), entry(`${MAX}-${MAX}`, "f", "v")),
    );
    expect(c.send(["XRANGE", "s", "-", "(9007199254740992-9007199254740994"])).toBe(
      entries(entry("9007199254740992-9007199254740993", "f", "v")),
    );
    // strtoull's forms: a sign, spaces, leading zeros; "-0" is 0 and "-1" 2^64 - 1 (a
    // canonical negative int64 is refused). The first "-" splits ms from seq.
    expect(c.send(["XADD", "t", " +007-00", "f", "v"])).toBe(bulk("7-0"));
    expect(c.send(["XADD", "t", "8--0", "f", "v"])).toBe(bulk("8-0"));
    expect(c.send(["XADD", "t", "8--1", "f", "v"])).toBe(err(ERR.streamInvalidId));
    expect(c.send(["XADD", "t", "8--01", "f", "v"])).toBe(bulk(`8-${MAX}`));
    expect(c.send(["XADD", "t", "-0-1", "f", "v"])).toBe(err(ERR.streamInvalidId));
  });

  test("NOMKSTREAM on a missing key answers nil and creates nothing; 0-0 creates nothing", () => {
    const { c } = setup();
    expect(c.send(["XADD", "s", "NOMKSTREAM", "*", "f", "v"])).toBe("$-1\r\n");
    expect(c.send(["XADD", "s", "0-0", "f", "v"])).toBe(err(ERR.streamIdZero));
    expect(c.send(["EXISTS", "s"])).toBe(":0\r\n");
  });
});

describe("stream keys", () => {
  test("TYPE, OBJECT ENCODING, SCAN TYPE, COPY is independent, DUMP not supported, WRONGTYPE", () => {
    const { c } = setup();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    c.send(["SET", "str", "x"]);
    expect(c.send(["TYPE", "s"])).toBe("+stream\r\n");
    expect(c.send(["OBJECT", "ENCODING", "s"])).toBe(bulk("stream"));
    expect(c.send(["SCAN", "0", "TYPE", "stream"])).toBe(`*2\r\n${bulk("0")}*1\r\n${bulk("s")}`);
    expect(c.send(["COPY", "s", "c"])).toBe(":1\r\n");
    c.send(["XADD", "c", "2-1", "g", "w"]);
    c.send(["XDEL", "s", "1-1"]);
    expect(c.send(["XLEN", "s"])).toBe(":0\r\n");
    expect(c.send(["XRANGE", "c", "-", "+"])).toBe(entries(entry("1-1", "f", "v"), entry("2-1", "g", "w")));
    expect(c.send(["DUMP", "c"])).toBe(err(ERR.noDumpFormat));
    expect(c.send(["XADD", "str", "*", "f", "v"])).toBe(err(ERR.wrongType));
    expect(c.send(["XREAD", "STREAMS", "str", "0"])).toBe(err(ERR.wrongType));
    expect(c.send(["LPUSH", "c", "x"])).toBe(err(ERR.wrongType));
    expect(c.send(["INFO", "keyspace"])).toContain("db0:keys=3,");
  });

  test("keyspace events: xadd, xtrim, xdel, xsetid, and none for writes that change nothing", () => {
    const { c, events } = setup(true);
    c.send(["XADD", "s", "MAXLEN", "1", "1-1", "f", "v"]);
    c.send(["XADD", "s", "MAXLEN", "1", "2-1", "f", "v"]);
    c.send(["XTRIM", "s", "MAXLEN", "5"]);
    c.send(["XDEL", "s", "9-9"]);
    c.send(["XDEL", "s", "2-1"]);
    c.send(["XSETID", "s", "5-5"]);
    c.send(["XADD", "s", "NOMKSTREAM", "6-1", "f", "v"]);
    c.send(["XADD", "missing", "NOMKSTREAM", "6-1", "f", "v"]);
    expect(events).toEqual(["xadd:s", "xadd:s", "xtrim:s", "xdel:s", "xsetid:s", "xadd:s"]);
  });

  test("consumer-group commands work (details in streams-groups.test.ts)", () => {
    const { c } = setup();
    c.send(["XADD", "s", "1-1", "f", "v"]);
    expect(c.send(["XINFO", "GROUPS", "s"])).toBe("*0\r\n");
    expect(c.send(["XINFO", "CONSUMERS", "s", "g"])).toBe(err(ERR.noGroup("g", "s")));
    expect(c.send(["XGROUP", "CREATE", "s", "g", "0"])).toBe("+OK\r\n");
    expect(c.send(["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"])).toBe(
      `*1\r\n*2\r\n${bulk("s")}${entries(entry("1-1", "f", "v"))}`,
    );
    expect(c.send(["XACK", "s", "g", "1-1"])).toBe(":1\r\n");
  });
});

describe("blocking XREAD", () => {
  test("BLOCK timeouts run on the server clock; BLOCK 0 waits for an XADD", async () => {
    const { connect, clock, server } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    b.send(["HELLO", "3"]);
    expect(a.send(["XREAD", "BLOCK", "1500", "STREAMS", "s", "$"])).toBe("");
    expect(b.send(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"])).toBe("");
    expect(server.blocking.count).toBe(2);
    clock.advance(1499);
    await settle();
    expect(a.take()).toBe("");
    clock.advance(1);
    await settle();
    expect(a.take()).toBe("*-1\r\n");
    clock.advance(10 ** 9);
    await settle();
    expect(b.take()).toBe("");
    p.send(["XADD", "s", "1-1", "f", "v"]);
    await settle();
    expect(b.take()).toBe(`%1\r\n${bulk("s")}${entries(entry("1-1", "f", "v"))}`);
    expect(server.blocking.count).toBe(0);
  });

  test("a blocked XREAD without COUNT gets at most 1000 entries; with COUNT that many", async () => {
    const { connect } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    a.send(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]);
    b.send(["XREAD", "COUNT", "2", "BLOCK", "0", "STREAMS", "s", "0-0"]);
    p.send(["MULTI"]);
    for (let i = 1; i <= 1001; i++) p.send(["XADD", "s", `${i}-0`, "f", "v"]);
    p.send(["EXEC"]);
    await settle();
    const got = a.take();
    expect(got.startsWith(`*1\r\n*2\r\n${bulk("s")}*1000\r\n`)).toBe(true);
    expect(got).toContain(bulk("1000-0"));
    expect(got).not.toContain(bulk("1001-0"));
    expect(b.take()).toBe(
      `*1\r\n*2\r\n${bulk("s")}${entries(entry("1-0", "f", "v"), entry("2-0", "f", "v"))}`,
    );
  });

  test("XREAD BLOCK inside MULTI answers at once", () => {
    const { c } = setup();
    c.send(["MULTI"]);
    c.send(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]);
    expect(c.send(["EXEC"])).toBe("*1\r\n*-1\r\n");
  });
});

/** A plain sorted array of live entries, to check RedisStream against. */
interface ModelEntry {
  ms: number;
  seq: number;
  v: number;
}

describe("RedisStream against a plain model", () => {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const data = (v: number) => packEntry([enc.encode("f"), enc.encode(String(v))]);
  const value = (d: Uint8Array) => Number(dec.decode(d.subarray(13)));

  test("random appends, XDELs, exact trims and ranges agree", () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const s = new RedisStream();
    let model: ModelEntry[] = [];
    let ms = 1;
    let seq = 0;
    for (let step = 0; step < 6000; step++) {
      const op = rand(100);
      if (op < 60) {
        if (rand(3) === 0) {
          ms += 1 + rand(3);
          seq = 0;
        } else seq++;
        s.append(ms, seq, data(step));
        model.push({ ms, seq, v: step });
      } else if (op < 80 && model.length > 0) {
        const e = model[rand(model.length)]!;
        expect(s.delete(e.ms, e.seq)).toBe(true);
        expect(s.delete(e.ms, e.seq)).toBe(false);
        s.refreshFirst(); // XDEL does this once per call
        model = model.filter((m) => m !== e);
      } else if (op < 83) {
        const maxlen = rand(model.length + 1);
        const removed = s.trim(maxlen, 0, 0, false, 0);
        expect(removed).toBe(Math.max(0, model.length - maxlen));
        model = model.slice(model.length - Math.min(maxlen, model.length));
      } else if (op < 85 && model.length > 0) {
        const e = model[rand(model.length)]!;
        const before = model.length;
        model = model.filter((m) => cmpId(m.ms, m.seq, e.ms, e.seq) >= 0);
        expect(s.trim(-1, e.ms, e.seq, false, 0)).toBe(before - model.length);
      } else {
        const a = rand(ms + 2);
        const b = rand(ms + 2);
        const count = rand(4) === 0 ? 0 : 1 + rand(20);
        const rev = rand(2) === 1;
        const got: number[] = [];
        s.range(a, 0, b, U64_MAX, count, rev, (_m: U64, _s: U64, d) => got.push(value(d)));
        let want = model.filter((m) => m.ms >= a && m.ms <= b).map((m) => m.v);
        if (rev) want.reverse();
        if (count > 0) want = want.slice(0, count);
        expect(got).toEqual(want);
      }
      expect(s.length).toBe(model.length);
      const first = model[0];
      expect([Number(s.firstMs), Number(s.firstSeq)]).toEqual(first ? [first.ms, first.seq] : [0, 0]);
    }
  });

  test("approximate MAXLEN keeps at least the threshold and removes whole nodes only", () => {
    const s = new RedisStream();
    for (let i = 1; i <= 1000; i++) s.append(i, 0, data(i));
    expect(s.nodeCount).toBe(10);
    expect(s.trim(555, 0, 0, true, 10000)).toBe(400);
    expect(s.length).toBe(600);
    expect(s.trim(0, 0, 0, true, 150)).toBe(100);
    expect(s.length).toBe(500);
    expect(s.trim(-1, 751, 0, true, 10000)).toBe(200);
    expect(s.length).toBe(300);
  });
});
