/**
 * `bun run bench [--quick] [--only <server|section>,...] [--repeat N]`
 *
 * Measures redbun against redis-server in the same run, with redis-benchmark and /proc:
 *
 * - `strings`: SET and GET throughput (scripts/bench/throughput.ts), then RSS and key count.
 * - `collections`: redis-benchmark's LPUSH, LPOP, SADD, HSET, ZADD, ZPOPMIN and LRANGE_100.
 * - `complexity`: ZADD, ZRANK, LINDEX and SCAN at 1k and 1M elements (scripts/bench/complexity.ts).
 * - `memory`: bytes per element for strings, hashes, sets, sorted sets and lists
 *   (scripts/bench/memory.ts).
 * - `bullmq`: BullMQ jobs/s, addBulk then a Worker with concurrency 50 (scripts/bench/bullmq.ts;
 *   also alone as scripts/bench-bullmq.ts).
 * - `caching`: the client's GET rate with its client-side cache off and on (scripts/bench/caching.ts;
 *   also alone as scripts/bench-cache.ts).
 * - `scripting`: redis-benchmark EVALSHA of `return 1`, of SET+GET and of a cjson/cmsgpack round
 *   trip (scripts/bench/scripting.ts; also alone as scripts/bench-scripting.ts).
 *
 * `--only` takes a comma-separated list of servers (redbun, redis) and/or sections; `--repeat N`
 * prints the median of N runs of each throughput and complexity measurement; `--quick` runs a
 * short version of everything (fewer requests, 100k elements instead of 1M) in about a minute.
 * Tables go to stdout, progress lines to stderr.
 */
import { parseArgs } from "node:util";
import { runBullmq } from "./bench/bullmq.ts";
import { runCaching } from "./bench/caching.ts";
import { runComplexity } from "./bench/complexity.ts";
import { datasets } from "./bench/fill.ts";
import { runMemory } from "./bench/memory.ts";
import { printHeading, progress } from "./bench/report.ts";
import { scriptingCases } from "./bench/scripting.ts";
import {
  availableServers,
  clockTicksPerSecond,
  type Server,
  type ServerName,
  startServer,
  stopServers,
} from "./bench/servers.ts";
import { dataModelCases, runThroughput, stringCases } from "./bench/throughput.ts";

const SERVERS = ["redbun", "redis"] as const;
const SECTIONS = [
  "strings",
  "collections",
  "complexity",
  "memory",
  "bullmq",
  "caching",
  "scripting",
] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  servers: ServerName[];
  sections: Section[];
  repeat: number;
}

const USAGE =
  "usage: bun run bench [--quick] [--only redbun|redis|strings|collections|complexity|memory|bullmq|caching|scripting,...] [--repeat N]";

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      repeat: { type: "string", default: "1" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = values.only === undefined ? [] : values.only.split(",").map((word) => word.trim());
  for (const word of only) {
    if (!(SERVERS as readonly string[]).includes(word) && !(SECTIONS as readonly string[]).includes(word)) {
      throw new Error(`--only: ${JSON.stringify(word)} is neither a server nor a section\n${USAGE}`);
    }
  }
  const servers = SERVERS.filter((name) => only.includes(name));
  const sections = SECTIONS.filter((name) => only.includes(name));
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat must be a positive integer");
  return {
    quick: values.quick,
    servers: servers.length > 0 ? servers : [...SERVERS],
    sections: sections.length > 0 ? sections : [...SECTIONS],
    repeat,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const tool of ["redis-benchmark", "redis-cli"]) {
    if (!Bun.which(tool)) throw new Error(`${tool} is not installed`);
  }
  const names = availableServers(options.servers);
  const ticksPerSecond = clockTicksPerSecond();
  const scale = options.quick ? 0.1 : 1;
  const big = options.quick ? 100_000 : 1_000_000;

  const servers: Server[] = [];
  process.on("SIGINT", () => {
    for (const server of servers) server.proc.kill("SIGKILL");
    process.exit(130);
  });

  const redisVersion = Bun.spawnSync(["redis-server", "--version"]).stdout.toString().trim();
  console.log(`bun ${Bun.version}; ${redisVersion || "no redis-server"}; CLK_TCK ${ticksPerSecond}`);
  console.log(
    `${options.quick ? "quick run, " : ""}median of ${options.repeat} run(s) per measurement; ` +
      `sections: ${options.sections.join(", ")}`,
  );

  const wants = (section: Section) => options.sections.includes(section);
  const section = async (name: Section, title: string, body: () => Promise<void>) => {
    if (!wants(name)) return;
    printHeading(`${name}: ${title}`);
    const start = performance.now();
    await body();
    progress(`${name} took ${((performance.now() - start) / 1000).toFixed(1)} s`);
  };
  try {
    if (
      wants("strings") ||
      wants("collections") ||
      wants("complexity") ||
      wants("bullmq") ||
      wants("caching") ||
      wants("scripting")
    ) {
      for (const name of names) servers.push(await startServer(name));
    }
    await section("strings", "redis-benchmark SET/GET", () =>
      runThroughput(servers, stringCases(scale), options.repeat, ticksPerSecond, true),
    );
    await section("collections", "redis-benchmark list, set, hash and sorted-set tests", () =>
      runThroughput(servers, dataModelCases(scale), options.repeat, ticksPerSecond),
    );
    await section(
      "complexity",
      `cost per operation at 1k and at ${options.quick ? "100k" : "1M"} elements`,
      () =>
        runComplexity(servers, {
          small: 1_000,
          big,
          seconds: options.quick ? 0.25 : 1.5,
          repeat: options.repeat,
          ticksPerSecond,
        }),
    );
    const jobs = options.quick ? 1_000 : 10_000;
    await section("bullmq", `BullMQ, ${jobs} jobs: addBulk, then a Worker (concurrency 50)`, () =>
      runBullmq(servers, jobs, ticksPerSecond),
    );
    await section("caching", "GET of a hot key set, client-side cache off vs on", async () => {
      for (const writesPerBatch of [0, 1]) {
        await runCaching(servers, { ops: 500_000 * scale, keys: 1_000, batch: 100, writesPerBatch });
      }
    });
    await section("scripting", "redis-benchmark EVALSHA", () =>
      runThroughput(servers, scriptingCases(scale), options.repeat, ticksPerSecond),
    );
    await stopServers(servers.splice(0));
    await section("memory", "RSS growth per element, fresh servers, loaded with redis-cli --pipe", () =>
      runMemory(names, datasets(big, big / 10), options.quick ? 500 : 2_000),
    );
    console.log(
      "\nµs/req, CPU µs: server CPU time (user + system, /proc/<pid>/stat) per request; " +
        "`!` marks a figure that misses the issue's target.",
    );
  } finally {
    await stopServers(servers);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
