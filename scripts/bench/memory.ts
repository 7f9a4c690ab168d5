/**
 * Memory: for each dataset of fill.ts, a fresh redbun and a fresh redis-server are started, their
 * RSS read (VmRSS), the data loaded with `redis-cli --pipe`, and RSS read again after a short
 * idle pause. Bytes per element = RSS growth / elements. Fresh servers, because an allocator
 * keeps freed pages: after a FLUSHALL the "before" figure would already hold the last dataset.
 * Not repeated by --repeat (the figures barely move between runs).
 */
import { type Dataset, RespBuilder } from "./fill.ts";
import { formatFixed, formatInt, formatRatio, printTable, progress } from "./report.ts";
import {
  dbsize,
  pipeInto,
  rssBytes,
  type Server,
  type ServerName,
  startServer,
  stopServers,
} from "./servers.ts";

interface Usage {
  rssAfter: number;
  bytesPerElement: number;
}

/** RSS once it has stopped moving (the runtime may still be returning pages), at most `ms`. */
async function settledRss(server: Server, ms: number): Promise<number> {
  let last = rssBytes(server.proc.pid);
  for (let waited = 0; waited < ms; waited += 250) {
    await Bun.sleep(250);
    const now = rssBytes(server.proc.pid);
    if (Math.abs(now - last) < 64 * 1024) return now;
    last = now;
  }
  return last;
}

/** Starts fresh servers, loads `data` into each in turn, and reads their RSS before and after. */
async function measure(
  names: ServerName[],
  dataset: Dataset,
  data: Uint8Array,
  settleMs: number,
): Promise<Map<ServerName, Usage>> {
  const servers = await Promise.all(names.map((name) => startServer(name)));
  try {
    const before = await Promise.all(servers.map((server) => settledRss(server, settleMs)));
    // Loading is CPU-bound: one server at a time, so that neither waits for the other's load.
    for (const server of servers) {
      await pipeInto(server, data);
      await dbsize(server); // one more round trip: every reply is out before RSS is read
    }
    const after = await Promise.all(servers.map((server) => settledRss(server, settleMs)));
    return new Map(
      servers.map((server, i) => [
        server.name,
        { rssAfter: after[i]!, bytesPerElement: (after[i]! - before[i]!) / dataset.elements },
      ]),
    );
  } finally {
    await stopServers(servers);
  }
}

export async function runMemory(names: ServerName[], sets: Dataset[], settleMs: number): Promise<void> {
  const rows: string[][] = [];
  for (const dataset of sets) {
    const resp = new RespBuilder();
    dataset.build(resp);
    const data = resp.bytes();
    const start = performance.now();
    const usage = await measure(names, dataset, data, settleMs);
    for (const [name, result] of usage) {
      progress(
        `${name.padEnd(6)} ${dataset.name}: ${formatFixed(result.bytesPerElement, 1)} B/element, ` +
          `RSS ${formatFixed(result.rssAfter / 2 ** 20, 1)} MiB (${formatInt(performance.now() - start)} ms)`,
      );
    }
    const redbun = usage.get("redbun");
    const redis = usage.get("redis");
    rows.push([
      dataset.name,
      formatInt(dataset.elements),
      formatFixed((redbun?.rssAfter ?? Number.NaN) / 2 ** 20, 1),
      formatFixed((redis?.rssAfter ?? Number.NaN) / 2 ** 20, 1),
      formatFixed(redbun?.bytesPerElement ?? Number.NaN, 1),
      formatFixed(redis?.bytesPerElement ?? Number.NaN, 1),
      formatRatio(
        (redbun?.bytesPerElement ?? Number.NaN) / (redis?.bytesPerElement ?? Number.NaN),
        dataset.atMost === undefined ? undefined : { atMost: dataset.atMost },
      ),
    ]);
  }
  printTable(
    [
      "dataset",
      "elements",
      "redbun RSS MiB",
      "redis RSS MiB",
      "redbun B/elem",
      "redis B/elem",
      "redbun/redis",
    ],
    rows,
  );
}
