import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { encodeCommand, localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const OK = "+OK\r\n";
const QUEUED = "+QUEUED\r\n";
const NULL_ARRAY = "*-1\r\n";

function setup() {
  const s = localServer();
  return { ...s, c: s.connect() };
}

/** Let released clients run (their held input and replies go out in a microtask). */
const settle = () => Promise.resolve();

/** Send several commands in one chunk (one read), as a pipelining client does. */
const pipeline = (...cmds: string[][]) => cmds.map(encodeCommand).join("");

describe("MULTI / EXEC / DISCARD", () => {
  test("commands are queued, then run in order; EXEC answers their replies", () => {
    const { c } = setup();
    expect(c.send(["MULTI"])).toBe(OK);
    expect(c.send(["SET", "k", "1"])).toBe(QUEUED);
    expect(c.send(["INCR", "k"])).toBe(QUEUED);
    expect(c.send(["GET", "k"])).toBe(QUEUED);
    expect(c.send(["GET", "nope"])).toBe(QUEUED);
    expect(c.send(["EXEC"])).toBe(`*4\r\n${OK}:2\r\n${bulk("2")}$-1\r\n`);
    // Nothing ran while queuing, and the transaction is over.
    expect(c.send(["EXEC"])).toBe(err(ERR.execWithoutMulti));
  });

  test("an empty transaction answers an empty array; RESP3 shapes inside the array", () => {
    const { c } = setup();
    c.send(["MULTI"]);
    expect(c.send(["EXEC"])).toBe("*0\r\n");
    c.send(["HELLO", "3"]);
    c.send(["HSET", "h", "f", "v"]);
    expect(c.send(["MULTI"])).toBe(OK);
    expect(c.send(["HGETALL", "h"])).toBe(QUEUED);
    expect(c.send(["GET", "nope"])).toBe(QUEUED);
    expect(c.send(["BLPOP", "q", "0"])).toBe(QUEUED);
    expect(c.send(["EXEC"])).toBe(`*3\r\n%1\r\n${bulk("f")}${bulk("v")}_\r\n_\r\n`);
  });

  test("run-time errors stay inside the array and the rest still runs", () => {
    const { c, server } = setup();
    c.send(["SET", "s", "x"]);
    c.send(["MULTI"]);
    c.send(["LPUSH", "s", "a"]);
    c.send(["INCR", "s"]);
    c.send(["SET", "t", "1"]);
    expect(c.send(["EXEC"])).toBe(`*3\r\n${err(ERR.wrongType)}${err(ERR.notInteger)}${OK}`);
    expect(c.send(["GET", "t"])).toBe(bulk("1"));
    const st = server.stats.commands;
    expect(st.get("lpush")).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(st.get("exec")).toMatchObject({ calls: 1, failedCalls: 0 });
  });

  test("queue-time errors abort the transaction (EXECABORT) and nothing runs", () => {
    const { c, server } = setup();
    c.send(["MULTI"]);
    expect(c.send(["SET", "k", "v"])).toBe(QUEUED);
    expect(c.send(["NOSUCH", "a"])).toBe(err("ERR unknown command 'NOSUCH', with args beginning with: 'a' "));
    expect(c.send(["GET"])).toBe(err(ERR.wrongArity("get")));
    expect(c.send(["SET", "k2", "v"])).toBe(QUEUED);
    expect(c.send(["EXEC"])).toBe(err(ERR.execAbort));
    expect(c.send(["EXISTS", "k", "k2"])).toBe(":0\r\n");
    expect(server.stats.commands.get("exec")).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(server.stats.commands.get("get")).toMatchObject({ calls: 0, rejectedCalls: 1 });
    // Unknown subcommands are queue-time errors too.
    c.send(["MULTI"]);
    expect(c.send(["CLIENT", "NOPE"])).toStartWith("-ERR unknown subcommand 'NOPE'");
    expect(c.send(["EXEC"])).toBe(err(ERR.execAbort));
  });

  test("MULTI nesting, EXEC/DISCARD without MULTI, WATCH inside MULTI (none of these abort)", () => {
    const { c } = setup();
    expect(c.send(["EXEC"])).toBe(err(ERR.execWithoutMulti));
    expect(c.send(["DISCARD"])).toBe(err(ERR.discardWithoutMulti));
    c.send(["MULTI"]);
    expect(c.send(["MULTI"])).toBe(err(ERR.multiNested));
    expect(c.send(["WATCH", "k"])).toBe(err(ERR.watchInsideMulti));
    expect(c.send(["SET", "k", "v"])).toBe(QUEUED);
    expect(c.send(["EXEC"])).toBe(`*1\r\n${OK}`);
  });

  test("no_multi commands are refused while queuing and abort the transaction", () => {
    const { c, server } = setup();
    c.send(["MULTI"]);
    expect(c.send(["SHUTDOWN"])).toBe(err(ERR.notAllowedInMulti));
    expect(server.stopping).toBe(false);
    expect(c.send(["EXEC"])).toBe(err(ERR.execAbort));
  });

  test("EXEC with wrong arity inside MULTI discards at once with the reason", () => {
    const { c, server } = setup();
    c.send(["MULTI"]);
    c.send(["SET", "k", "v"]);
    expect(c.send(["EXEC", "x"])).toBe(
      err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
    );
    expect(c.send(["EXEC"])).toBe(err(ERR.execWithoutMulti));
    expect(server.stats.errorCodes.get("EXECABORT")).toBe(1);
    // A rejected EXEC answers EXECABORT even outside MULTI (Redis's rejectCommand).
    expect(c.send(["EXEC", "x"])).toBe(
      err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
    );
    // DISCARD with wrong arity is an ordinary (flagging) error; DISCARD still works after it.
    c.send(["MULTI"]);
    expect(c.send(["DISCARD", "x"])).toBe(err(ERR.wrongArity("discard")));
    expect(c.send(["DISCARD"])).toBe(OK);
    expect(c.send(["GET", "k"])).toBe("$-1\r\n");
  });

  test("DISCARD drops the queue; QUIT and RESET run at once inside MULTI", () => {
    const { c, connect } = setup();
    c.send(["MULTI"]);
    c.send(["SET", "k", "v"]);
    expect(c.send(["DISCARD"])).toBe(OK);
    expect(c.send(["GET", "k"])).toBe("$-1\r\n");
    c.send(["MULTI"]);
    c.send(["SET", "k", "v"]);
    expect(c.send(["RESET"])).toBe("+RESET\r\n");
    expect(c.send(["EXEC"])).toBe(err(ERR.execWithoutMulti));
    const q = connect();
    q.send(["MULTI"]);
    expect(q.send(["QUIT"])).toBe(OK);
    expect(q.closed).toBe(true);
  });

  test("SELECT inside MULTI changes the db for the rest of the queue and after", () => {
    const { c } = setup();
    c.send(["MULTI"]);
    c.send(["SET", "k", "db0"]);
    c.send(["SELECT", "2"]);
    c.send(["SET", "k", "db2"]);
    expect(c.send(["EXEC"])).toBe(`*3\r\n${OK}${OK}${OK}`);
    expect(c.send(["GET", "k"])).toBe(bulk("db2"));
    c.send(["SELECT", "0"]);
    expect(c.send(["GET", "k"])).toBe(bulk("db0"));
  });

  test("CLIENT REPLY inside MULTI: OFF silences what follows it, SKIP the command after EXEC", () => {
    const { c } = setup();
    c.send(["MULTI"]);
    c.send(["CLIENT", "REPLY", "OFF"]);
    c.send(["SET", "a", "1"]);
    expect(c.send(["EXEC"])).toBe("*2\r\n");
    expect(c.send(["CLIENT", "REPLY", "ON"])).toBe(OK);
    c.send(["MULTI"]);
    c.send(["CLIENT", "REPLY", "SKIP"]);
    c.send(["SET", "a", "2"]);
    expect(c.send(["EXEC"])).toBe(`*2\r\n${OK}`);
    expect(c.send(["GET", "a"])).toBe("");
    expect(c.send(["GET", "a"])).toBe(bulk("2"));
    // Under OFF, nothing of the transaction is sent, errors included.
    c.send(["CLIENT", "REPLY", "OFF"]);
    expect(c.send(pipeline(["MULTI"], ["GET"], ["SET", "a", "3"], ["EXEC"]))).toBe("");
    expect(c.send(["CLIENT", "REPLY", "ON"])).toBe(OK);
    expect(c.send(["GET", "a"])).toBe(bulk("2"));
  });

  test("a blocking command inside MULTI answers at once and blocks nobody", () => {
    const { c, server } = setup();
    c.send(["MULTI"]);
    c.send(["BLPOP", "q", "0"]);
    c.send(["BLMOVE", "q", "d", "LEFT", "LEFT", "0"]);
    c.send(["BZPOPMIN", "z", "0"]);
    expect(c.send(["EXEC"])).toBe(`*3\r\n${NULL_ARRAY}$-1\r\n${NULL_ARRAY}`);
    expect(server.blocking.count).toBe(0);
    expect(c.conn.ctx.denyBlocking).toBe(false);
    // Blocking works again after EXEC.
    c.send(["BLPOP", "q", "0"]);
    expect(server.blocking.count).toBe(1);
  });

  test("atomic: another client's commands run before or after the queue, never inside it", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["MULTI"]);
    a.send(["SET", "k", "1"]);
    expect(b.send(["SET", "k", "5"])).toBe(OK); // runs now: A's SET is only queued
    a.send(["INCR", "k"]);
    a.send(["GET", "k"]);
    expect(a.send(["EXEC"])).toBe(`*3\r\n${OK}:2\r\n${bulk("2")}`);
    expect(b.send(["GET", "k"])).toBe(bulk("2"));
  });

  test("clients blocked on a key are served after the whole EXEC, not during it", async () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    expect(b.send(["BLPOP", "q", "0"])).toBe("");
    a.send(["MULTI"]);
    a.send(["RPUSH", "q", "x"]);
    a.send(["RPUSH", "q", "y"]);
    a.send(["LLEN", "q"]);
    a.send(["LPOP", "q"]);
    // Had B been served after the first RPUSH, LLEN would be 1 and LPOP would give "y".
    expect(a.send(["EXEC"])).toBe(`*4\r\n:1\r\n:2\r\n:2\r\n${bulk("x")}`);
    await settle();
    expect(b.take()).toBe(`*2\r\n${bulk("q")}${bulk("y")}`);
  });

  test("a pipeline of MULTI ... EXEC in one read, and another client's commands in the same turn", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    expect(a.send(pipeline(["MULTI"], ["INCR", "n"], ["INCR", "n"], ["EXEC"]))).toBe(
      `${OK}${QUEUED}${QUEUED}*2\r\n:1\r\n:2\r\n`,
    );
    expect(b.send(["GET", "n"])).toBe(bulk("2"));
  });

  test("INFO commandstats counts EXEC and the queued commands when they run", () => {
    const { c } = setup();
    c.send(["CONFIG", "RESETSTAT"]);
    c.send(["MULTI"]);
    c.send(["SET", "k", "1"]);
    c.send(["SET", "k", "2"]);
    const before = c.send(["INFO", "commandstats"]);
    expect(before).not.toContain("cmdstat_set:");
    c.send(["EXEC"]);
    const after = c.send(["INFO", "commandstats"]);
    expect(after).toMatch(
      /cmdstat_set:calls=2,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=0/,
    );
    expect(after).toMatch(/cmdstat_exec:calls=1,/);
    expect(after).toMatch(/cmdstat_multi:calls=1,/);
  });
});

