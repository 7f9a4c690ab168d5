import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

describe("server commands", () => {
  test("INFO sections and keyspace", () => {
    const c = localServer().connect();
    c.send(["SET", "a", "1"]);
    c.send(["SET", "b", "1", "EX", "100"]);
    const info = c.send(["INFO"]);
    expect(info).toContain("redis_version:7.0.15\r\n");
    expect(info).toContain("db0:keys=2,expires=1,avg_ttl=0\r\n");
    expect(c.send(["INFO", "commandstats"])).toMatch(/cmdstat_set:calls=2,usec=\d+/);
    c.send(["HELLO", "3"]);
    expect(c.send(["INFO", "keyspace"])).toMatch(/^=\d+\r\ntxt:# Keyspace\r\n/);
  });

  test("CONFIG GET / SET / RESETSTAT", () => {
    const c = localServer().connect();
    expect(c.send(["CONFIG", "GET", "maxclients"])).toBe("*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n");
    expect(c.send(["CONFIG", "SET", "maxclients", "50"])).toBe("+OK\r\n");
    expect(c.send(["CONFIG", "GET", "maxclients"])).toBe("*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n");
    expect(c.send(["CONFIG", "SET", "nope", "1"])).toBe(`-${ERR.unknownConfig("nope")}\r\n`);
    expect(c.send(["CONFIG", "SET", "databases", "3"])).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n",
    );
    expect(c.send(["CONFIG", "RESETSTAT"])).toBe("+OK\r\n");
    c.send(["HELLO", "3"]);
    expect(c.send(["CONFIG", "GET", "databases"])).toBe("%1\r\n$9\r\ndatabases\r\n$2\r\n16\r\n");
  });

  test("every key change is signalled once (INFO rdb_changes_since_last_save counts them)", () => {
    const c = localServer().connect();
    c.send(["SET", "a", "1"]);
    c.send(["MSET", "b", "1", "c", "2"]);
    c.send(["INCR", "a"]);
    c.send(["APPEND", "a", "x"]);
    c.send(["EXPIRE", "a", "100"]);
    c.send(["PERSIST", "a"]);
    c.send(["PERSIST", "a"]); // nothing to remove: no change
    c.send(["DEL", "b", "nope"]);
    c.send(["GET", "c"]); // reads change nothing
    c.send(["GETDEL", "c"]);
    expect(c.send(["INFO", "persistence"])).toContain("rdb_changes_since_last_save:9\r\n");
  });

  test("TIME follows the injected clock", () => {
    const { connect, clock } = localServer();
    const c = connect();
    clock.set(1_800_000_000_123);
    expect(c.send(["TIME"])).toBe("*2\r\n$10\r\n1800000000\r\n$6\r\n123000\r\n");
  });

  test("COMMAND COUNT / INFO / DOCS / LIST come from the registry", () => {
    const c = localServer().connect();
    const count = Number(c.send(["COMMAND", "COUNT"]).slice(1, -2));
    expect(count).toBeGreaterThan(40);
    expect(c.send(["COMMAND", "INFO", "get"])).toStartWith(
      "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n",
    );
    // Redis 7.0 answers an unknown name with a null bulk ($-1), not a null array.
    expect(c.send(["COMMAND", "INFO", "nosuch"])).toBe("*1\r\n$-1\r\n");
    expect(c.send(["COMMAND", "DOCS", "set"])).toContain("$7\r\nsummary\r\n");
    expect(c.send(["COMMAND", "LIST", "FILTERBY", "PATTERN", "client|*"])).toContain("client|list");
  });

  test("COMMAND INFO: tips, key specs and RESP3 sets as in Redis 7.0", () => {
    const c = localServer().connect();
    const getSpec =
      "$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n" +
      "$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n" +
      "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n" +
      "$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n";
    c.send(["HELLO", "3"]);
    expect(c.send(["COMMAND", "INFO", "get"])).toBe(
      "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n" +
        `~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n${getSpec}~0\r\n`,
    );
    // MSET: lastkey -1, keystep 2; tips are bulk strings.
    const mset = c.send(["COMMAND", "INFO", "mset"]);
    expect(mset).toContain(
      "~2\r\n$26\r\nrequest_policy:multi_shard\r\n$29\r\nresponse_policy:all_succeeded\r\n",
    );
    expect(mset).toContain("$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n");
    // SET has notes and variable flags.
    expect(c.send(["COMMAND", "INFO", "set"])).toContain(
      "%4\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n$5\r\nflags\r\n~4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n",
    );
    // A container: subcommands as an array; a plain command: an empty set.
    expect(c.send(["COMMAND", "INFO", "pubsub"])).toStartWith(
      "*1\r\n*10\r\n$6\r\npubsub\r\n:-2\r\n~0\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n*6\r\n",
    );
    expect(c.send(["COMMAND", "INFO", "nosuch"])).toBe("*1\r\n_\r\n");
  });

  test("COMMAND DOCS: Redis 7.0 texts and history", () => {
    const c = localServer().connect();
    expect(c.send(["COMMAND", "DOCS", "get"])).toBe(
      "*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n" +
        "$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*0\r\n",
    );
    // No `arguments` for a command that takes none; history as [version, text] pairs.
    expect(c.send(["COMMAND", "DOCS", "dbsize"])).not.toContain("arguments");
    c.send(["HELLO", "3"]);
    expect(c.send(["COMMAND", "DOCS", "exists"])).toContain(
      "$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n3.0.3\r\n$33\r\nAccepts multiple `key` arguments.\r\n",
    );
  });

  test("COMMAND GETKEYS and GETKEYSANDFLAGS", () => {
    const c = localServer().connect();
    expect(c.send(["COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2"])).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    expect(c.send(["COMMAND", "GETKEYS", "MSET", "a", "1", "b"])).toBe("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    expect(c.send(["COMMAND", "GETKEYS", "del", "a", "a"])).toBe("*2\r\n$1\r\na\r\n$1\r\na\r\n");
    expect(c.send(["COMMAND", "GETKEYS", "nosuch", "x"])).toBe("-ERR Invalid command specified\r\n");
    expect(c.send(["COMMAND", "GETKEYS", "CLIENT", "nosuch"])).toBe("-ERR Invalid command specified\r\n");
    expect(c.send(["COMMAND", "GETKEYS", "PING", "x"])).toBe("-ERR The command has no key arguments\r\n");
    expect(c.send(["COMMAND", "GETKEYS", "GET", "a", "b"])).toBe(
      "-ERR Invalid number of arguments specified for command\r\n",
    );
    expect(c.send(["COMMAND", "GETKEYS", "GET"])).toBe(`-${ERR.wrongArity("command|getkeys")}\r\n`);
    expect(c.send(["COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v"])).toBe(
      "*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+OW\r\n+update\r\n",
    );
    expect(c.send(["COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "get"])).toBe(
      "*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n",
    );
    c.send(["HELLO", "3"]);
    expect(c.send(["COMMAND", "GETKEYSANDFLAGS", "GETDEL", "k"])).toBe(
      "*1\r\n*2\r\n$1\r\nk\r\n~3\r\n+RW\r\n+access\r\n+delete\r\n",
    );
  });

  test("CONFIG: names as typed, Redis 7.0's errors", () => {
    const c = localServer().connect();
    expect(c.send(["CONFIG", "GET", "MaxClients"])).toBe("*2\r\n$10\r\nMaxClients\r\n$5\r\n10000\r\n");
    expect(c.send(["CONFIG", "GET", "MAXCLIENT?"])).toBe("*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n");
    expect(c.send(["CONFIG", "SET", "timeout", "1", "databases"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["CONFIG", "SET", "timeout"])).toBe(`-${ERR.wrongArity("config|set")}\r\n`);
    expect(c.send(["CONFIG", "SET", "loglevel", "nothing"])).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning\r\n",
    );
  });

  test("SHUTDOWN argument errors", () => {
    const c = localServer().connect();
    expect(c.send(["SHUTDOWN", "BOGUS"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["SHUTDOWN", "NOSAVE", "SAVE"])).toBe(`-${ERR.syntax}\r\n`);
    expect(c.send(["SHUTDOWN", "ABORT"])).toBe("-ERR No shutdown in progress.\r\n");
    expect(c.send(["SHUTDOWN", "SAVE"])).toBe(`-${ERR.shutdownFailed}\r\n`);
  });
});
