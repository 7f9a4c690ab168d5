/**
 * `bun run bench [--quick] [--only redbun|redis] [--repeat N]`
 *
 * Runs redis-benchmark against redbun (`bun cli/server.ts`, its own process so its CPU time can
 * be read from /proc) and, when installed, against redis-server, in the same run and
 * alternating per repetition so that machine noise hits both alike. For each test it prints
 * the median ops/s of each server, the ratio redbun/redis, and each server's CPU time per
 * request (utime+stime from /proc/<pid>/stat, before and after the test). After the
 * random-key test it prints each server's RSS and key count.
 *
 * Each SET and GET is its own redis-benchmark run, so that the CPU time read around it
 * belongs to one command only.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Subprocess } from "bun";

type ServerName = "redbun" | "redis";

interface Options {
  quick: boolean;
  only: ServerName | undefined;
  repeat: number;
}

/** One redis-benchmark run: a single command (`-t set` or `-t get`) with fixed flags. */
interface BenchCase {
  group: string;
  command: "set" | "get";
  flags: string[];
  requests: number;
}

interface Sample {
  rps: number;
  cpuMicrosPerRequest: number;
}

interface Server {
  name: ServerName;
  port: number;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** The last few kB the server printed, shown when it dies or fails to start. */
  logTail(): string;
}

