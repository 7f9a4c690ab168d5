/**
 * Sharded pub/sub, SLOWLOG, MONITOR, CLIENT PAUSE / UNPAUSE and WAIT without sockets, on the
 * local server's manual clock (1_700_000_000_000 ms at start).
 */
import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { encodeCommand, localServer } from "../support/local-server.ts";

describe("sharded pub/sub", () => {
  test("smessage in RESP2 and RESP3; PUBLISH and patterns do not reach shard subscribers", async () => {
    const { connect } = localServer();
    const s2 = connect();
    const s3 = connect();
    const pub = connect();
    expect(s2.send(["SSUBSCRIBE", "ch"])).toBe("*3\r\n$10\r\nssubscribe\r\n$2\r\nch\r\n:1\r\n");
    s3.send(["HELLO", "3"]);
    expect(s3.send(["SSUBSCRIBE", "ch", "x"])).toBe(
      ">3\r\n$10\r\nssubscribe\r\n$2\r\nch\r\n:1\r\n>3\r\n$10\r\nssubscribe\r\n$1\r\nx\r\n:2\r\n",
    );
    expect(s3.send(["PSUBSCRIBE", "c*"])).toBe(">3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:1\r\n");
    expect(pub.send(["PUBLISH", "ch", "m"])).toBe(":1\r\n");
    await Promise.resolve();
    s3.take();
    expect(pub.send(["SPUBLISH", "ch", "hi"])).toBe(":2\r\n");
    await Promise.resolve();
    expect(s2.take()).toBe("*3\r\n$8\r\nsmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
    expect(s3.take()).toBe(">3\r\n$8\r\nsmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
    expect(s2.send(["GET", "k"])).toBe(`-${ERR.subscribeContext("get")}\r\n`);
    expect(pub.send(["CLIENT", "LIST"])).toContain("flags=P db=0 sub=0 psub=0 ssub=1 ");
    expect(s2.send(["SUNSUBSCRIBE"])).toBe("*3\r\n$12\r\nsunsubscribe\r\n$2\r\nch\r\n:0\r\n");
    expect(s2.send(["GET", "k"])).toBe("$-1\r\n");
    expect(pub.send(["PUBSUB", "SHARDNUMSUB", "ch", "x"])).toBe("*4\r\n$2\r\nch\r\n:1\r\n$1\r\nx\r\n:1\r\n");
    s3.conn.onClose();
    expect(pub.send(["PUBSUB", "SHARDCHANNELS"])).toBe("*0\r\n");
  });
});

describe("SLOWLOG", () => {
  test("threshold 0 logs every command, with the server clock, trimmed arguments and client", () => {
    const { connect, clock } = localServer({ "slowlog-log-slower-than": "0" });
    const c = connect();
    c.send(["CLIENT", "SETNAME", "me"]);
    clock.advance(5000);
    c.send(["SET", "k", "x".repeat(130)]);
    c.send(["DEL", ...Array.from({ length: 40 }, (_, i) => `k${i}`)]);
    const reply = c.send(["SLOWLOG", "GET", "2"]);
    expect(reply).toStartWith("*2\r\n*6\r\n:2\r\n:1700000005\r\n:");
    expect(reply).toContain("*32\r\n$3\r\nDEL\r\n$2\r\nk0\r\n");
    expect(reply).toContain(
      "$3\r\nk29\r\n$23\r\n... (10 more arguments)\r\n$15\r\n127.0.0.1:50000\r\n$2\r\nme\r\n",
    );
    expect(reply).toContain(`$146\r\n${"x".repeat(128)}... (2 more bytes)\r\n`);
    expect(c.send(["SLOWLOG", "LEN"])).toBe(":4\r\n");
    expect(c.send(["SLOWLOG", "RESET"])).toBe("+OK\r\n");
    expect(c.send(["SLOWLOG", "LEN"])).toBe(":1\r\n"); // the RESET itself
  });

  test("pipelined reads: one command is timed by its read; a fast read logs nothing", () => {
    const { connect } = localServer({ "slowlog-log-slower-than": "1000000" });
    const c = connect();
    c.send(encodeCommand(["SET", "a", "b"]).repeat(16));
    expect(c.send(["SLOWLOG", "LEN"])).toBe(":0\r\n");
    c.send(["CONFIG", "SET", "slowlog-log-slower-than", "1"]);
    // One command per read: the read's time is the command's.
    c.send(["DEBUG-NOT-A-COMMAND"]);
    c.send(["KEYS", "*"]);
    expect(c.send(["SLOWLOG", "GET", "1"])).toContain("$4\r\nKEYS\r\n$1\r\n*\r\n");
    c.send(["CONFIG", "SET", "slowlog-log-slower-than", "-1"]);
    c.send(["SLOWLOG", "RESET"]);
    c.send(["PING"]);
    expect(c.send(["SLOWLOG", "LEN"])).toBe(":0\r\n");
  });

  test("EXEC is not logged (skip_slowlog); slowlog-max-len keeps the newest", () => {
    const { connect } = localServer({ "slowlog-log-slower-than": "0", "slowlog-max-len": "2" });
    const c = connect();
    c.send(["MULTI"]);
    c.send(["PING"]);
    c.send(["EXEC"]);
    c.send(["ECHO", "a"]);
    c.send(["ECHO", "b"]);
    const reply = c.send(["SLOWLOG", "GET", "-1"]);
    // MULTI 0, ECHO a 1, ECHO b 2 (the queued PING is not run by the dispatcher).
    expect(reply).toStartWith("*2\r\n*6\r\n:2\r\n");
    expect(reply).toContain("$4\r\nECHO\r\n$1\r\na\r\n");
    expect(reply).not.toContain("MULTI");
    expect(reply).not.toContain("EXEC");
  });
});

describe("MONITOR", () => {
  test("lines with the server clock, db, address, sdscatrepr quoting and redaction", async () => {
    const { connect, clock } = localServer();
    const m = connect();
    const c = connect();
    expect(m.send(["MONITOR"])).toBe("+OK\r\n");
    expect(m.send(["MONITOR"])).toBe("");
    clock.advance(1234);
    c.send(["SELECT", "3"]);
    c.send(["ECHO", 'a\u0001"\\\n']);
    c.send(["AUTH", "pw"]);
    c.send(["CONFIG", "GET", "maxmemory"]);
    c.send(["NOSUCH"]);
    await Promise.resolve();
    expect(m.take()).toBe(
      '+1700000001.234000 [3 127.0.0.1:50001] "SELECT" "3"\r\n' +
        '+1700000001.234000 [3 127.0.0.1:50001] "ECHO" "a\\x01\\"\\\\\\n"\r\n' +
        '+1700000001.234000 [3 127.0.0.1:50001] "AUTH" "(redacted)"\r\n',
    );
    expect(m.send(["GET", "k"])).toBe(`-${ERR.replicaKeyspace}\r\n`);
    expect(m.send(["RESET"])).toBe("+RESET\r\n");
    c.send(["PING"]);
    await Promise.resolve();
    expect(m.take()).toBe("");
  });
});

describe("CLIENT PAUSE", () => {
  test("ALL holds every client until the timeout on the server clock, replies in order", () => {
    const { connect, clock } = localServer();
    const a = connect();
    const b = connect();
    expect(a.send(["CLIENT", "PAUSE", "1000"])).toBe("+OK\r\n");
    expect(b.send(encodeCommand(["SET", "k", "1"]) + encodeCommand(["GET", "k"]))).toBe("");
    expect(a.send(["PING"])).toBe("");
    expect(b.send(["INCR", "k"])).toBe("");
    clock.advance(999);
    expect(b.take()).toBe("");
    clock.advance(1);
    return Promise.resolve()
      .then(() => Promise.resolve())
      .then(() => {
        expect(a.take()).toBe("+PONG\r\n");
        expect(b.take()).toBe("+OK\r\n$1\r\n1\r\n:2\r\n");
      });
  });

  test("WRITE lets reads through; UNPAUSE releases; EXEC of a write transaction is held", async () => {
    const { connect } = localServer();
    const a = connect();
    const b = connect();
    a.send(["CLIENT", "PAUSE", "100000", "WRITE"]);
    expect(b.send(["GET", "k"])).toBe("$-1\r\n");
    expect(b.send(["MULTI"])).toBe("+OK\r\n");
    expect(b.send(["GET", "k"])).toBe("+QUEUED\r\n");
    expect(b.send(["EXEC"])).toBe("*1\r\n$-1\r\n");
    expect(b.send(["PUBLISH", "ch", "m"])).toBe("");
    expect(a.send(["CLIENT", "UNPAUSE"])).toBe("+OK\r\n");
    await Promise.resolve();
    expect(b.take()).toBe(":0\r\n");
  });
});

describe("WAIT", () => {
  test("no replicas: 0 at once; errors as Redis", () => {
    const { connect } = localServer();
    const c = connect();
    expect(c.send(["WAIT", "1", "100"])).toBe(":0\r\n");
    expect(c.send(["WAIT", "0", "-1"])).toBe(`-${ERR.timeoutNegative}\r\n`);
    expect(c.send(["WAIT", "x", "0"])).toBe(`-${ERR.notInteger}\r\n`);
    expect(c.send(["WAIT", "0", "x"])).toBe(`-${ERR.timeoutNotInteger}\r\n`);
  });
});
