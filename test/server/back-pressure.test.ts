/**
 * Write back-pressure: a client that pipelines many large replies and does not read for a
 * while must later get every reply, complete and in order; the server queues, never drops.
 */
import { expect, test } from "bun:test";
import { startServer } from "../../src/server/index.ts";
import { bulk, command, RawSocket } from "./support/raw-socket.ts";

/** Compares a byte stream, chunk by chunk, with the concatenation of `parts`, without keeping it. */
class StreamCheck {
  private part = 0;
  private offset = 0;
  seen = 0;
  mismatchAt = -1;

  constructor(private readonly parts: Uint8Array[]) {}

  feed(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.mismatchAt < 0) {
      const want = this.parts[this.part];
      if (want === undefined) {
        this.mismatchAt = this.seen + at; // more bytes than expected
        return;
      }
      const n = Math.min(want.length - this.offset, chunk.length - at);
      if (Buffer.compare(chunk.subarray(at, at + n), want.subarray(this.offset, this.offset + n)) !== 0) {
        this.mismatchAt = this.seen + at;
        return;
      }
      at += n;
      this.offset += n;
      if (this.offset === want.length) {
        this.part++;
        this.offset = 0;
      }
    }
    this.seen += chunk.length;
  }

  get done(): boolean {
    return this.part === this.parts.length;
  }
}

test("2000 pipelined GETs of a 100 KB value, read late: every reply complete and in order", async () => {
  await using server = await startServer({ port: 0 });
  await using admin = await RawSocket.open({ port: server.port });
  const size = 100 * 1024;
  const value = Buffer.alloc(size);
  for (let i = 0; i < size; i++) value[i] = (i * 7) % 251;
  admin.send(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${size}\r\n`);
  admin.send(value);
  admin.send("\r\n");
  expect(await admin.readLine()).toBe("+OK\r\n");

  // GET big, INCR n, GET big, INCR n, ...: the counters prove order, the values completeness.
  const n = 2000;
  const header = Buffer.from(`$${size}\r\n`);
  const parts: Uint8Array[] = [];
  let pipeline = "";
  for (let i = 1; i <= n; i++) {
    pipeline += command("GET", "big") + command("INCR", "n");
    parts.push(header, value, Buffer.from(`\r\n:${i}\r\n`));
  }
  const check = new StreamCheck(parts);
  let progress: (() => void) | undefined;
  await using s = await RawSocket.open(
    { port: server.port },
    {
      paused: true,
      onChunk: (chunk) => {
        check.feed(chunk);
        progress?.();
      },
    },
  );
  s.send(pipeline);

  // Not reading: wait until the server has run the whole pipeline (INCR n reached n) while
  // most of the ~200 MB of replies is still queued on its side.
  let ran = "";
  for (let i = 0; i < 1000 && ran !== String(n); i++) ran = (await bulk(admin, "GET", "n")) ?? "";
  expect(ran).toBe(String(n));
  const line = (await bulk(admin, "CLIENT", "LIST"))!.split("\n").find((l) => l.includes(" cmd=incr "));
  expect(Number(/ omem=(\d+) /.exec(line ?? "")?.[1])).toBeGreaterThan(100 * 1024 * 1024);
  expect(s.received).toBe(0);

  const total = parts.reduce((sum, p) => sum + p.length, 0);
  s.resume();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${check.seen} of ${total} bytes in 20 s`)), 20_000);
    progress = () => {
      if (check.done || check.mismatchAt >= 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    progress();
  });
  expect(check.mismatchAt).toBe(-1);
  expect(check.seen).toBe(total);
  // Nothing left over, and the connection is still usable.
  s.send(command("PING"));
  await new Promise<void>((resolve) => {
    progress = () => resolve();
  });
  expect(check.mismatchAt).toBe(total);
  expect(s.received).toBe(total + 7);
}, 30_000);
