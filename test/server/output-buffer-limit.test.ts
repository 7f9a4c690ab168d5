/**
 * `client-output-buffer-limit pubsub`: a subscriber that stops reading is disconnected once its
 * queued output passes the hard limit; a subscriber that reads gets every message; the server,
 * the publisher and everyone else carry on.
 */
import { expect, test } from "bun:test";
import { type ManualClock, startServer } from "../../src/server/index.ts";
import { bulk, command, infoField, RawSocket } from "./support/raw-socket.ts";

const KB = 1024;

/** The CLIENT LIST lines of `type` clients. */
async function clients(admin: RawSocket, type: string): Promise<string[]> {
  return (await bulk(admin, "CLIENT", "LIST", "TYPE", type))!.split("\n").filter((l) => l.trim() !== "");
}

test("Config accepts units in client-output-buffer-limit and prints bytes", async () => {
  await using server = await startServer({
    port: 0,
    config: { "client-output-buffer-limit": "pubsub 1mb 512kb 60" },
  });
  await using admin = await RawSocket.open({ port: server.port });
  admin.send(command("CONFIG", "GET", "client-output-buffer-limit"));
  const canonical = "normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 524288 60";
  const reply = `*2\r\n$26\r\nclient-output-buffer-limit\r\n$${canonical.length}\r\n${canonical}\r\n`;
  expect(await admin.read(reply.length)).toBe(reply);
});

test("a pub/sub client that does not read is disconnected at the hard limit; a reader is not", async () => {
  await using server = await startServer({
    port: 0,
    config: { "client-output-buffer-limit": "pubsub 1mb 512kb 60" },
  });
  const port = server.port;
  await using admin = await RawSocket.open({ port });
  await using publisher = await RawSocket.open({ port });

  // The reader checks every message as it arrives and keeps only a count.
  const payload = "m".repeat(64 * KB);
  const message = (i: number) => {
    const body = `${i}:${payload}`;
    return `*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$${body.length}\r\n${body}\r\n`;
  };
  let readerText = "";
  let readerCount = 0;
  let readerError = "";
  let readerWaiter: (() => void) | undefined;
  const reader = await RawSocket.open(
    { port },
    {
      onChunk: (chunk) => {
        readerText += Buffer.from(chunk).toString("latin1");
        for (;;) {
          if (readerCount === 0 && readerText.startsWith("*3\r\n$9\r\nsubscribe\r\n")) {
            readerText = readerText.slice("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n".length);
          }
          const want = message(readerCount + 1);
          if (readerText.length < want.length) break;
          if (!readerText.startsWith(want)) readerError ||= `message ${readerCount + 1} differs`;
          readerText = readerText.slice(want.length);
          readerCount++;
        }
        readerWaiter?.();
      },
    },
  );
  await using _reader = reader;
  reader.send(command("SUBSCRIBE", "news"));
  await using slow = await RawSocket.open({ port });
  slow.send(command("SUBSCRIBE", "news"));
  expect(await slow.read(33)).toBe("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
  slow.pause();

  expect((await clients(admin, "pubsub")).length).toBe(2);
  const before = (await bulk(admin, "INFO", "clients"))!;
  expect(infoField(before, "connected_clients")).toBe("4");
  expect(infoField(before, "pubsub_clients")).toBe("2");

  // Publish until the slow subscriber is gone (PUBLISH then counts one receiver). The kernel
  // buffers several MB per socket before the server has to queue anything, so allow plenty.
  let published = 0;
  let receivers = 2;
  while (receivers === 2 && published < 2000) {
    published++;
    publisher.send(command("PUBLISH", "news", `${published}:${payload}`));
    receivers = Number((await publisher.readLine()).slice(1, -2));
  }
  expect(receivers).toBe(1);
  const stoppedAt = published;
  // The server dropped the slow one at once: it is gone from the client table.
  const lists = await clients(admin, "pubsub");
  expect(lists.length).toBe(1);
  const after = (await bulk(admin, "INFO", "clients"))!;
  expect(infoField(after, "connected_clients")).toBe("3");
  expect(infoField(after, "pubsub_clients")).toBe("1");

  // Publishing goes on to the reader.
  for (let i = 0; i < 20; i++) {
    published++;
    publisher.send(command("PUBLISH", "news", `${published}:${payload}`));
    expect(await publisher.readLine()).toBe(":1\r\n");
  }
  // The slow client, once it reads again, finds a prefix of the stream, then the close.
  slow.resume();
  const got = await slow.readUntilClosed();
  let expected = "";
  for (let i = 1; expected.length < got.length; i++) expected += message(i);
  expect(got.length).toBeLessThan(expected.length + 1);
  expect(expected.startsWith(got)).toBe(true);
  // At least the hard limit was queued beyond what the kernel held, so not everything arrived.
  expect(got.length).toBeLessThan(stoppedAt * message(stoppedAt).length);

  // The reader gets every single message, in order.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reader got ${readerCount} of ${published}`)), 5_000);
    readerWaiter = () => {
      if (readerCount >= published || readerError) {
        clearTimeout(timer);
        resolve();
      }
    };
    readerWaiter();
  });
  expect(readerError).toBe("");
  expect(readerCount).toBe(published);
  admin.send(command("PING"));
  expect(await admin.readLine()).toBe("+PONG\r\n");
});

test("soft limit: over it for longer than the soft seconds (server clock) disconnects", async () => {
  await using server = await startServer({
    port: 0,
    clock: "manual",
    config: { "client-output-buffer-limit": "pubsub 64mb 512kb 60" },
  });
  const clock = server.clock as ManualClock;
  await using admin = await RawSocket.open({ port: server.port });
  await using publisher = await RawSocket.open({ port: server.port });
  await using slow = await RawSocket.open({ port: server.port });
  slow.send(command("SUBSCRIBE", "news"));
  expect(await slow.read(33)).toBe("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
  slow.pause();
  const publish = async () => {
    publisher.send(command("PUBLISH", "news", "s".repeat(64 * KB)));
    return publisher.readLine();
  };
  const omem = async () => {
    const line = (await clients(admin, "pubsub"))[0] ?? "";
    return Number(/ omem=(\d+) /.exec(line)?.[1] ?? -1);
  };
  // Fill the kernel buffers, then go just over the soft limit (still far under the hard one).
  for (let i = 0; i < 2000 && (await omem()) < 512 * KB; i++) expect(await publish()).toBe(":1\r\n");
  expect(await omem()).toBeGreaterThanOrEqual(512 * KB);
  // Over the soft limit, but not for long enough: still there.
  clock.advance(59_000);
  expect(await publish()).toBe(":1\r\n");
  clock.advance(2_000);
  // Counted as a receiver, as in Redis: the limit is checked when the message is queued.
  expect(await publish()).toBe(":1\r\n");
  expect(await clients(admin, "pubsub")).toEqual([]);
  expect(await publish()).toBe(":0\r\n");
  slow.resume();
  await slow.readUntilClosed();
});
