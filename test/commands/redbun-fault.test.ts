/** REDBUN FAULT ADD|LIST|CLEAR: fault injection for servers run as a process (--enable-faults yes). */
import { describe, expect, test } from "bun:test";
import { localServer } from "../support/local-server.ts";

describe("REDBUN FAULT", () => {
  test("refused unless the server was started with enable-faults yes (and it cannot be switched on later)", () => {
    const c = localServer().connect();
    expect(c.send(["REDBUN", "FAULT", "LIST"])).toBe(
      "-ERR REDBUN FAULT is disabled; start redbun-server with --enable-faults yes\r\n",
    );
    expect(c.send(["CONFIG", "SET", "enable-faults", "yes"])).toContain("can't set immutable config");
  });

  test("ADD an error for one key pattern, LIST it with its counts, CLEAR it", () => {
    const c = localServer({ "enable-faults": "yes" }).connect();
    c.send(["SET", "user:1", "a"]);
    expect(
      c.send(["REDBUN", "FAULT", "ADD", "COMMAND", "get,mget", "KEY", "user:*", "ERROR", "LOADING busy"]),
    ).toBe(":1\r\n");
    expect(c.send(["GET", "user:1"])).toBe("-LOADING busy\r\n");
    expect(c.send(["GET", "other"])).toBe("$-1\r\n");
    expect(c.send(["REDBUN", "FAULT", "LIST"])).toBe(
      "*1\r\n*8\r\n$2\r\nid\r\n:1\r\n$4\r\nrule\r\n" +
        '$48\r\nCOMMAND get,mget KEY user:* ERROR "LOADING busy"\r\n' +
        "$7\r\nmatched\r\n:1\r\n$5\r\nfired\r\n:1\r\n",
    );
    expect(c.send(["REDBUN", "FAULT", "CLEAR", "1"])).toBe(":1\r\n");
    expect(c.send(["GET", "user:1"])).toBe("$1\r\na\r\n");
    expect(c.send(["REDBUN", "FAULT", "CLEAR"])).toBe(":0\r\n");
  });

  test("NTH, TIMES and CLOSE; malformed rules are syntax errors", () => {
    const server = localServer({ "enable-faults": "yes" });
    const c = server.connect();
    expect(c.send(["REDBUN", "FAULT", "ADD", "COMMAND", "ping", "NTH", "2", "ERROR", "ERR second"])).toBe(
      ":1\r\n",
    );
    expect(c.send(["PING"])).toBe("+PONG\r\n");
    expect(c.send(["PING"])).toBe("-ERR second\r\n");
    expect(c.send(["PING"])).toBe("+PONG\r\n");
    expect(c.send(["REDBUN", "FAULT", "ADD", "COMMAND", "echo", "TIMES", "1", "CLOSE"])).toBe(":2\r\n");
    const d = server.connect();
    expect(d.send(["ECHO", "x"])).toBe("");
    expect(d.closed).toBe(true);
    expect(c.send(["ECHO", "x"])).toBe("$1\r\nx\r\n");
    expect(c.send(["REDBUN", "FAULT", "ADD", "KEY"])).toBe("-ERR syntax error\r\n");
    expect(c.send(["REDBUN", "FAULT", "ADD", "KEY", "k"])).toBe(
      "-ERR a fault needs one of ERROR, LATENCY, HANG, CLOSE, DRIP\r\n",
    );
    expect(c.send(["REDBUN", "FAULT", "ADD", "PROBABILITY", "2", "HANG"])).toBe(
      "-ERR PROBABILITY must be between 0 and 1\r\n",
    );
    expect(c.send(["REDBUN", "FAULT", "ADD", "HANG", "CLOSE"])).toBe("-ERR a fault takes one action\r\n");
  });
});
