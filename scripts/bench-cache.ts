/**
 * `bun scripts/bench-cache.ts [--quick] [--only redbun|redis]`: the client's cached GET rate
 * against the uncached one, on redbun and redis-server in one run (also `bun run bench --only
 * caching`). See scripts/bench/caching.ts.
 */
import { parseArgs } from "node:util";
import { runCaching } from "./bench/caching.ts";
import { printHeading } from "./bench/report.ts";
import { availableServers, type Server, serverList, startServer, stopServers } from "./bench/servers.ts";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
});
const names = availableServers(serverList(values.only));
const servers: Server[] = [];
try {
  for (const name of names) servers.push(await startServer(name));
  printHeading("caching: GET of a hot key set, client-side cache off vs on");
  // Read-only, then with a writer keeping invalidations (and cache misses) coming.
  for (const writesPerBatch of [0, 1]) {
    await runCaching(servers, {
      ops: values.quick ? 50_000 : 500_000,
      keys: 1_000,
      batch: 100,
      writesPerBatch,
    });
  }
} finally {
  await stopServers(servers);
}
