import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

const err = (m: string) => `-${m}\r\n`;

describe("connection commands", () => {
  test("PING, ECHO, SELECT", () => {
    const c = localServer().connect();
    expect(c.send(["PING"])).toBe("+PONG\r\n");
    expect(c.send(["PING", "hi"])).toBe("$2\r\nhi\r\n");
    expect(c.send(["PING", "a", "b"])).toBe(err(ERR.wrongArity("ping")));
    expect(c.send(["ECHO", "x"])).toBe("$1\r\nx\r\n");
    expect(c.send(["SELECT", "16"])).toBe(err(ERR.dbIndexOutOfRange));
    expect(c.send(["SELECT", "x"])).toBe(err(ERR.notInteger));
    expect(c.send(["SELECT", "15"])).toBe("+OK\r\n");
  });

  test("inline commands (what telnet sends)", () => {
    const c = localServer().connect();
    expect(c.send('SET k "a b"\r\nGET k\r\n')).toBe("+OK\r\n$3\r\na b\r\n");
  });

  test("HELLO switches protocol and describes the server", () => {
    const c = localServer().connect();
    const r = c.send(["HELLO", "3", "SETNAME", "me"]);
    expect(
      r.startsWith(
        "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n",
      ),
    ).toBe(true);
    expect(c.send(["CLIENT", "GETNAME"])).toBe("$2\r\nme\r\n");
    expect(c.send(["HELLO", "4"])).toBe(err(ERR.noProto));
    expect(c.send(["HELLO", "x"])).toBe(err("ERR Protocol version is not an integer or out of range"));
    expect(c.send(["HELLO", "3", "FOO"])).toBe(err("ERR Syntax error in HELLO option 'FOO'"));
    expect(c.send(["HELLO", "2"]).startsWith("*14\r\n")).toBe(true);
  });

  test("requirepass: NOAUTH until AUTH, unknown commands still say unknown", () => {
    const c = localServer({ requirepass: "secret" }).connect();
    expect(c.send(["GET", "k"])).toBe(err(ERR.noAuth));
    expect(c.send(["NOPE"])).toBe(err("ERR unknown command 'NOPE', with args beginning with: "));
    expect(c.send(["AUTH", "wrong"])).toBe(err(ERR.wrongPass));
    expect(c.send(["HELLO", "3"]).startsWith("-NOAUTH HELLO must be called")).toBe(true);
    expect(c.send(["AUTH", "default", "secret"])).toBe("+OK\r\n");
    expect(c.send(["GET", "k"])).toBe("$-1\r\n");
    expect(c.send(["RESET"])).toBe("+RESET\r\n");
    expect(c.send(["GET", "k"])).toBe(err(ERR.noAuth));
    expect(c.send(["HELLO", "3", "AUTH", "default", "secret"]).startsWith("%7")).toBe(true);
  });

  test("unauthenticated clients get Redis's tighter protocol limits", () => {
    const c = localServer({ requirepass: "secret" }).connect();
    expect(c.send("*11\r\n")).toBe(err("ERR Protocol error: unauthenticated multibulk length"));
    expect(c.closed).toBe(true);
    const d = localServer({ requirepass: "secret" }).connect();
    expect(d.send("*1\r\n$16385\r\n")).toBe(err("ERR Protocol error: unauthenticated bulk length"));
  });

  test("AUTH without a configured password", () => {
    const c = localServer().connect();
    expect(c.send(["AUTH", "x"])).toBe(err(ERR.authNotConfigured));
    expect(c.send(["AUTH", "default", "anything"])).toBe("+OK\r\n");
    expect(c.send(["AUTH", "bob", "x"])).toBe(err(ERR.wrongPass));
  });

  test("CLIENT subcommands", () => {
    const { connect } = localServer();
    const a = connect();
    const b = connect();
    expect(a.send(["CLIENT", "ID"])).toBe(`:${a.conn.id}\r\n`);
    expect(a.send(["CLIENT", "SETNAME", "has space"])).toBe(err(ERR.clientNameSpaces));
    expect(a.send(["CLIENT", "SETNAME", "alice"])).toBe("+OK\r\n");
    expect(a.send(["CLIENT", "SETINFO", "lib-name", "redbun"])).toBe("+OK\r\n");
    expect(a.send(["CLIENT", "SETINFO", "bogus", "x"])).toBe(err("ERR Unrecognized option 'bogus'"));
    expect(a.send(["CLIENT", "INFO"])).toMatch(/name=alice .*cmd=client\|info .*lib-name=redbun/);
    const list = a.send(["CLIENT", "LIST"]);
    expect(list.match(/^id=/gm)?.length).toBe(2);
    expect(a.send(["CLIENT", "SETNAME"])).toBe(err(ERR.wrongArity("client|setname")));
    expect(a.send(["CLIENT", "BOGUS"])).toBe(err("ERR unknown subcommand 'BOGUS'. Try CLIENT HELP."));
    expect(a.send(["CLIENT"])).toBe(err(ERR.wrongArity("client")));
    expect(a.send(["CLIENT", "NO-EVICT", "maybe"])).toBe(err(ERR.syntax));
    expect(a.send(["CLIENT", "KILL", "ID", String(b.conn.id)])).toBe(":1\r\n");
    expect(b.closed).toBe(true);
    expect(a.send(["CLIENT", "KILL", "ID", String(a.conn.id)])).toBe(":0\r\n"); // SKIPME yes
    expect(a.send(["CLIENT", "KILL", "1.2.3.4:5"])).toBe(err(ERR.noSuchClient));
  });

  test("CLIENT REPLY OFF / SKIP / ON", () => {
    const c = localServer().connect();
    expect(c.send(["CLIENT", "REPLY", "OFF"])).toBe("");
    expect(c.send(["SET", "a", "1"])).toBe("");
    expect(c.send(["BOGUS"])).toBe("");
    expect(c.send(["CLIENT", "REPLY", "ON"])).toBe("+OK\r\n");
    expect(c.send(["CLIENT", "REPLY", "SKIP"])).toBe("");
    expect(c.send(["GET", "a"])).toBe("");
    expect(c.send(["GET", "a"])).toBe("$1\r\n1\r\n");
  });

  test("QUIT replies then closes; a protocol error closes only that connection", () => {
    const { connect } = localServer();
    const a = connect();
    const b = connect();
    expect(a.send("PING\r\nQUIT\r\nPING\r\n")).toBe("+PONG\r\n+OK\r\n");
    expect(a.closed).toBe(true);
    expect(b.send("*1\r\n$x\r\n")).toBe(err("ERR Protocol error: invalid bulk length"));
    expect(b.closed).toBe(true);
    const c = connect();
    expect(c.send(["PING"])).toBe("+PONG\r\n");
  });

  test("CLIENT LIST ID: in the order given, repeats kept, missing ids skipped", () => {
    const { connect } = localServer();
    const a = connect();
    const b = connect();
    const ids = (reply: string) => [...reply.matchAll(/^id=(\d+) /gm)].map((m) => Number(m[1]));
    const [ia, ib] = [a.conn.id, b.conn.id];
    expect(
      ids(a.send(["CLIENT", "LIST", "ID", String(ib), String(ia), String(ib), "0", "-3", "999"])),
    ).toEqual([ib, ia, ib]);
    expect(a.send(["CLIENT", "LIST", "ID", "1", "x"])).toBe(err("ERR Invalid client ID"));
    expect(a.send(["CLIENT", "LIST", "ID", String(ia), "TYPE", "normal"])).toBe(err("ERR Invalid client ID"));
    expect(a.send(["CLIENT", "LIST", "TYPE", "normal", "ID", "1"])).toBe(err(ERR.syntax));
    expect(a.send(["CLIENT", "LIST", "TYPE"])).toBe(err(ERR.syntax));
    expect(ids(a.send(["CLIENT", "LIST", "TYPE", "NORMAL"]))).toEqual([ia, ib]);
  });

  test("HELLO before AUTH: Redis 7.0's NOAUTH text", () => {
    const c = localServer({ requirepass: "pw" }).connect();
    expect(c.send(["HELLO", "3"])).toBe(
      err(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time",
      ),
    );
  });
});