describe("WATCH / UNWATCH", () => {
  test("a write by another client between WATCH and EXEC fails the EXEC (RESP2 *-1, RESP3 _)", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["SET", "k", "1"]);
    expect(a.send(["WATCH", "k"])).toBe(OK);
    b.send(["SET", "k", "2"]);
    a.send(["MULTI"]);
    a.send(["SET", "k", "3"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
    expect(a.send(["GET", "k"])).toBe(bulk("2"));
    a.send(["HELLO", "3"]);
    a.send(["WATCH", "k"]);
    a.send(["MULTI"]);
    b.send(["DEL", "k"]); // while A is queuing: still before EXEC
    a.send(["SET", "k", "3"]);
    expect(a.send(["EXEC"])).toBe("_\r\n");
  });

  test("no change: EXEC runs; the watches are gone after EXEC", () => {
    const { server, connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["WATCH", "k", "other"]);
    expect(server.watches.size).toBe(2);
    expect(server.keyListeners).toBe(true);
    a.send(["MULTI"]);
    a.send(["SET", "k", "mine"]);
    expect(a.send(["EXEC"])).toBe(`*1\r\n${OK}`);
    expect(server.watches.size).toBe(0);
    expect(server.keyListeners).toBe(false);
    b.send(["SET", "k", "theirs"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
  });

  test("the same client's own write outside the transaction dirties its watch too", () => {
    const { c } = setup();
    c.send(["WATCH", "k"]);
    c.send(["LPUSH", "k", "a"]);
    c.send(["MULTI"]);
    expect(c.send(["EXEC"])).toBe(NULL_ARRAY);
  });

  test("a write to another key, or to the same name in another db, changes nothing", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["SELECT", "3"]);
    a.send(["WATCH", "k"]);
    b.send(["SET", "k", "db0"]);
    b.send(["SET", "j", "db0"]);
    b.send(["SELECT", "3"]);
    b.send(["SET", "j", "db3"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
    // And the watch follows the db it was taken in, not the client's current one.
    a.send(["WATCH", "k"]);
    a.send(["SELECT", "0"]);
    b.send(["SET", "k", "db3"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
  });

  test("UNWATCH, DISCARD and RESET forget the watches (and the dirty flag)", () => {
    const { server, connect } = setup();
    const [a, b] = [connect(), connect()];
    for (const clear of [["UNWATCH"], ["MULTI", "DISCARD"], ["RESET"]]) {
      a.send(["WATCH", "k"]);
      b.send(["SET", "k", "x"]);
      if (clear.length === 2) {
        a.send([clear[0]!]);
        a.send([clear[1]!]);
      } else {
        a.send(clear);
      }
      a.send(["MULTI"]);
      expect(a.send(["EXEC"])).toBe("*0\r\n");
    }
    a.send(["WATCH", "k"]);
    expect(server.watches.size).toBe(1);
    a.conn.onClose();
    expect(server.watches.size).toBe(0);
    expect(server.keyListeners).toBe(false);
  });

  test("UNWATCH queued inside MULTI runs at EXEC, too late to save it", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["WATCH", "k"]);
    a.send(["MULTI"]);
    expect(a.send(["UNWATCH"])).toBe(QUEUED);
    b.send(["SET", "k", "x"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
  });

  test("WATCH of many keys, repeated keys, after a change stays failed", () => {
    const { server, connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["WATCH", "x", "y", "x"]);
    expect(server.watches.size).toBe(2);
    b.send(["SET", "y", "1"]);
    expect(server.watches.size).toBe(0); // a dirty client watches nothing more
    expect(a.send(["WATCH", "z"])).toBe(OK);
    expect(server.watches.size).toBe(0);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
  });

  test("RENAME, MOVE, COPY and a write inside another client's EXEC dirty the watch", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    const cases: string[][][] = [
      [
        ["SET", "src", "v"],
        ["RENAME", "src", "k"],
      ],
      [
        ["SET", "k", "v"],
        ["RENAME", "k", "other"],
      ],
      [
        ["SET", "k", "v"],
        ["MOVE", "k", "1"],
      ],
      [
        ["SET", "src", "v"],
        ["COPY", "src", "k"],
      ],
      [["MULTI"], ["SET", "k", "v"], ["EXEC"]],
      [
        ["SET", "k", "1"],
        ["EXPIRE", "k", "100"],
      ],
      [
        ["SET", "k", "v"],
        ["DEL", "k"],
      ],
    ];
    for (const [setupCmd, ...writes] of cases) {
      b.send(["FLUSHALL"]);
      b.send(setupCmd!);
      a.send(["WATCH", "k"]);
      for (const w of writes) b.send(w);
      a.send(["MULTI"]);
      expect([writes.map((w) => w[0]).join(" "), a.send(["EXEC"])]).toEqual([
        writes.map((w) => w[0]).join(" "),
        NULL_ARRAY,
      ]);
    }
  });

  test("commands that change nothing do not dirty the watch", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["SET", "k", "v"]);
    a.send(["WATCH", "k", "missing"]);
    b.send(["GET", "k"]);
    b.send(["DEL", "missing"]);
    b.send(["EXPIRE", "missing", "10"]);
    b.send(["PERSIST", "k"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
  });

  test("FLUSHDB and FLUSHALL dirty watched keys that exist, not missing ones", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    a.send(["WATCH", "missing"]);
    b.send(["FLUSHALL"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
    for (const flush of [["FLUSHDB"], ["FLUSHALL"], ["FLUSHALL", "ASYNC"]]) {
      a.send(["SET", "k", "v"]);
      a.send(["WATCH", "k"]);
      b.send(flush);
      a.send(["MULTI"]);
      expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
    }
    // FLUSHDB of another db leaves db 0's watches alone; FLUSHALL reaches every db.
    a.send(["SET", "k", "v"]);
    a.send(["WATCH", "k"]);
    b.send(["SELECT", "1"]);
    b.send(["FLUSHDB"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
    a.send(["WATCH", "k"]);
    b.send(["FLUSHALL"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
  });

  test("SWAPDB dirties a watched key that exists on either side", () => {
    const { connect } = setup();
    const [a, b] = [connect(), connect()];
    b.send(["SET", "k", "v"]);
    a.send(["WATCH", "k"]); // exists in db 0 before the swap
    b.send(["SWAPDB", "0", "1"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
    a.send(["WATCH", "k"]); // k is in db 1 now: it comes back into db 0
    b.send(["SWAPDB", "0", "1"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
    a.send(["WATCH", "missing"]);
    b.send(["SWAPDB", "0", "1"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
  });

  test("active expiry of a watched key (manual clock) fails the EXEC", () => {
    const { clock, server, c } = setup();
    c.send(["SET", "k", "v", "PX", "100"]);
    c.send(["WATCH", "k"]);
    clock.advance(150);
    expect(server.dbs.expiredKeys).toBe(1);
    c.send(["MULTI"]);
    expect(c.send(["EXEC"])).toBe(NULL_ARRAY);
  });

  test("a watched key past its deadline but not yet deleted fails the EXEC (lazy expiry)", () => {
    const { clock, server, c } = setup();
    server.dbs.close(); // no active expiry: only lookups delete due keys
    c.send(["SET", "k", "v", "PX", "100"]);
    c.send(["WATCH", "k"]);
    clock.advance(150);
    expect(server.dbs.expiredKeys).toBe(0);
    c.send(["MULTI"]);
    expect(c.send(["EXEC"])).toBe(NULL_ARRAY);
    expect(server.dbs.expiredKeys).toBe(1);
  });

  test("a key already expired when watched is no change", () => {
    const { clock, server, connect } = setup();
    server.dbs.close();
    const [a, b] = [connect(), connect()];
    a.send(["SET", "k", "v", "PX", "100"]);
    clock.advance(150);
    a.send(["WATCH", "k"]);
    b.send(["GET", "k"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe("*0\r\n");
  });

  test("watching and blocking share keyListeners: neither turns it off under the other", async () => {
    const { server, connect } = setup();
    const [a, b, p] = [connect(), connect(), connect()];
    expect(server.keyListeners).toBe(false);
    a.send(["WATCH", "k"]);
    b.send(["BLPOP", "q", "0"]);
    p.send(["RPUSH", "q", "x"]); // releases B: no more blocked clients
    await settle();
    expect(b.take()).toBe(`*2\r\n${bulk("q")}${bulk("x")}`);
    expect(server.blocking.count).toBe(0);
    expect(server.keyListeners).toBe(true);
    // SET's hot path only reports keys while keyListeners is on: the watch must still see it.
    p.send(["SET", "k", "1"]);
    a.send(["MULTI"]);
    expect(a.send(["EXEC"])).toBe(NULL_ARRAY);
    expect(server.keyListeners).toBe(false);
    b.send(["BLPOP", "q", "0"]);
    a.send(["WATCH", "k"]);
    a.send(["UNWATCH"]);
    expect(server.keyListeners).toBe(true);
    p.send(["RPUSH", "q", "y"]);
    await settle();
    expect(b.take()).toBe(`*2\r\n${bulk("q")}${bulk("y")}`);
    expect(server.keyListeners).toBe(false);
  });
});

test("CLIENT LIST shows a client in MULTI: flag x and its queue length", () => {
  const { connect } = localServer();
  const a = connect();
  const b = connect();
  a.send(["MULTI"]);
  a.send(["SET", "k", "v"]);
  a.send(["GET", "k"]);
  const line = b.send(["CLIENT", "LIST", "ID", String(a.conn.id)]);
  expect(line).toContain(" flags=x ");
  expect(line).toContain(" multi=2 ");
  a.send(["EXEC"]);
  expect(b.send(["CLIENT", "LIST", "ID", String(a.conn.id)])).toContain(
    " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 ",
  );
});
