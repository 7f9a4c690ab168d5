/**
 * Differential cases for the server commands: INFO (shape, plus the parts that are
 * deterministic), CONFIG GET for parameters whose defaults both servers share, CONFIG SET
 * errors, CONFIG RESETSTAT, TIME, COMMAND COUNT/INFO/DOCS, DBSIZE.
 */
import { expect, test } from "bun:test";
import { hasKeys } from "../../src/commands/key-specs.ts";
import { COMMANDS } from "../../src/commands/registry.ts";
import {
  type Case,
  c,
  compatSuite,
  docsExceptArguments,
  type Step,
  shapeAndContains,
  shaped,
} from "./harness.ts";

/** INFO replies: same RESP type, and both texts contain these lines. */
const info = (needles: string[], ...args: string[]): Step => ({
  send: ["INFO", ...args],
  cmp: shapeAndContains(...needles),
});

/**
 * Every command and subcommand in redbun's table, except the containers (CLIENT, CONFIG,
 * COMMAND, OBJECT, PUBSUB: their INFO/DOCS list every subcommand Redis has, most of which
 * redbun does not implement), CLIENT SETINFO and CLIENT NO-TOUCH (Redis 7.2, unknown to 7.0:
 * see connection.test.ts) and redbun's own REDBUN FAULT (test/commands/redbun-fault.test.ts).
 */
const NOT_IN_7_0 = new Set(["client|setinfo", "client|no-touch", "redbun|fault"]);
const allSpecs = COMMANDS.flatMap((s) => (s.subcommands ? [...s.subcommands.values()] : [s]));
const allCommands = allSpecs.map((s) => s.name).filter((n) => !NOT_IN_7_0.has(n));

/**
 * One representative call per command with keys (its arguments after the name), for COMMAND
 * GETKEYS and GETKEYSANDFLAGS; a test below checks none is missing.
 */
// biome-ignore format: a table
const KEYED_CALLS: Record<string, string> = {
  append: "k v", blmove: "s d LEFT RIGHT 0", blmpop: "0 2 a b LEFT", blpop: "a b 0",
  brpop: "a b 0", brpoplpush: "s d 0", bzmpop: "0 2 a b MIN", bzpopmax: "a b 0", bzpopmin: "a b 0",
  copy: "s d DB 1", decr: "k", decrby: "k 1", del: "a b", dump: "k", eval: "s 2 a b", eval_ro: "s 2 a b",
  evalsha: "s 2 a b", evalsha_ro: "s 2 a b", exists: "a b", expire: "k 10", fcall: "f 2 a b", fcall_ro: "f 2 a b",
  expireat: "k 10", expiretime: "k", get: "k", getdel: "k", getex: "k EX 10", getrange: "k 0 1",
  getset: "k v", hdel: "h f", hexists: "h f", hget: "h f", hgetall: "h", hincrby: "h f 1",
  hincrbyfloat: "h f 1.5", hkeys: "h", hlen: "h", hmget: "h f g", hmset: "h f v", hrandfield: "h",
  hscan: "h 0", hset: "h f v", hsetnx: "h f v", hstrlen: "h f", hvals: "h", incr: "k",
  incrby: "k 1", incrbyfloat: "k 1.5", lcs: "a b", lindex: "l 0", linsert: "l BEFORE p e",
  llen: "l", lmove: "s d LEFT RIGHT", lmpop: "2 a b LEFT", lpop: "l", lpos: "l e", lpush: "l e",
  lpushx: "l e", lrange: "l 0 -1", lrem: "l 0 e", lset: "l 0 e", ltrim: "l 0 1", mget: "a b",
  move: "k 1", mset: "a 1 b 2", msetnx: "a 1 b 2", "object|encoding": "k", "object|freq": "k",
  "object|idletime": "k", "object|refcount": "k", persist: "k", pexpire: "k 10", pexpireat: "k 10",
  pexpiretime: "k", psetex: "k 10 v", pttl: "k", rename: "a b", renamenx: "a b",
  restore: "k 0 payload", rpop: "l", rpoplpush: "s d", rpush: "l e", rpushx: "l e", sadd: "s m",
  scard: "s", sdiff: "a b", sdiffstore: "d a b", set: "k v", setex: "k 10 v", setnx: "k v",
  setrange: "k 0 v", sinter: "a b", sintercard: "2 a b", sinterstore: "d a b", sismember: "s m",
  smembers: "s", smismember: "s m n", smove: "a b m", sort: "k STORE d", sort_ro: "k BY w",
  spop: "s", srandmember: "s", srem: "s m", sscan: "s 0", strlen: "k", substr: "k 0 1",
  sunion: "a b", sunionstore: "d a b", touch: "a b", ttl: "k", type: "k", unlink: "a b", watch: "a b",
  xack: "s g 1-1", xadd: "s * f v", xautoclaim: "s g c 0 0", xclaim: "s g c 0 1-1", xdel: "s 1-1",
  "xgroup|create": "s g $", "xgroup|createconsumer": "s g c", "xgroup|delconsumer": "s g c",
  "xgroup|destroy": "s g", "xgroup|setid": "s g $", "xinfo|consumers": "s g", "xinfo|groups": "s",
  "xinfo|stream": "s", xlen: "s", xpending: "s g", xrange: "s - +", xread: "STREAMS a b 0 0",
  xreadgroup: "GROUP g c STREAMS a b 0 0", xrevrange: "s + -", xsetid: "s 1-1", xtrim: "s MAXLEN 0",
  zadd: "z 1 m", zcard: "z", zcount: "z 0 1", zdiff: "2 a b", zdiffstore: "d 2 a b",
  zincrby: "z 1 m", zinter: "2 a b", zintercard: "2 a b", zinterstore: "d 2 a b",
  zlexcount: "z - +", zmpop: "2 a b MIN", zmscore: "z m", zpopmax: "z", zpopmin: "z",
  zrandmember: "z", zrange: "z 0 1", zrangebylex: "z - +", zrangebyscore: "z 0 1",
  zrangestore: "d z 0 1", zrank: "z m", zrem: "z m", zremrangebylex: "z - +",
  zremrangebyrank: "z 0 1", zremrangebyscore: "z 0 1", zrevrange: "z 0 1", zrevrangebylex: "z + -",
  zrevrangebyscore: "z 1 0", zrevrank: "z m", zscan: "z 0", zscore: "z m", zunion: "2 a b",
  zunionstore: "d 2 a b",
};

