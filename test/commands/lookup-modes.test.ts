/**
 * Which lookups count (socketless): the registry's per-command lookup modes, and the paths
 * outside a command's own lookups — blocked clients served after a read, lazy expiry — that
 * must count nothing (Redis serves blocked clients with LOOKUP_NOSTATS|LOOKUP_NONOTIFY).
 * test/compat/keyspace-stats.test.ts compares the counts with redis-server command by command.
 */
import { expect, test } from "bun:test";
import { COMMANDS, findCommand } from "../../src/commands/registry.ts";
import { LOOKUP_READ, LOOKUP_STATS, LOOKUP_WRITE } from "../../src/db/keyspace.ts";
import { localServer } from "../support/local-server.ts";

const mode = (name: string): number | undefined => {
  const [cmd, sub] = name.split("|");
  const spec = findCommand(cmd!);
  return sub === undefined ? spec?.lookupMode : spec?.subcommands?.get(sub)?.lookupMode;
};

test("readonly commands read, others write, with Redis's exceptions", () => {
  for (const s of COMMANDS) {
    for (const spec of [s, ...(s.subcommands?.values() ?? [])]) {
      if (spec.name.startsWith("object")) continue;
      if (spec.flags.includes("readonly"))
        expect([spec.name, spec.lookupMode]).toEqual([spec.name, LOOKUP_READ]);
    }
  }
  expect(mode("get")).toBe(LOOKUP_READ);
  expect(mode("exists")).toBe(LOOKUP_READ);
  // SET switches to a read only for its GET option (set.ts).
  expect(mode("set")).toBe(LOOKUP_WRITE);
  expect(mode("lpush")).toBe(LOOKUP_WRITE);
  expect(mode("blpop")).toBe(LOOKUP_WRITE);
  // Write commands that read with lookupKeyRead.
  for (const name of [
    "getdel",
    "getex",
    "getset",
    "copy",
    "sort",
    "sunionstore",
    "zrangestore",
    "xack",
    "xclaim",
  ]) {
    expect([name, mode(name)]).toEqual([name, LOOKUP_READ]);
  }
  // OBJECT counts but does not publish keymiss.
  expect(mode("object|encoding")).toBe(LOOKUP_STATS);
  expect(mode("object|freq")).toBe(LOOKUP_STATS);
});

/** Replies to released clients and published messages are written a turn later: let them out. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const stats = (send: (argv: string[]) => string): [number, number] => {
  const info = send(["INFO", "stats"]);
  return [Number(info.match(/keyspace_hits:(\d+)/)![1]), Number(info.match(/keyspace_misses:(\d+)/)![1])];
};

test("a blocked client served right after a read command counts nothing", async () => {
  const { connect } = localServer();
  const blocked = connect();
  const c = connect();
  blocked.send(["BLPOP", "q", "0"]);
  // One read: GET (a read lookup, the last mode set) then LPUSH, whose waiter is served after it.
  c.send(["RPUSH", "other", "x"]);
  expect(c.send(["MULTI"])).toBe("+OK\r\n");
  c.send(["GET", "nope"]);
  c.send(["LPUSH", "q", "a"]);
  c.send(["GET", "nope"]);
  c.send(["EXEC"]);
  await turn();
  expect(blocked.take()).toBe("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
  expect(stats(c.send)).toEqual([0, 2]);
});

test("lazy expiry inside a read wakes a blocked XREADGROUP: only the read counts", async () => {
  const { connect, clock, server } = localServer({ "notify-keyspace-events": "Em" });
  server.dbs.close(); // no active expiry: the GET below finds the key past its deadline
  const blocked = connect();
  const sub = connect();
  const c = connect();
  sub.send(["SUBSCRIBE", "__keyevent@0__:keymiss"]);
  c.send(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]);
  c.send(["PEXPIRE", "s", "100"]);
  blocked.send(["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"]);
  c.send(["CONFIG", "RESETSTAT"]);
  clock.advance(101);
  // GET finds s past its deadline: removed (which wakes the reader with an error), one miss.
  expect(c.send(["GET", "s"])).toBe("$-1\r\n");
  await turn();
  expect(blocked.take()).toStartWith("-UNBLOCKED");
  expect(stats(c.send)).toEqual([0, 1]);
  expect(sub.take()).toBe("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:keymiss\r\n$1\r\ns\r\n");
});
