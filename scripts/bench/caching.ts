/**
 * Client-side caching: GETs of a hot key set through the redbun client, with `cache` off and
 * on, against each server. With the cache on, a read of a key nobody changes never leaves the
 * process; a writer changing a few keys per batch keeps invalidations flowing, so the figures
 * include the cost of staying fresh.
 */
import { createClient } from "../../src/index.ts";
import { formatFixed, formatInt, printTable, progress } from "./report.ts";
import { HOST, type Server } from "./servers.ts";

export interface CachingOptions {
  /** GETs per measurement. */
  ops: number;
  /** Distinct keys read. */
  keys: number;
  /** GETs issued together (one pipeline flush). */
  batch: number;
  /** Keys the writer changes after each batch (0: none). */
  writesPerBatch: number;
}

async function measure(server: Server, cache: boolean, resp: 2 | 3, o: CachingOptions) {
  await using reader = createClient({ host: HOST, port: server.port, resp, cache });
  await using writer = createClient({ host: HOST, port: server.port });
  const keys = Array.from({ length: o.keys }, (_, i) => `cache:key:${i}`);
  await writer.mSet(keys.map((k) => [k, `value-of-${k}`] as const));
  await reader.connect();
  // Warm up (and fill the cache) before timing.
  await Promise.all(keys.map((k) => reader.get(k)));
  const start = performance.now();
  let done = 0;
  let w = 0;
  while (done < o.ops) {
    const n = Math.min(o.batch, o.ops - done);
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) reads.push(reader.get(keys[(done + i) % o.keys]!));
    await Promise.all(reads);
    done += n;
    for (let i = 0; i < o.writesPerBatch; i++) await writer.set(keys[w++ % o.keys]!, `v${w}`);
  }
  const seconds = (performance.now() - start) / 1000;
  const stats = reader.cacheStats();
  return {
    opsPerSec: o.ops / seconds,
    hitRate: cache ? stats.hits / Math.max(1, stats.hits + stats.misses) : 0,
  };
}

export async function runCaching(servers: Server[], o: CachingOptions): Promise<void> {
  const rows: string[][] = [];
  for (const server of servers) {
    for (const resp of [3, 2] as const) {
      progress(`caching: ${server.name} RESP${resp}`);
      const off = await measure(server, false, resp, o);
      const on = await measure(server, true, resp, o);
      rows.push([
        server.name,
        `RESP${resp}`,
        formatInt(off.opsPerSec),
        formatInt(on.opsPerSec),
        `${formatFixed(on.opsPerSec / off.opsPerSec, 1)}x`,
        `${formatFixed(on.hitRate * 100, 1)}%`,
      ]);
    }
  }
  printTable(["server", "protocol", "GET/s cache off", "GET/s cache on", "on/off", "hit rate"], rows);
  console.log(
    `${formatInt(o.ops)} GETs over ${o.keys} keys in batches of ${o.batch}; ` +
      `a second client writes ${o.writesPerBatch} key(s) after each batch.`,
  );
}