/** COMMAND <sub> for the representative call of `name` (`object|encoding` → OBJECT ENCODING k). */
const keysOfCall = (sub: string, name: string): Step =>
  c("COMMAND", sub, ...name.split("|"), ...KEYED_CALLS[name]!.split(" "));

/** COMMAND DOCS: exact except the contents of `arguments`, which redbun does not model yet. */
const docs = (...names: string[]): Step => ({
  send: ["COMMAND", "DOCS", ...names],
  cmp: docsExceptArguments,
});

/** Parameters with the same default in redis-server (as the suite starts it) and redbun. */
const sharedConfig = ["maxclients", "proto-max-bulk-len", "timeout", "databases", "loglevel"];

const cases: Case[] = [
  {
    name: "INFO sections",
    steps: [
      info(["# Server\r\n", "redis_version:7", "redis_mode:standalone", "# Keyspace"]),
      info(["redis_version:7"], "server"),
      info(["# Clients\r\n", "connected_clients:"], "clients"),
      info(["# Stats\r\n", "total_commands_processed:"], "stats"),
      info(["# Server\r\n", "# Keyspace\r\n"], "all"),
      info(["# Server\r\n"], "everything"),
      info(["# Server\r\n"], "default"),
      info(["# Server\r\n", "# Clients\r\n"], "server", "clients"),
      info(["# Server\r\n"], "SERVER"),
      c("INFO", "keyspace"),
      c("SET", "a", "1"),
      c("SELECT", "2"),
      c("MSET", "b", "1", "c", "2"),
      c("INFO", "keyspace"),
      c("INFO", "KEYSPACE"),
      c("INFO", "nosuchsection"),
    ],
  },
  {
    name: "CONFIG GET shared parameters",
    steps: [
      ...sharedConfig.map((p) => c("CONFIG", "GET", p)),
      c("CONFIG", "GET", "MAXCLIENTS"),
      c("CONFIG", "GET", "TimeOut"),
      { send: ["CONFIG", "GET", "MAXCLIENTS", "Timeout", "databases"], cmp: "pairs" },
      { send: ["CONFIG", "GET", "timeout", "databases"], cmp: "pairs" },
      c("CONFIG", "GET", "timeout", "timeout"),
      c("CONFIG", "GET", "nosuchparameter"),
      c("CONFIG", "GET", "data*"),
      c("CONFIG", "GET", "proto-max-bulk-le?"),
      c("CONFIG", "GET"),
    ],
  },
  {
    name: "CONFIG SET and its errors",
    cleanup: [["CONFIG", "SET", "timeout", "0"]],
    steps: [
      c("CONFIG", "SET", "timeout", "100"),
      c("CONFIG", "GET", "timeout"),
      c("CONFIG", "SET", "TIMEOUT", "0"),
      c("CONFIG", "GET", "timeout"),
      c("CONFIG", "SET", "nosuchparameter", "1"),
      c("CONFIG", "SET", "timeout", "abc"),
      c("CONFIG", "SET", "timeout", "-1"),
      c("CONFIG", "SET", "timeout", ""),
      c("CONFIG", "SET", "databases", "5"),
      c("CONFIG", "SET", "loglevel", "bogus"),
      // Redis 7.0 has no `nothing` level (7.2 added it).
      c("CONFIG", "SET", "loglevel", "nothing"),
      c("CONFIG", "SET", "a", "b", "c"),
      c("CONFIG", "SET", "a", "b", "c", "d", "e"),
      c("CONFIG", "SET", "maxclients", "abc"),
      c("CONFIG", "SET", "timeout"),
      c("CONFIG", "SET", "timeout", "1", "databases"),
      c("CONFIG", "SET"),
      c("CONFIG", "SET", "timeout", "5", "timeout", "6"),
      c("CONFIG", "GET", "timeout"),
      c("CONFIG", "BOGUS"),
      c("CONFIG"),
    ],
  },
  {
    name: "CONFIG RESETSTAT",
    steps: [
      c("CONFIG", "RESETSTAT"),
      c("CONFIG", "RESETSTAT", "x"),
      info(["total_commands_processed:", "keyspace_hits:0", "keyspace_misses:0"], "stats"),
      c("GET", "missing"),
      info(["keyspace_hits:0", "keyspace_misses:1"], "stats"),
      c("SET", "k", "v"),
      c("GET", "k"),
      info(["keyspace_hits:1", "keyspace_misses:1"], "stats"),
      c("CONFIG", "RESETSTAT"),
      info(["keyspace_hits:0", "keyspace_misses:0"], "stats"),
    ],
  },
  {
    name: "TIME",
    steps: [shaped("TIME"), c("TIME", "x")],
  },
  {
    name: "COMMAND COUNT, INFO, DOCS",
    steps: [
      shaped("COMMAND", "COUNT"),
      c("COMMAND", "INFO", "get"),
      c("COMMAND", "INFO", "set"),
      c("COMMAND", "INFO", "GET", "nosuchcommand", "set"),
      c("COMMAND", "INFO", "ping", "echo", "del", "publish", "subscribe"),
      c("COMMAND", "INFO", "client|setname"),
      docs("get"),
      docs("GET", "nosuchcommand", "SET"),
      c("COMMAND", "DOCS", "nosuchcommand"),
      c("COMMAND", "GETKEYS", "SET", "k", "v"),
      c("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"),
      c("COMMAND", "GETKEYS", "PING"),
      c("COMMAND", "GETKEYS", "nosuch", "x"),
      c("COMMAND", "COUNT", "x"),
      c("COMMAND", "BOGUS"),
      c("COMMAND", "HELP"),
    ],
  },
  {
    name: "COMMAND INFO and DOCS of every command",
    steps: [
      // One at a time: flags, ACL categories, tips and key specs, byte for byte.
      ...allCommands.map((name) => c("COMMAND", "INFO", name)),
      c("COMMAND", "INFO", ...allCommands),
      ...allCommands.map((name) => docs(name)),
      c("COMMAND", "INFO", "CLIENT|SETNAME", "Get", "client|nosuch", "nosuch|x", "get|x"),
      docs("CLIENT|SETNAME", "client|nosuch", "get|x"),
    ],
  },
  {
    name: "COMMAND GETKEYS and GETKEYSANDFLAGS",
    steps: [
      c("COMMAND", "GETKEYS", "get", "k"),
      c("COMMAND", "GETKEYS", "GET", "a", "b"),
      c("COMMAND", "GETKEYS", "MSET", "a", "1", "b"),
      c("COMMAND", "GETKEYS", "MGET", "a", "b", "a"),
      c("COMMAND", "GETKEYS", "DEL", "a", "a"),
      c("COMMAND", "GETKEYS", "EXPIRE", "k"),
      c("COMMAND", "GETKEYS", "EXPIRE", "k", "10", "NX"),
      c("COMMAND", "GETKEYS", "SET", "k", "v", "GET", "EX", "10"),
      c("COMMAND", "GETKEYS", "PING", "x"),
      c("COMMAND", "GETKEYS", "CLIENT", "x"),
      c("COMMAND", "GETKEYS", "CLIENT", "LIST"),
      c("COMMAND", "GETKEYS", "client", "setname", "x"),
      c("COMMAND", "GETKEYS", "KEYS", "*"),
      c("COMMAND", "GETKEYS", "PUBLISH", "ch", "msg"),
      c("COMMAND", "GETKEYS", "GET"),
      c("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v"),
      c("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "get"),
      c("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "NX", "GET", "PX", "5"),
      c("COMMAND", "GETKEYSANDFLAGS", "GET", "k"),
      c("COMMAND", "GETKEYSANDFLAGS", "MSET", "a", "1", "b", "2"),
      c("COMMAND", "GETKEYSANDFLAGS", "DEL", "a", "b"),
      c("COMMAND", "GETKEYSANDFLAGS", "GETDEL", "a"),
      c("COMMAND", "GETKEYSANDFLAGS", "SETNX", "a", "b"),
      c("COMMAND", "GETKEYSANDFLAGS", "PING", "x"),
      c("COMMAND", "GETKEYSANDFLAGS", "nosuch", "x"),
      c("COMMAND", "GETKEYSANDFLAGS", "GET"),
    ],
  },
  {
    name: "COMMAND GETKEYS and GETKEYSANDFLAGS of every command with keys",
    steps: Object.keys(KEYED_CALLS).flatMap((n) => [
      keysOfCall("GETKEYS", n),
      keysOfCall("GETKEYSANDFLAGS", n),
    ]),
  },
  {
    // Keys found through several specs, numkeys, a keyword-less search or Redis's getkeys
    // procedures (SORT's STORE; counts a key spec cannot read, such as "2x", go to atoi).
    name: "COMMAND GETKEYS: key specs and getkeys procedures",
    steps: [
      ...[
        ["LMPOP", "2", "a", "b", "LEFT"],
        ["LMPOP", "2abc", "a", "b", "LEFT"],
        ["LMPOP", "0", "a", "LEFT"],
        ["LMPOP", "-1", "a", "LEFT"],
        ["LMPOP", "3", "a", "LEFT"],
        ["LMPOP", "1", "a", "b", "c", "LEFT"],
        ["LMPOP", " 1", "a", "LEFT"],
        ["LMPOP", "+1", "a", "LEFT"],
        ["LMPOP", "4294967297", "a", "LEFT"],
        ["LMPOP", "x", "a", "LEFT"],
        ["BLMPOP", "0", "2x", "a", "b", "LEFT"],
        ["BZMPOP", "0", "1", "a", "MIN"],
        ["ZMPOP", "1.5", "a", "MIN"],
        ["ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"],
        ["ZUNIONSTORE", "d", "2x", "a", "b"],
        ["ZUNIONSTORE", "d", "0", "a"],
        ["ZUNIONSTORE", "d", "3", "a", "b"],
        ["ZINTERSTORE", "d", "1", "a"],
        ["ZDIFFSTORE", "d", "02", "a", "b"],
        ["ZUNION", "2", "a", "b", "WITHSCORES"],
        ["ZINTER", "1x", "a"],
        ["ZINTERCARD", "2", "a", "b", "LIMIT", "1"],
        ["SINTERCARD", "2", "a", "b", "LIMIT", "1"],
        ["SINTERCARD", "2y", "a", "b"],
        ["SINTERCARD", "5", "a", "b"],
        ["SORT", "k"],
        ["SORT", "k", "STORE"],
        ["SORT", "k", "STORE", "d", "BY", "x", "GET", "y", "store", "e"],
        ["SORT", "k", "LIMIT", "0", "1", "STORE", "d"],
        ["SORT", "k", "LIMIT", "STORE", "d"],
        ["SORT", "k", "GET", "STORE", "d"],
        ["SORT", "k", "BY"],
        ["SORT_RO", "k", "STORE", "d"],
        ["SET", "k", "v", "GET"],
        ["SET", "k", "v", "EX", "10"],
        ["RENAME", "a", "a"],
        ["COPY", "a", "b", "REPLACE"],
        ["SMOVE", "a", "b", "m"],
        ["SDIFFSTORE", "d", "a"],
        ["ZRANGESTORE", "d", "s", "0", "1"],
        ["LMOVE", "a", "b", "LEFT", "LEFT"],
        ["BRPOPLPUSH", "a", "b", "0"],
        ["SWAPDB", "0", "1"],
        ["LMOVE", "a", "b"],
      ].flatMap((argv) => [c("COMMAND", "GETKEYS", ...argv), c("COMMAND", "GETKEYSANDFLAGS", ...argv)]),
    ],
  },
  {
    name: "DBSIZE",
    steps: [
      c("DBSIZE"),
      c("MSET", "a", "1", "b", "2", "c", "3"),
      c("DBSIZE"),
      c("DEL", "a"),
      c("DBSIZE"),
      c("SELECT", "1"),
      c("DBSIZE"),
      c("DBSIZE", "extra"),
    ],
  },
];

compatSuite("server", cases);

test("every command with keys has a representative GETKEYS call", () => {
  const keyed = allSpecs.filter(hasKeys).map((s) => s.name);
  expect(keyed.filter((n) => !(n in KEYED_CALLS))).toEqual([]);
  expect(Object.keys(KEYED_CALLS).filter((n) => !keyed.includes(n))).toEqual([]);
});