const ROOT = resolve(import.meta.dir, "..");
const HOST = "127.0.0.1";

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
    console.log("usage: bun run bench [--quick] [--only redbun|redis] [--repeat N]");
    process.exit(0);
  }
  const only = values.only;
  if (only !== undefined && only !== "redbun" && only !== "redis") {
    throw new Error(`--only must be redbun or redis, not ${JSON.stringify(only)}`);
  }
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer`);
  return { quick: values.quick, only, repeat };
}

/**
 * The tests. Pipelined runs get more requests than unpipelined ones so that each lasts long
 * enough to measure; the random-key test needs about 3 million SETs for 1 million random keys
 * to be ~95% filled (1 - e^-3), which is the point of its memory figure.
 */
function benchCases(quick: boolean): BenchCase[] {
  const scale = quick ? 0.1 : 1;
  const groups: Array<{ group: string; flags: string[]; requests: number }> = [
    { group: "-c 50", flags: ["-c", "50"], requests: 200_000 },
    { group: "-c 50 -P 16", flags: ["-c", "50", "-P", "16"], requests: 1_000_000 },
    {
      group: "-c 50 -P 16 -r 1M -d 32",
      flags: ["-c", "50", "-P", "16", "-r", "1000000", "-d", "32"],
      requests: 3_000_000,
    },
  ];
  return groups.flatMap(({ group, flags, requests }) =>
    (["set", "get"] as const).map((command) => ({
      group,
      command,
      flags,
      requests: Math.round(requests * scale),
    })),
  );
}

function freePort(): number {
  const listener = Bun.listen({ hostname: HOST, port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

async function startServer(name: ServerName): Promise<Server> {
  const port = freePort();
  const argv =
    name === "redbun"
      ? [process.execPath, "cli/server.ts", "--port", String(port)]
      : ["redis-server", "--port", String(port), "--save", "", "--appendonly", "no"];
  const proc = Bun.spawn(argv, { cwd: ROOT, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let tail = "";
  // Drain both pipes for the whole run: a server blocked on a full pipe would skew everything.
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) tail = (tail + decoder.decode(chunk)).slice(-4096);
  };
  void drain(proc.stdout);
  void drain(proc.stderr);
  const server: Server = { name, port, proc, logTail: () => tail };

  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    try {
      const socket = await Bun.connect({ hostname: HOST, port, socket: { data() {} } });
      socket.end();
      return server;
    } catch {
      await Bun.sleep(50);
    }
  }
  proc.kill("SIGKILL");
  throw new Error(`${name} did not start listening on port ${port}:\n${tail}`);
}

/** Process CPU time (all threads, user + system) in clock ticks, from /proc/<pid>/stat. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  // The command name may contain spaces and parentheses: fields are counted after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3 (state).
  return Number(fields[11]) + Number(fields[12]);
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

function clockTicksPerSecond(): number {
  const result = Bun.spawnSync(["getconf", "CLK_TCK"]);
  const ticks = Number(result.stdout.toString().trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
}

async function run(argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const proc = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, exitCode };
}

/** Reads the rps column of redis-benchmark's --csv line for the one test it ran. */
function parseCsvRps(stdout: string): number {
  for (const line of stdout.split("\n")) {
    const cells = line.split(",").map((cell) => cell.replaceAll('"', ""));
    if (cells.length >= 2 && cells[0] !== "test" && cells[1] !== undefined) {
      const rps = Number(cells[1]);
      if (Number.isFinite(rps)) return rps;
    }
  }
  return Number.NaN;
}

async function measure(server: Server, bench: BenchCase, ticksPerSecond: number): Promise<Sample> {
  const before = cpuTicks(server.proc.pid);
  const { stdout, stderr, exitCode } = await run([
    "redis-benchmark",
    ...["-h", HOST, "-p", String(server.port)],
    ...bench.flags,
    ...["-n", String(bench.requests), "-t", bench.command, "--csv"],
  ]);
  const after = cpuTicks(server.proc.pid);
  if (exitCode !== 0 || /Error from server/.test(stdout + stderr)) {
    throw new Error(
      `redis-benchmark against ${server.name} failed (exit ${exitCode}):\n${stdout}${stderr}\n` +
        `server log:\n${server.logTail()}`,
    );
  }
  const seconds = (after - before) / ticksPerSecond;
  return { rps: parseCsvRps(stdout), cpuMicrosPerRequest: (seconds * 1e6) / bench.requests };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function dbsize(server: Server): Promise<number> {
  const { stdout } = await run(["redis-cli", "-h", HOST, "-p", String(server.port), "dbsize"]);
  return Number(stdout.trim());
}

function formatInt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "-";
}

function formatFixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  // The first column is text (left-aligned); every other column is a number (right-aligned).
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!Bun.which("redis-benchmark")) throw new Error("redis-benchmark is not installed");

  const names: ServerName[] = [];
  if (options.only !== "redis") {
    if (!existsSync(resolve(ROOT, "cli/server.ts"))) throw new Error("cli/server.ts does not exist");
    names.push("redbun");
  }
  if (options.only !== "redbun") {
    if (Bun.which("redis-server")) names.push("redis");
    else if (options.only === "redis") throw new Error("redis-server is not installed");
    else console.error("redis-server is not installed: measuring redbun alone");
  }

  const ticksPerSecond = clockTicksPerSecond();
  const cases = benchCases(options.quick);
  const servers: Server[] = [];
  const stopAll = () => {
    for (const server of servers) server.proc.kill("SIGKILL");
  };
  process.on("SIGINT", () => {
    stopAll();
    process.exit(130);
  });

  try {
    for (const name of names) servers.push(await startServer(name));
    const redisVersion = Bun.spawnSync(["redis-server", "--version"]).stdout.toString().trim();
    console.log(`bun ${Bun.version}; ${redisVersion || "no redis-server"}; CLK_TCK ${ticksPerSecond}`);
    console.log(`${options.quick ? "quick run, " : ""}median of ${options.repeat} run(s) per test\n`);

    const samples = new Map<string, Sample[]>();
    const memory: string[][] = [];
    for (const bench of cases) {
      for (let round = 0; round < options.repeat; round++) {
        // Alternate who goes first, so that a slow stretch of the machine is shared out evenly.
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const sample = await measure(server, bench, ticksPerSecond);
          const key = `${bench.group}|${bench.command}|${server.name}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          console.error(
            `  ${server.name.padEnd(6)} ${bench.command.toUpperCase()} ${bench.group} ` +
              `n=${bench.requests}: ${formatInt(sample.rps)} ops/s, ` +
              `${formatFixed(sample.cpuMicrosPerRequest, 2)} µs CPU/req`,
          );
        }
      }
      if (bench === cases.at(-1)) {
        for (const server of servers) {
          const rss = rssKiB(server.proc.pid) / 1024;
          memory.push([server.name, formatInt(await dbsize(server)), formatFixed(rss, 1)]);
        }
      }
    }

    const rows = cases.map((bench) => {
      const stat = (name: ServerName, pick: (sample: Sample) => number) => {
        const list = samples.get(`${bench.group}|${bench.command}|${name}`);
        return list ? median(list.map(pick)) : Number.NaN;
      };
      const redbunRps = stat("redbun", (s) => s.rps);
      const redisRps = stat("redis", (s) => s.rps);
      const redbunCpu = stat("redbun", (s) => s.cpuMicrosPerRequest);
      const redisCpu = stat("redis", (s) => s.cpuMicrosPerRequest);
      return [
        `${bench.command.toUpperCase()} ${bench.group}`,
        formatInt(bench.requests),
        formatInt(redbunRps),
        formatInt(redisRps),
        formatFixed(redbunRps / redisRps, 2),
        formatFixed(redbunCpu, 2),
        formatFixed(redisCpu, 2),
      ];
    });
    console.log();
    printTable(
      ["test", "requests", "redbun ops/s", "redis ops/s", "redbun/redis", "redbun µs/req", "redis µs/req"],
      rows,
    );
    console.log("\n(µs/req: server CPU time, user + system, per request)\n");
    console.log(`after the ${cases.at(-1)!.group} test:`);
    printTable(["server", "keys", "RSS MiB"], memory);
  } finally {
    for (const server of servers) server.proc.kill("SIGTERM");
    await Promise.all(servers.map((server) => server.proc.exited));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
