import { describe, expect, test } from "bun:test";
import { ceilMillis, parseLongDouble } from "../../src/commands/long-double.ts";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const arr = (...items: string[]) => `*${items.length}\r\n${items.map(bulk).join("")}`;
const WRONGTYPE = err(ERR.wrongType);

/** A local server; `events` records keyChanged calls while something listens (spy = true). */
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

/** Let released clients run (their held input and replies go out in a microtask). */
const settle = () => Promise.resolve();

describe("list commands", () => {
  test("LPUSH, RPUSH, LLEN, LRANGE, and the events they report", () => {
    const { c, events } = setup(true);
    expect(c.send(["LPUSH", "l", "a", "b"])).toBe(":2\r\n");
    expect(c.send(["RPUSH", "l", "c"])).toBe(":3\r\n");
    expect(c.send(["LRANGE", "l", "0", "-1"])).toBe(arr("b", "a", "c"));
    expect(c.send(["LLEN", "l"])).toBe(":3\r\n");
    expect(c.send(["LLEN", "nope"])).toBe(":0\r\n");
    expect(c.send(["LRANGE", "nope", "0", "-1"])).toBe("*0\r\n");
    expect(c.send(["TYPE", "l"])).toBe("+list\r\n");
    expect(c.send(["LPUSH", "l"])).toBe(err(ERR.wrongArity("lpush")));
    expect(events).toEqual(["lpush:l", "rpush:l"]);
  });

  test("LPUSHX and RPUSHX only push onto an existing list", () => {
    const { c, events } = setup(true);
    expect(c.send(["LPUSHX", "l", "a"])).toBe(":0\r\n");
    expect(c.send(["EXISTS", "l"])).toBe(":0\r\n");
    c.send(["RPUSH", "l", "x"]);
    expect(c.send(["LPUSHX", "l", "a", "b"])).toBe(":3\r\n");
    expect(c.send(["RPUSHX", "l", "z"])).toBe(":4\r\n");
    expect(c.send(["LRANGE", "l", "0", "-1"])).toBe(arr("b", "a", "x", "z"));
    expect(events).toEqual(["rpush:l", "lpush:l", "rpush:l"]);
  });

  test("LPOP and RPOP: nil vs null array, count 0, deletion of the emptied list", () => {
    const { c, events } = setup(true);
    expect(c.send(["LPOP", "l"])).toBe("$-1\r\n");
    expect(c.send(["LPOP", "l", "2"])).toBe("*-1\r\n");
    expect(c.send(["LPOP", "l", "0"])).toBe("*-1\r\n");
    c.send(["RPUSH", "l", "a", "b", "c", "d"]);
    expect(c.send(["LPOP", "l", "0"])).toBe("*0\r\n");
    expect(c.send(["LPOP", "l"])).toBe(bulk("a"));
    expect(c.send(["RPOP", "l"])).toBe(bulk("d"));
    expect(c.send(["RPOP", "l", "9223372036854775807"])).toBe(arr("c", "b"));
    expect(c.send(["EXISTS", "l"])).toBe(":0\r\n");
    expect(c.send(["LPOP", "l", "-1"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["LPOP", "l", "x"])).toBe(err(ERR.mustBePositive));
    expect(c.send(["LPOP", "l", "1", "2"])).toBe(err(ERR.wrongArity("lpop")));
    expect(events).toEqual(["rpush:l", "lpop:l", "rpop:l", "rpop:l", "del:l"]);
    c.send(["HELLO", "3"]);
    expect(c.send(["LPOP", "l"])).toBe("_\r\n");
    expect(c.send(["RPOP", "l", "1"])).toBe("_\r\n");
  });

  test("LINDEX, LSET and their lookup-before-index order", () => {
    const { c } = setup();
    expect(c.send(["LINDEX", "l", "x"])).toBe("$-1\r\n");
    expect(c.send(["LSET", "l", "x", "v"])).toBe(err(ERR.noSuchKey));
    c.send(["RPUSH", "l", "a", "b", "c"]);
    expect(c.send(["LINDEX", "l", "-1"])).toBe(bulk("c"));
    expect(c.send(["LINDEX", "l", "3"])).toBe("$-1\r\n");
    expect(c.send(["LINDEX", "l", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["LINDEX", "l", "-9223372036854775808"])).toBe("$-1\r\n");
    expect(c.send(["LSET", "l", "1", "B"])).toBe("+OK\r\n");
    expect(c.send(["LSET", "l", "-4", "B"])).toBe(err(ERR.indexOutOfRange));
    expect(c.send(["LSET", "l", "x", "B"])).toBe(err(ERR.notInteger));
    expect(c.send(["LRANGE", "l", "0", "-1"])).toBe(arr("a", "B", "c"));
  });

  test("LINSERT, LREM, LTRIM", () => {
    const { c, events } = setup(true);
    expect(c.send(["LINSERT", "l", "BEFORE", "a", "x"])).toBe(":0\r\n");
    expect(c.send(["LINSERT", "l", "middle", "a", "x"])).toBe(err(ERR.syntax));
    c.send(["RPUSH", "l", "a", "b", "a"]);
    expect(c.send(["LINSERT", "l", "after", "a", "x"])).toBe(":4\r\n");
    expect(c.send(["LINSERT", "l", "BEFORE", "zz", "x"])).toBe(":-1\r\n");
    expect(c.send(["LREM", "l", "-1", "a"])).toBe(":1\r\n");
    expect(c.send(["LRANGE", "l", "0", "-1"])).toBe(arr("a", "x", "b"));
    expect(c.send(["LREM", "l", "x", "a"])).toBe(err(ERR.notInteger));
    expect(c.send(["LTRIM", "l", "1", "-1"])).toBe("+OK\r\n");
    expect(c.send(["LRANGE", "l", "0", "-1"])).toBe(arr("x", "b"));
    expect(c.send(["LTRIM", "l", "2", "1"])).toBe("+OK\r\n");
    expect(c.send(["EXISTS", "l"])).toBe(":0\r\n");
    expect(c.send(["LTRIM", "l", "0", "1"])).toBe("+OK\r\n");
    expect(events).toEqual(["rpush:l", "linsert:l", "lrem:l", "ltrim:l", "ltrim:l", "del:l"]);
  });

  test("LPOS", () => {
    const { c } = setup();
    expect(c.send(["LPOS", "l", "a"])).toBe("$-1\r\n");
    expect(c.send(["LPOS", "l", "a", "COUNT", "0"])).toBe("*0\r\n");
    c.send(["RPUSH", "l", "a", "b", "a", "c", "a"]);
    expect(c.send(["LPOS", "l", "a"])).toBe(":0\r\n");
    expect(c.send(["LPOS", "l", "a", "RANK", "-1"])).toBe(":4\r\n");
    expect(c.send(["LPOS", "l", "a", "COUNT", "0", "RANK", "-1"])).toBe("*3\r\n:4\r\n:2\r\n:0\r\n");
    expect(c.send(["LPOS", "l", "a", "COUNT", "2", "MAXLEN", "2"])).toBe("*1\r\n:0\r\n");
    expect(c.send(["LPOS", "l", "a", "RANK", "-9223372036854775808"])).toBe(":4\r\n");
    expect(c.send(["LPOS", "l", "a", "RANK", "9223372036854775807"])).toBe("$-1\r\n");
    expect(c.send(["LPOS", "l", "a", "RANK", "0"])).toBe(err(ERR.lposRankZero));
    expect(c.send(["LPOS", "l", "a", "COUNT", "x"])).toBe(err(ERR.lposCountNegative));
    expect(c.send(["LPOS", "l", "a", "MAXLEN", "-1"])).toBe(err(ERR.lposMaxlenNegative));
    expect(c.send(["LPOS", "l", "a", "RANK"])).toBe(err(ERR.syntax));
  });

  test("LMOVE and RPOPLPUSH: rotation, WRONGTYPE destination leaves the source alone", () => {
    const { c, events } = setup(true);
    expect(c.send(["LMOVE", "s", "d", "LEFT", "LEFT"])).toBe("$-1\r\n");
    c.send(["RPUSH", "s", "a", "b"]);
    expect(c.send(["LMOVE", "s", "s", "LEFT", "RIGHT"])).toBe(bulk("a"));
    expect(c.send(["LRANGE", "s", "0", "-1"])).toBe(arr("b", "a"));
    c.send(["SET", "str", "v"]);
    expect(c.send(["LMOVE", "s", "str", "LEFT", "LEFT"])).toBe(WRONGTYPE);
    expect(c.send(["LLEN", "s"])).toBe(":2\r\n");
    expect(c.send(["LMOVE", "s", "d", "UP", "LEFT"])).toBe(err(ERR.syntax));
    events.length = 0;
    expect(c.send(["RPOPLPUSH", "s", "d"])).toBe(bulk("a"));
    expect(c.send(["RPOPLPUSH", "s", "d"])).toBe(bulk("b"));
    expect(c.send(["LRANGE", "d", "0", "-1"])).toBe(arr("b", "a"));
    expect(c.send(["EXISTS", "s"])).toBe(":0\r\n");
    expect(events).toEqual(["lpush:d", "rpop:s", "lpush:d", "rpop:s", "del:s"]);
  });

  test("LMPOP", () => {
    const { c } = setup();
    expect(c.send(["LMPOP", "1", "l", "LEFT"])).toBe("*-1\r\n");
    c.send(["RPUSH", "l", "a", "b", "c"]);
    expect(c.send(["LMPOP", "2", "x", "l", "RIGHT", "COUNT", "2"])).toBe(
      `*2\r\n${bulk("l")}${arr("c", "b")}`,
    );
    expect(c.send(["LMPOP", "0", "l", "LEFT"])).toBe(err(ERR.numkeysNotPositive));
    expect(c.send(["LMPOP", "2", "l", "LEFT"])).toBe(err(ERR.syntax));
    expect(c.send(["LMPOP", "1", "l", "LEFT", "COUNT", "0"])).toBe(err(ERR.countNotPositive));
    expect(c.send(["LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"])).toBe(err(ERR.syntax));
    c.send(["SET", "s", "v"]);
    expect(c.send(["LMPOP", "2", "s", "l", "LEFT"])).toBe(WRONGTYPE);
    c.send(["HELLO", "3"]);
    expect(c.send(["LMPOP", "1", "l", "LEFT", "COUNT", "5"])).toBe(`*2\r\n${bulk("l")}${arr("a")}`);
    expect(c.send(["LMPOP", "1", "l", "LEFT"])).toBe("_\r\n");
  });

  test("WRONGTYPE from every list command", () => {
    const { c } = setup();
    c.send(["SET", "s", "v"]);
    for (const cmd of [
      ["LPUSH", "s", "a"],
      ["RPUSHX", "s", "a"],
      ["LPOP", "s", "0"],
      ["LLEN", "s"],
      ["LRANGE", "s", "0", "1"],
      ["LINDEX", "s", "0"],
      ["LSET", "s", "0", "a"],
      ["LINSERT", "s", "BEFORE", "a", "b"],
      ["LREM", "s", "0", "a"],
      ["LTRIM", "s", "0", "1"],
      ["LPOS", "s", "a"],
      ["RPOPLPUSH", "s", "d"],
      ["BLPOP", "nope", "s", "0"],
      ["BLMOVE", "s", "d", "LEFT", "LEFT", "0"],
      ["BLMPOP", "0", "1", "s", "LEFT"],
    ]) {
      expect(c.send(cmd)).toBe(WRONGTYPE);
    }
    expect(c.send(["GET", "s"])).toBe(bulk("v"));
  });
});

describe("blocking", () => {
  test("a push serves blocked clients in the order they blocked, after the push", async () => {
    const { connect, server } = setup();
    const [a, b, d, p] = [connect(), connect(), connect(), connect()];
    expect(a.send(["BLPOP", "q", "0"])).toBe("");
    expect(b.send(["BRPOP", "other", "q", "0"])).toBe("");
    expect(d.send(["BLPOP", "q", "0"])).toBe("");
    expect(server.blocking.count).toBe(3);
    expect(p.send(["INFO", "clients"])).toContain("blocked_clients:3\r\n");
    expect(p.send(["CLIENT", "LIST"])).toContain("flags=b ");
    // Both elements go to the first two waiters before the pusher's next command runs.
    expect(p.send(["RPUSH", "q", "x", "y"])).toBe(":2\r\n");
    expect(p.send(["LPOP", "q"])).toBe("$-1\r\n");
    await settle();
    expect(a.take()).toBe(arr("q", "x"));
    expect(b.take()).toBe(arr("q", "y"));
    expect(d.take()).toBe("");
    expect(server.blocking.count).toBe(1);
    expect(p.send(["LPUSH", "q", "z"])).toBe(":1\r\n");
    await settle();
    expect(d.take()).toBe(arr("q", "z"));
    expect(p.send(["EXISTS", "q"])).toBe(":0\r\n");
    expect(server.keyListeners).toBe(false);
  });

  test("the key that got data is the one served (several keys, named twice)", async () => {
    const { connect } = setup();
    const [a, p] = [connect(), connect()];
    a.send(["BLMPOP", "0", "3", "k1", "k2", "k1", "LEFT", "COUNT", "2"]);
    p.send(["RPUSH", "k2", "a", "b", "c"]);
    await settle();
    expect(a.take()).toBe(`*2\r\n${bulk("k2")}${arr("a", "b")}`);
    expect(p.send(["LRANGE", "k2", "0", "-1"])).toBe(arr("c"));
  });

  test("timeouts run on the server clock and reply the null array", async () => {
    const { connect, clock, server } = setup();
    const [a, b] = [connect(), connect()];
    b.send(["HELLO", "3"]);
    expect(a.send(["BLPOP", "q", "1.5"])).toBe("");
    expect(b.send(["BLMOVE", "q", "d", "LEFT", "LEFT", "0.0001"])).toBe("");
    clock.advance(1);
    await settle();
    expect(b.take()).toBe("_\r\n");
    clock.advance(1498);
    await settle();
    expect(a.take()).toBe("");
    clock.advance(1);
    await settle();
    expect(a.take()).toBe("*-1\r\n");
    expect(server.blocking.count).toBe(0);
    // Timeout 0 waits forever.
    a.send(["BRPOPLPUSH", "q", "d", "0"]);
    clock.advance(10 ** 10);
    await settle();
    expect(a.take()).toBe("");
    b.send(["RPUSH", "q", "v"]);
    await settle();
    expect(a.take()).toBe(bulk("v"));
    expect(b.send(["LRANGE", "d", "0", "-1"])).toBe(arr("v"));
  });

  test("timeout parsing: long double rounding, errors", () => {
    const { c, server } = setup();
    expect(c.send(["BLPOP", "q", "-1"])).toBe(err(ERR.timeoutNegative));
    expect(c.send(["BLPOP", "q", "inf"])).toBe(err(ERR.timeoutNegative));
    expect(c.send(["BLPOP", "q", "1e400"])).toBe(err(ERR.timeoutNegative));
    expect(c.send(["BLPOP", "q", "nan"])).toBe(err(ERR.timeoutNotFloat));
    expect(c.send(["BLPOP", "q", " 1"])).toBe(err(ERR.timeoutNotFloat));
    expect(c.send(["BLPOP", "q", "1e5000"])).toBe(err(ERR.timeoutNotFloat));
    expect(c.send(["BLMPOP", "x", "1", "q", "MIDDLE"])).toBe(err(ERR.syntax));
    expect(server.blocking.count).toBe(0);
    const ms = (s: string) => {
      const v = parseLongDouble(new TextEncoder().encode(s));
      return v === null ? "invalid" : ceilMillis(v);
    };
    expect(ms("0.5")).toBe(500n);
    expect(ms("0.0001")).toBe(1n);
    expect(ms("-0.001")).toBe(0n); // Redis blocks forever here
    expect(ms("-0.0015")).toBe(-1n);
    expect(ms("0x1p-2")).toBe(250n);
    expect(ms("1e-400")).toBe(1n);
    expect(ms("9223372036854775.807")).toBe(9223372036854775807n);
    expect(ms("9223372036854775.808")).toBe(null);
    expect(ms("1e")).toBe("invalid");
    expect(ms("")).toBe("invalid");
    expect(ms("\u0000x")).toBe(0n);
  });

  test("commands pipelined after a blocked one wait, input arriving meanwhile too", async () => {
    const { connect } = setup();
    const [a, p] = [connect(), connect()];
    expect(a.send("BLPOP q 0\r\nRPUSH mine x\r\n")).toBe("");
    expect(a.send("PING\r\n")).toBe("");
    expect(p.send(["EXISTS", "mine"])).toBe(":0\r\n");
    p.send(["RPUSH", "q", "v"]);
    expect(a.take()).toBe("");
    await settle();
    expect(a.take()).toBe(`${arr("q", "v")}:1\r\n+PONG\r\n`);
    // A blocking command later in a pipeline blocks there too.
    expect(a.send("PING\r\nBRPOP q 0\r\nPING\r\n")).toBe("+PONG\r\n");
    p.send(["RPUSH", "q", "w"]);
    await settle();
    expect(a.take()).toBe(`${arr("q", "w")}+PONG\r\n`);
  });

  test("a client that disconnects while blocked is forgotten", async () => {
    const { connect, server } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    a.send(["BLPOP", "q", "5"]);
    b.send(["BLPOP", "q", "0"]);
    a.conn.onClose();
    expect(server.blocking.count).toBe(1);
    p.send(["RPUSH", "q", "v"]);
    await settle();
    expect(a.take()).toBe("");
    expect(b.take()).toBe(arr("q", "v"));
    // CLIENT KILL of a blocked client forgets it too.
    b.send(["BLPOP", "q", "0"]);
    expect(p.send(["CLIENT", "KILL", "ID", String(b.conn.id)])).toBe(":1\r\n");
    expect(server.blocking.count).toBe(0);
  });

  test("CLIENT UNBLOCK with TIMEOUT and ERROR", async () => {
    const { connect, server } = setup();
    const [a, p] = [connect(), connect()];
    const id = String(a.conn.id);
    a.send(["BLPOP", "q", "0"]);
    expect(p.send(["CLIENT", "UNBLOCK", id])).toBe(":1\r\n");
    expect(p.send(["CLIENT", "UNBLOCK", id])).toBe(":0\r\n");
    await settle();
    expect(a.take()).toBe("*-1\r\n");
    a.send(["BLMOVE", "q", "d", "LEFT", "LEFT", "0"]);
    expect(p.send(["CLIENT", "UNBLOCK", id, "TIMEOUT"])).toBe(":1\r\n");
    await settle();
    expect(a.take()).toBe("*-1\r\n");
    a.send("BLMPOP 0 1 q LEFT\r\nPING\r\n");
    expect(p.send(["CLIENT", "UNBLOCK", id, "error"])).toBe(":1\r\n");
    await settle();
    expect(a.take()).toBe(`${err(ERR.unblocked)}+PONG\r\n`);
    expect(server.blocking.count).toBe(0);
    expect(p.send(["CLIENT", "UNBLOCK", id, "later"])).toBe(err(ERR.unblockReason));
    expect(p.send(["CLIENT", "UNBLOCK", "x"])).toBe(err(ERR.notInteger));
    expect(p.send(["CLIENT", "UNBLOCK", "1", "2", "3"])).toBe(err(ERR.subcommandSyntax("UNBLOCK", "CLIENT")));
  });

  test("BLMOVE: chains wake the next client; a WRONGTYPE destination is the reply", async () => {
    const { connect } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    a.send(["BLMOVE", "x", "y", "LEFT", "LEFT", "0"]);
    b.send(["BLMOVE", "y", "z", "LEFT", "LEFT", "0"]);
    p.send(["RPUSH", "x", "v"]);
    await settle();
    expect(a.take()).toBe(bulk("v"));
    expect(b.take()).toBe(bulk("v"));
    expect(p.send(["LRANGE", "z", "0", "-1"])).toBe(arr("v"));
    a.send(["BRPOPLPUSH", "x", "s", "0"]);
    p.send(["SET", "s", "str"]);
    p.send(["RPUSH", "x", "w"]);
    await settle();
    expect(a.take()).toBe(WRONGTYPE);
    expect(p.send(["LRANGE", "x", "0", "-1"])).toBe(arr("w"));
  });

  test("a key of another type keeps the client blocked; its db is its own", async () => {
    const { connect } = setup();
    const [a, p] = [connect(), connect()];
    a.send(["SELECT", "2"]);
    a.send(["BLPOP", "k", "0"]);
    p.send(["RPUSH", "k", "db0"]);
    p.send(["SELECT", "2"]);
    p.send(["SET", "k", "str"]);
    await settle();
    expect(a.take()).toBe("");
    p.send(["DEL", "k"]);
    p.send(["RPUSH", "k", "db2"]);
    await settle();
    expect(a.take()).toBe(arr("k", "db2"));
  });

  test("where blocking is denied (MULTI, scripts), blocking commands answer at once", () => {
    const { c, server } = setup();
    c.conn.ctx.denyBlocking = true;
    expect(c.send(["BLPOP", "q", "0"])).toBe("*-1\r\n");
    expect(c.send(["BLMPOP", "0", "1", "q", "LEFT"])).toBe("*-1\r\n");
    expect(c.send(["BLMOVE", "q", "d", "LEFT", "LEFT", "0"])).toBe("$-1\r\n");
    expect(c.send(["BRPOPLPUSH", "q", "d", "0"])).toBe("$-1\r\n");
    expect(server.blocking.count).toBe(0);
    c.send(["RPUSH", "q", "a"]);
    expect(c.send(["BRPOP", "q", "0"])).toBe(arr("q", "a"));
  });

  test("CLIENT REPLY OFF drops the reply a blocked client gets later", async () => {
    const { connect } = setup();
    const [a, p] = [connect(), connect()];
    a.send(["CLIENT", "REPLY", "OFF"]);
    a.send(["BLPOP", "q", "0"]);
    p.send(["CLIENT", "UNBLOCK", String(a.conn.id), "ERROR"]);
    await settle();
    expect(a.take()).toBe("");
    expect(a.send(["CLIENT", "REPLY", "ON"])).toBe("+OK\r\n");
  });
});
