/**
 * Servers for the end-to-end tests: the same test runs against redbun or against the real
 * redis-server from Debian, chosen by `REDBUN_TEST_TARGET=redis|redbun` (default redbun).
 * Running the suite against redis-server first shows that a failure is redbun's, not the test's.
 *
 * @example
 * await using server = await startTarget();
 * const r = await $`redis-cli -p ${server.port} ping`.text();
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Subprocess } from "bun";

export type TargetName = "redis" | "redbun";

/** The repository root, so spawned processes find `cli/server.ts` whatever the cwd. */
export const ROOT = resolve(import.meta.dir, "../../..");

export interface RunningServer extends AsyncDisposable {
  readonly target: TargetName;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface SpawnedServer extends RunningServer {
  readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Resolves with the exit code once the process is gone. */
  readonly exited: Promise<number>;
  /** Everything the process wrote to stdout and stderr, once it has exited. */
  output(): Promise<string>;
}

export const HOST = "127.0.0.1";

export function targetName(): TargetName {
  const name = process.env.REDBUN_TEST_TARGET ?? "redbun";
  if (name !== "redis" && name !== "redbun") {
    throw new Error(`REDBUN_TEST_TARGET must be "redis" or "redbun", not ${JSON.stringify(name)}`);
  }
  return name;
}

/**
 * A port nobody listens on right now: bind port 0, read the number, close. A spawned server
 * cannot be handed port 0 and tell us its choice, so this small race is the price of a real port.
 */
export function freePort(): number {
  const listener = Bun.listen({ hostname: HOST, port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

/** True when something accepts a TCP connection on the port. */
export async function isListening(port: number): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: HOST, port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Retries connect until the port accepts, the process dies, or the deadline passes. Polling is
 * the only readiness signal both servers share (redis-server's log line is not redbun's).
 */
export async function waitForPort(port: number, exited?: Promise<number>, timeoutMs = 10_000): Promise<void> {
  let exitCode: number | undefined;
  exited?.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited with code ${exitCode} before listening`);
    if (await isListening(port)) return;
    await Bun.sleep(25);
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
}

/** Waits until connecting to the port is refused (the server has really let go of it). */
export async function waitForPortClosed(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isListening(port))) return;
    await Bun.sleep(25);
  }
  throw new Error(`port ${port} still accepts connections after ${timeoutMs} ms`);
}

/** The argv that starts `target` as a process on `port`; `args` are redis-server style flags. */
export function serverCommand(target: TargetName, port: number, args: readonly string[] = []): string[] {
  if (target === "redis") {
    return ["redis-server", "--port", String(port), "--save", "", "--appendonly", "no", ...args];
  }
  return [process.execPath, "cli/server.ts", "--port", String(port), ...args];
}

const spawned = new Set<Subprocess>();

/** Kills every process spawned through this module that is still running (for afterAll). */
export function killAll(): void {
  for (const proc of spawned) proc.kill("SIGKILL");
  spawned.clear();
}

/**
 * Starts the target as a separate process and waits until it accepts connections.
 * `close()` sends SIGTERM, and SIGKILL if it is still there two seconds later.
 */
export async function spawnTarget(
  args: readonly string[] = [],
  target: TargetName = targetName(),
): Promise<SpawnedServer> {
  const port = freePort();
  const proc = Bun.spawn(serverCommand(target, port, args), {
    cwd: ROOT,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  spawned.add(proc);
  // Drain both pipes from the start: a server that logs a lot must never block on a full pipe.
  const stdout = new Response(proc.stdout).text();
  const stderr = new Response(proc.stderr).text();
  const exited = proc.exited.then((code) => {
    spawned.delete(proc);
    return code;
  });
  const output = async () => `${await stdout}${await stderr}`;
  try {
    await waitForPort(port, exited);
  } catch (error) {
    proc.kill("SIGKILL");
    await exited;
    throw new Error(`${(error as Error).message}\n${await output()}`, { cause: error });
  }
  const close = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    target,
    host: HOST,
    port,
    url: `redis://${HOST}:${port}`,
    proc,
    exited,
    output,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What `startServer` in src/server/index.ts returns (only the parts the tests use). */
interface InProcessServer {
  host: string;
  port: number;
  close(): Promise<void>;
}
type StartServer = (options: { port: number; config?: Record<string, string> }) => Promise<InProcessServer>;

/**
 * Starts the target for a client test: redbun in this process through `startServer` (no
 * process start-up cost, and its stack traces land in the test output), redis-server as a
 * process. `config` holds redis.conf parameters, e.g. `{ maxclients: "2" }`.
 */
export async function startTarget(
  config: Record<string, string> = {},
  target: TargetName = targetName(),
): Promise<RunningServer> {
  if (target === "redis") {
    const args = Object.entries(config).flatMap(([name, value]) => [`--${name}`, value]);
    return spawnTarget(args, "redis");
  }
  const modulePath = resolve(ROOT, "src/server/index.ts");
  if (!existsSync(modulePath)) {
    throw new Error(`${modulePath} does not exist yet: run with REDBUN_TEST_TARGET=redis`);
  }
  // A computed specifier, so this file type-checks before the server module exists.
  const { startServer } = (await import(modulePath)) as { startServer: StartServer };
  const server = await startServer({ port: 0, config });
  const close = () => server.close();
  // A wildcard address is where the server listens, not an address to connect to.
  const host = !server.host || server.host === "0.0.0.0" || server.host === "::" ? HOST : server.host;
  return {
    target,
    host,
    port: server.port,
    url: `redis://${host.includes(":") ? `[${host}]` : host}:${server.port}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}
