import { describe, expect, test } from "bun:test";
import { ERR } from "../../src/errors.ts";
import { localServer } from "../support/local-server.ts";

describe("pub/sub", () => {
  test("RESP2: subscribe, messages, patterns, subscribe-mode rules", async () => {
    const { connect } = localServer();
    const sub = connect();
    const pub = connect();
    expect(sub.send(["SUBSCRIBE", "news", "sport"])).toBe(
      "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n",
    );
    expect(sub.send(["PSUBSCRIBE", "n*"])).toBe("*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:3\r\n");
    expect(pub.send(["PUBLISH", "news", "hi"])).toBe(":2\r\n");
    await Promise.resolve(); // delivery is flushed in a microtask
    expect(sub.take()).toBe(
      "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n",
    );
    expect(sub.send(["GET", "x"])).toBe(`-${ERR.subscribeContext("get")}\r\n`);
    expect(sub.send(["PING"])).toBe("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
    expect(pub.send(["PUBSUB", "NUMSUB", "news", "none"])).toBe(
      "*4\r\n$4\r\nnews\r\n:1\r\n$4\r\nnone\r\n:0\r\n",
    );
    expect(pub.send(["PUBSUB", "NUMPAT"])).toBe(":1\r\n");
    expect(pub.send(["PUBSUB", "CHANNELS", "s*"])).toBe("*1\r\n$5\r\nsport\r\n");
    expect(sub.send(["UNSUBSCRIBE"]).split("unsubscribe").length - 1).toBe(2);
    expect(sub.send(["PUNSUBSCRIBE"])).toBe("*3\r\n$12\r\npunsubscribe\r\n$2\r\nn*\r\n:0\r\n");
    expect(sub.send(["UNSUBSCRIBE"])).toBe("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n");
    expect(sub.send(["GET", "x"])).toBe("$-1\r\n");
  });

  test("RESP3: pushes, and other commands still work while subscribed", async () => {
    const { connect } = localServer();
    const sub = connect();
    sub.send(["HELLO", "3"]);
    expect(sub.send(["SUBSCRIBE", "c"])).toBe(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n");
    expect(sub.send(["GET", "x"])).toBe("_\r\n");
    expect(sub.send(["PUBLISH", "c", "m"])).toBe(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n:1\r\n");
  });

  test("a closed subscriber is forgotten", () => {
    const { connect, server } = localServer();
    const sub = connect();
    sub.send(["SUBSCRIBE", "c"]);
    sub.conn.onClose();
    const pub = connect();
    expect(pub.send(["PUBLISH", "c", "m"])).toBe(":0\r\n");
    expect(server.clients.size).toBe(1);
  });

  test("PUBSUB NUMSUB is a flat array in RESP3 too; CHANNELS takes at most a pattern", () => {
    const { connect } = localServer();
    const sub = connect();
    const c = connect();
    sub.send(["SUBSCRIBE", "a"]);
    c.send(["HELLO", "3"]);
    expect(c.send(["PUBSUB", "NUMSUB", "a", "b", "a"])).toBe(
      "*6\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n:0\r\n$1\r\na\r\n:1\r\n",
    );
    expect(c.send(["PUBSUB", "NUMSUB"])).toBe("*0\r\n");
    expect(c.send(["PUBSUB", "channels", "a", "b"])).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.\r\n",
    );
    expect(c.send(["PUBSUB", "CHANNELS", "*"])).toBe("*1\r\n$1\r\na\r\n");
  });
});
