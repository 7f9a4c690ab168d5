/**
 * Hostile or broken input on one connection: protocol errors, `proto-max-bulk-len`,
 * `client-query-buffer-limit`. Only that connection is closed; the server and the other
 * clients (even one in the middle of a pipeline) carry on.
 */
import { expect, test } from "bun:test";
import { startServer } from "../../src/server/index.ts";
import { bulk, command, infoField, RawSocket } from "./support/raw-socket.ts";

const MB = 1024 * 1024;

test("a malformed frame closes only its connection; a concurrent pipeline is unaffected", async () => {
  await using server = await startServer({ port: 0 });
  await using good = await RawSocket.open({ port: server.port });
  await using bad = await RawSocket.open({ port: server.port });
  const n = 500;
  let pipeline = "";
  for (let i = 0; i < n; i++) pipeline += command("INCR", "ctr");
  // Half the pipeline, the bad frame on the other connection, then the other half.
  good.send(pipeline);
  bad.send("*1\r\n$x\r\n");
  good.send(pipeline);
  expect(await bad.readUntilClosed()).toBe("-ERR Protocol error: invalid bulk length\r\n");
  let expected = "";
  for (let i = 1; i <= 2 * n; i++) expected += `:${i}\r\n`;
  expect(await good.read(expected.length)).toBe(expected);
  good.send(command("PING"));
  expect(await good.readLine()).toBe("+PONG\r\n");
  expect(infoField((await bulk(good, "INFO", "clients"))!, "connected_clients")).toBe("1");
});

test("replies to commands before the bad frame are sent, nothing after it runs", async () => {
  await using server = await startServer({ port: 0 });
  await using s = await RawSocket.open({ port: server.port });
  s.send(`${command("SET", "a", "1")}*1\r\n$x\r\n${command("SET", "b", "2")}`);
  expect(await s.readUntilClosed()).toBe("+OK\r\n-ERR Protocol error: invalid bulk length\r\n");
  await using o = await RawSocket.open({ port: server.port });
  o.send(command("MGET", "a", "b"));
  const mget = "*2\r\n$1\r\n1\r\n$-1\r\n";
  expect(await o.read(mget.length)).toBe(mget);
});

test("proto-max-bulk-len: a $ header over the limit is a protocol error, then close", async () => {
  await using server = await startServer({ port: 0, config: { "proto-max-bulk-len": "1mb" } });
  await using other = await RawSocket.open({ port: server.port });
  await using s = await RawSocket.open({ port: server.port });
  s.send(`*2\r\n$3\r\nGET\r\n$${MB + 1}\r\n`);
  expect(await s.readUntilClosed()).toBe("-ERR Protocol error: invalid bulk length\r\n");
  // Exactly at the limit is allowed: the server waits for the payload.
  await using ok = await RawSocket.open({ port: server.port });
  ok.send(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${MB}\r\n`);
  ok.send(Buffer.alloc(MB, "v"));
  ok.send("\r\n");
  expect(await ok.readLine()).toBe("+OK\r\n");
  other.send(command("STRLEN", "k"));
  expect(await other.readLine()).toBe(`:${MB}\r\n`);
});

test("proto-max-bulk-len set at runtime applies to connections already open", async () => {
  await using server = await startServer({ port: 0 });
  await using s = await RawSocket.open({ port: server.port });
  s.send(command("PING"));
  expect(await s.readLine()).toBe("+PONG\r\n");
  await using admin = await RawSocket.open({ port: server.port });
  admin.send(command("CONFIG", "SET", "proto-max-bulk-len", "1mb"));
  expect(await admin.readLine()).toBe("+OK\r\n");
  s.send(`*2\r\n$3\r\nGET\r\n$${MB + 1}\r\n`);
  expect(await s.readUntilClosed(2_000)).toBe("-ERR Protocol error: invalid bulk length\r\n");
});

test("client-query-buffer-limit: an unfinished command over the limit is closed without a reply", async () => {
  await using server = await startServer({ port: 0 });
  await using admin = await RawSocket.open({ port: server.port });
  admin.send(command("CONFIG", "SET", "client-query-buffer-limit", "1mb"));
  expect(await admin.readLine()).toBe("+OK\r\n");
  // Below the minimum is refused, so 1mb is the smallest limit there is.
  admin.send(command("CONFIG", "SET", "client-query-buffer-limit", "1048575"));
  expect(await admin.readLine()).toStartWith(
    "-ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit')",
  );

  await using other = await RawSocket.open({ port: server.port });
  other.send(command("SET", "before", "1"));
  expect(await other.readLine()).toBe("+OK\r\n");

  await using s = await RawSocket.open({ port: server.port });
  // A 2 MB value announced, 1.5 MB of it sent: the command never completes.
  s.send(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${2 * MB}\r\n`);
  s.send(Buffer.alloc(1.5 * MB, "x"));
  expect(await s.readUntilClosed()).toBe("");

  other.send(command("EXISTS", "k"));
  expect(await other.readLine()).toBe(":0\r\n");
  other.send(command("GET", "before"));
  expect(await other.read(7)).toBe("$1\r\n1\r\n");
  expect(infoField((await bulk(admin, "INFO", "clients"))!, "connected_clients")).toBe("2");
});

test("CONFIG SET client-query-buffer-limit applies to connections already open", async () => {
  await using server = await startServer({ port: 0 });
  // Opened before the CONFIG SET: in Redis the limit is the server's, read on every check.
  await using s = await RawSocket.open({ port: server.port });
  s.send(command("PING"));
  expect(await s.readLine()).toBe("+PONG\r\n");
  await using admin = await RawSocket.open({ port: server.port });
  admin.send(command("CONFIG", "SET", "client-query-buffer-limit", "1mb"));
  expect(await admin.readLine()).toBe("+OK\r\n");
  s.send(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${2 * MB}\r\n`);
  s.send(Buffer.alloc(1.5 * MB, "x"));
  expect(await s.readUntilClosed(2_000)).toBe("");
});

test("client-query-buffer-limit: one argument larger than the limit is refused even when complete", async () => {
  // Redis 7.0 keeps a whole argument in the query buffer before running the command, so an
  // argument over the limit closes the connection however the bytes are split into reads.
  await using server = await startServer({ port: 0, config: { "client-query-buffer-limit": "1mb" } });
  await using s = await RawSocket.open({ port: server.port });
  s.send(`${command("SET", "k", "x".repeat(1.2 * MB))}${command("PING")}`);
  expect(await s.readUntilClosed(2_000)).toBe("");
  await using other = await RawSocket.open({ port: server.port });
  other.send(command("EXISTS", "k"));
  expect(await other.readLine()).toBe(":0\r\n");
});
