/** `maxclients`, changed at runtime: the next connection over it gets Redis's error and is closed. */
import { expect, test } from "bun:test";
import { startServer } from "../../src/server/index.ts";
import { bulk, command, infoField, RawSocket } from "./support/raw-socket.ts";

test("CONFIG SET maxclients 2: the third connection is refused, a freed slot is reused", async () => {
  await using server = await startServer({ port: 0 });
  await using a = await RawSocket.open({ port: server.port });
  await using b = await RawSocket.open({ port: server.port });
  a.send(command("CONFIG", "SET", "maxclients", "2"));
  expect(await a.readLine()).toBe("+OK\r\n");
  b.send(command("PING"));
  expect(await b.readLine()).toBe("+PONG\r\n");

  await using c = await RawSocket.open({ port: server.port });
  expect(await c.readUntilClosed()).toBe("-ERR max number of clients reached\r\n");

  const info = (await bulk(a, "INFO"))!;
  expect(infoField(info, "connected_clients")).toBe("2");
  expect(infoField(info, "maxclients")).toBe("2");
  expect(infoField(info, "rejected_connections")).toBe("1");
  expect(infoField(info, "total_connections_received")).toBe("3");

  // A refused client's commands are never run.
  await using d = await RawSocket.open({ port: server.port });
  d.send(command("SET", "sneaky", "1"));
  expect(await d.readUntilClosed()).toBe("-ERR max number of clients reached\r\n");
  a.send(command("EXISTS", "sneaky"));
  expect(await a.readLine()).toBe(":0\r\n");

  b.close();
  await b.closed;
  // The server may see b's close a moment after we do: CLIENT LIST tells when the slot is free.
  for (let i = 0; i < 100; i++) {
    const list = (await bulk(a, "CLIENT", "LIST"))!.trimEnd().split("\n");
    if (list.length === 1) break;
  }
  await using e = await RawSocket.open({ port: server.port });
  e.send(command("PING"));
  expect(await e.readLine()).toBe("+PONG\r\n");

  // Raising the limit lets more in.
  a.send(command("CONFIG", "SET", "maxclients", "3"));
  expect(await a.readLine()).toBe("+OK\r\n");
  await using f = await RawSocket.open({ port: server.port });
  f.send(command("PING"));
  expect(await f.readLine()).toBe("+PONG\r\n");
});
