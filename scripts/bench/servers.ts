/**
 * The two servers under test, each in its own process so that its CPU time and RSS can be read
 * from /proc: redbun (`bun cli/server.ts`) and redis-server (no persistence). Also the small
 * process helpers every bench section uses: redis-cli calls and bulk loading with
 * `redis-cli --pipe`.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Subprocess } from "bun";

export type ServerName = "redbun" | "redis";

export interface Server {
  name: ServerName;
  port: number;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** The last few kB the server printed, shown when it dies or fails to start. */
  logTail(): string;
}

export const ROOT = resolve(import.meta.dir, "../..");
export const HOST = "127.0.0.1";

function freePort(): number {
  const listener = Bun.listen({ hostname: HOST, port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

/** `--only redbun,redis` of the standalone benches: both when absent; an unknown name is an error. */
export function serverList(only: string | undefined): ServerName[] {
  if (only === undefined) return ["redbun", "redis"];
  return only.split(",").map((name) => {
    if (name !== "redbun" && name !== "redis")
      throw new Error(`--only: unknown server ${JSON.stringify(name)}`);
    return name;
  });
}

/** The servers to measure: those asked for that exist (redis-server may not be installed). */
export function availableServers(wanted: ServerName[]): ServerName[] {
  const names: ServerName[] = [];
  if (wanted.includes("redbun")) {
    if (!existsSync(resolve(ROOT, "cli/server.ts"))) throw new Error("cli/server.ts does not exist");
    names.push("redbun");
  }
  if (wanted.includes("redis")) {
    if (Bun.which("redis-server")) names.push("redis");
    else if (wanted.length === 1) throw new Error("redis-server is not installed");
    else console.error("redis-server is not installed: measuring redbun alone");
  }
  return names;
}

export async function startServer(name: ServerName): Promise<Server> {
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
      await Bun.sleep(5);
    }
  }
  proc.kill("SIGKILL");
  throw new Error(`${name} did not start listening on port ${port}:\n${tail}`);
}

export async function stopServers(servers: Server[]): Promise<void> {
  for (const server of servers) server.proc.kill("SIGTERM");
  await Promise.all(servers.map((server) => server.proc.exited));
}

/** Process CPU time (all threads, user + system) in clock ticks, from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  // The command name may contain spaces and parentheses: fields are counted after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3 (state).
  return Number(fields[11]) + Number(fields[12]);
}

/** Resident set size in bytes, from VmRSS in /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

export function clockTicksPerSecond(): number {
  const result = Bun.spawnSync(["getconf", "CLK_TCK"]);
  const ticks = Number(result.stdout.toString().trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function run(argv: string[], stdin?: Uint8Array): Promise<RunResult> {
  const proc = Bun.spawn(argv, { stdin: stdin ?? "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, exitCode };
}

/** One command through redis-cli; its reply as redis-cli prints it (raw mode). */
export async function cli(server: Server, ...args: string[]): Promise<string> {
  const { stdout, stderr, exitCode } = await run([
    "redis-cli",
    ...["-h", HOST, "-p", String(server.port), "--no-raw"],
    ...args,
  ]);
  if (exitCode !== 0 || stdout.startsWith("(error)")) {
    throw new Error(`redis-cli ${args.join(" ")} against ${server.name} failed: ${stdout}${stderr}`);
  }
  return stdout.trim();
}

export async function dbsize(server: Server): Promise<number> {
  return Number((await cli(server, "dbsize")).replace("(integer) ", ""));
}

/**
 * Sends pre-encoded RESP commands through `redis-cli --pipe`, the way Redis's documentation
 * loads bulk data: all writes pipelined, one check of the replies at the end.
 */
export async function pipeInto(server: Server, resp: Uint8Array): Promise<void> {
  const { stdout, stderr, exitCode } = await run(
    ["redis-cli", "-h", HOST, "-p", String(server.port), "--pipe"],
    resp,
  );
  if (exitCode !== 0 || !/errors: 0,/.test(stdout)) {
    throw new Error(`redis-cli --pipe into ${server.name} failed:\n${stdout}${stderr}`);
  }
}
