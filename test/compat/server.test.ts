/**
 * Differential cases for the server commands: INFO (shape, plus the parts that are
 * deterministic), CONFIG GET for parameters whose defaults both servers share, CONFIG SET
 * errors, CONFIG RESETSTAT, TIME, COMMAND COUNT/INFO/DOCS, DBSIZE.
 */
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
 * Every command and subcommand redbun has, except CLIENT SETINFO and CLIENT NO-TOUCH (Redis 7.2,
 * unknown to 7.0: see connection.test.ts) and the containers themselves (CLIENT, CONFIG,
 * PUBSUB, COMMAND), whose INFO/DOCS list subcommands redbun does not implement.
 */
const allCommands = [
  ...["ping", "echo", "hello", "auth", "select", "quit", "reset"],
  ...["client|id", "client|setname", "client|getname", "client|list", "client|info", "client|kill"],
  ...["client|no-evict", "client|reply", "client|help"],
  ...["get", "set", "setnx", "setex", "psetex", "getdel", "getex", "mget", "mset"],
  ...["incr", "decr", "incrby", "decrby", "append", "strlen"],
  ...["del", "unlink", "exists", "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl"],
  ...["expiretime", "pexpiretime", "persist", "type", "keys", "dbsize", "flushdb", "flushall"],
  ...["publish", "subscribe", "unsubscribe", "psubscribe", "punsubscribe"],
  ...["pubsub|channels", "pubsub|numsub", "pubsub|numpat", "pubsub|help"],
  ...["info", "config|get", "config|set", "config|resetstat", "config|rewrite", "config|help"],
  ...["command|count", "command|info", "command|docs", "command|list", "command|getkeys"],
  ...["command|getkeysandflags", "command|help", "time", "shutdown"],
];

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
