/**
 * `bun scripts/bench-scripting.ts [--quick] [--repeat N] [--only redbun|redis]`
 *
 * EVALSHA throughput against redbun and redis-server in the same run (each its own process,
 * started on a free port), with redis-benchmark: `return 1`, a script with two redis.call (SET
 * then GET) and a cjson/cmsgpack round trip, unpipelined and with -P 16 (scripts/bench/scripting.ts).
 * Printed: ops/s of each server, redbun/redis, and each server's CPU µs per request. The same
 * section runs inside `bun run bench --only scripting`.
 */
import { parseArgs } from "node:util";
import { printHeading } from "./bench/report.ts";
import { scriptingCases } from "./bench/scripting.ts";
import {
  availableServers,
  clockTicksPerSecond,
  type Server,
  serverList,
  startServer,
  stopServers,
} from "./bench/servers.ts";
import { runThroughput } from "./bench/throughput.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
    only: { type: "string" },
  },
});
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat must be a positive integer");
for (const tool of ["redis-benchmark", "redis-cli"]) {
  if (!Bun.which(tool)) throw new Error(`${tool} is not installed`);
}
const names = availableServers(serverList(values.only));

const servers: Server[] = [];
try {
  for (const name of names) servers.push(await startServer(name));
  printHeading("scripting: redis-benchmark EVALSHA");
  await runThroughput(servers, scriptingCases(values.quick ? 0.2 : 1), repeat, clockTicksPerSecond());
} finally {
  await stopServers(servers);
}
