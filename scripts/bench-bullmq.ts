/**
 * `bun scripts/bench-bullmq.ts [--jobs 10000] [--only redbun|redis]`
 *
 * BullMQ jobs per second against redbun and redis-server in the same run (each its own process,
 * started on a free port): addBulk of `--jobs` jobs, then a Worker with concurrency 50. The same
 * section runs inside `bun run bench --only bullmq`. A server that cannot run BullMQ yet prints
 * its error and the other is still measured.
 */
import { parseArgs } from "node:util";
import { runBullmq } from "./bench/bullmq.ts";
import { printHeading } from "./bench/report.ts";
import {
  availableServers,
  clockTicksPerSecond,
  type Server,
  serverList,
  startServer,
  stopServers,
} from "./bench/servers.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { jobs: { type: "string", default: "10000" }, only: { type: "string" } },
});
const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error("--jobs must be a positive integer");
const names = availableServers(serverList(values.only));

const servers: Server[] = [];
try {
  for (const name of names) servers.push(await startServer(name));
  printHeading(`bullmq: ${jobs.toLocaleString("en-US")} jobs, addBulk then a Worker (concurrency 50)`);
  await runBullmq(servers, jobs, clockTicksPerSecond());
} finally {
  await stopServers(servers);
}
