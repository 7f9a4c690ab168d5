/**
 * SHUTDOWN NOSAVE from a client: replies already produced reach their clients, subscribers and
 * everyone else are disconnected, `closed` resolves and the port no longer accepts.
 */
import { expect, test } from "bun:test";
import { startServer } from "../../src/server/index.ts";
import { bulk, command, RawSocket } from "./support/raw-socket.ts";

test("SHUTDOWN NOSAVE with subscribers and a client mid-pipeline", async () => {
  const server = await startServer({ port: 0 });
  try {
    const port = server.port;
    await using sub1 = await RawSocket.open({ port });
    await using sub2 = await RawSocket.open({ port });
    sub1.send(command("SUBSCRIBE", "a"));
    sub2.send(command("PSUBSCRIBE", "*"));
    expect(await sub1.read(30)).toBe("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
    expect(await sub2.readUntil(":1\r\n")).toBe("*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:1\r\n");
    await using admin = await RawSocket.open({ port });

    // 100 GETs of 100 KB (10 MB, more than the kernel buffers hold) sent by a client that is
    // not reading: when SHUTDOWN comes, part of its replies is still queued in the server.
    const size = 100 * 1024;
    admin.send(command("SET", "big", "b".repeat(size)));
    expect(await admin.readLine()).toBe("+OK\r\n");
    let received = 0;
    await using piped = await RawSocket.open(
      { port },
      {
        paused: true,
        onChunk: (c) => {
          received += c.length;
        },
      },
    );
    const n = 100;
    let pipeline = "";
    for (let i = 0; i < n; i++) pipeline += command("GET", "big") + command("INCR", "n");
    piped.send(pipeline);
    let ran = "";
    for (let i = 0; i < 1000 && ran !== String(n); i++) ran = (await bulk(admin, "GET", "n")) ?? "";
    expect(ran).toBe(String(n));
    // An unfinished command on another connection: it never runs.
    await using partial = await RawSocket.open({ port });
    partial.send("*3\r\n$3\r\nSET\r\n$1\r\np\r\n");

    admin.send(command("SHUTDOWN", "NOSAVE"));
    piped.resume();
    // No reply to SHUTDOWN itself: the connection just closes (as in Redis).
    expect(await admin.readUntilClosed()).toBe("");
    expect(await sub1.readUntilClosed()).toBe("");
    expect(await sub2.readUntilClosed()).toBe("");
    expect(await partial.readUntilClosed()).toBe("");
    await piped.closed;
    let expected = 0;
    for (let i = 1; i <= n; i++) expected += `$${size}\r\n`.length + size + 2 + `:${i}\r\n`.length;
    expect(received).toBe(expected);
    await server.closed;
    await expect(RawSocket.open({ port })).rejects.toThrow();
  } finally {
    await server.close();
  }
});

test("SHUTDOWN with a bad argument is an error and the server stays up", async () => {
  await using server = await startServer({ port: 0 });
  await using s = await RawSocket.open({ port: server.port });
  s.send(command("SHUTDOWN", "SOMETIMES"));
  expect(await s.readLine()).toBe("-ERR syntax error\r\n");
  s.send(command("SHUTDOWN", "ABORT"));
  expect(await s.readLine()).toBe("-ERR No shutdown in progress.\r\n");
  s.send(command("PING"));
  expect(await s.readLine()).toBe("+PONG\r\n");
});

test("close() while clients are connected: they are disconnected and closed resolves", async () => {
  const server = await startServer({ port: 0 });
  const port = server.port;
  await using a = await RawSocket.open({ port });
  await using b = await RawSocket.open({ port });
  b.send(command("SUBSCRIBE", "x"));
  expect(await b.read(30)).toBe("*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n");
  await server.close();
  await server.closed;
  await a.closed;
  await b.closed;
  await expect(RawSocket.open({ port })).rejects.toThrow();
});
