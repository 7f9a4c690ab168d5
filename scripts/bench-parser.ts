/**
 * Micro-benchmark of the request parser's hot path: 1M `SET key:<12 digits> <32 bytes>` commands
 * cut into 64 KiB chunks (as a socket would deliver them), parsed and counted.
 *
 * Run: bun scripts/bench-parser.ts [commands]
 */
import { RequestParser } from "../src/protocol/request-parser.ts";

const total = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 64 * 1024;

function command(i: number): string {
  const key = `key:${String(i).padStart(12, "0")}`;
  const value = "v".repeat(32);
  return `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`;
}

// Build the stream once, then slice it into chunks: each chunk its own buffer, like Bun's reads.
const pieces: string[] = [];
for (let i = 0; i < total; i++) pieces.push(command(i));
const stream = new TextEncoder().encode(pieces.join(""));
const chunks: Uint8Array[] = [];
for (let at = 0; at < stream.length; at += CHUNK) chunks.push(stream.slice(at, at + CHUNK));

function run(): number {
  const parser = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1024 * 1024 * 1024 });
  parser.authenticated = true;
  let count = 0;
  let bytes = 0;
  for (const chunk of chunks) {
    parser.feed(chunk);
    for (let argv = parser.next(); argv !== null; argv = parser.next()) {
      count++;
      bytes += argv[2]!.length;
    }
  }
  if (count !== total || bytes !== total * 32) throw new Error(`parsed ${count} commands, expected ${total}`);
  return count;
}

// The machine may be shared and GC pauses land unevenly: report every round and the best.
let best = Number.POSITIVE_INFINITY;
for (let round = 0; round < 8; round++) {
  const t0 = performance.now();
  const n = run();
  const ns = ((performance.now() - t0) * 1e6) / n;
  best = Math.min(best, ns);
  console.log(`round ${round}: ${ns.toFixed(1)} ns/command`);
}
console.log(
  `best: ${best.toFixed(1)} ns/command (${total} commands, ${chunks.length} chunks of ${CHUNK} bytes)`,
);
