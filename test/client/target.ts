/**
 * The servers the client tests talk to: a real redis-server and redbun's own server, both in one
 * `bun test` run, so every client test checks the client against Redis and redbun against the
 * client. REDBUN_TEST_TARGET=redis|redbun narrows the run to one of them.
 *
 * @example
 * describe.each(TARGETS)("%s", (name) => {
 *   const t = onTarget(name);
 *   t.test("get", async () => { ... });                   // runs on both
 *   t.needs(GAP.evictionConfig)("config set maxmemory-samples", async () => { ... });      // skipped on redbun, with the reason
 * });
 */
import { test } from "bun:test";
import type { Subprocess } from "bun";

export type TargetName = "redis" | "redbun";

export interface Target extends AsyncDisposable {
  name: TargetName;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The servers this run covers: both, unless REDBUN_TEST_TARGET names one. */
export const TARGETS: readonly TargetName[] = (() => {
  const which = process.env.REDBUN_TEST_TARGET;
  if (which === undefined || which === "") return ["redis", "redbun"] as const;
  if (which === "redis" || which === "redbun") return [which] as const;
  throw new Error(`REDBUN_TEST_TARGET must be redis or redbun, got '${which}'`);
})();

/**
 * What redbun does not have yet, as the reason printed next to a skipped test. A test that
 * needs one of these runs against redis-server only, until redbun catches up.
 */
export const GAP = {
  evictionConfig: "eviction settings (CONFIG SET maxmemory-samples)",
} as const;

type TestFn = NonNullable<Parameters<typeof test>[1]>;
type Register = (name: string, fn: TestFn, timeout?: number) => void;

/** Per-target test registration: `test` always runs, `needs(gap)` skips on redbun and says why. */
export function onTarget(name: TargetName): { test: Register; needs(gap: string): Register } {
  return {
    test: (title, fn, timeout) => test(title, fn, timeout),
    needs: (gap) => (title, fn, timeout) => {
      if (name === "redbun") test.skip(`${title} [redbun: skipped, needs ${gap}]`, fn, timeout);
      else test(title, fn, timeout);
    },
  };
}

/** A port that was free a moment ago: bind port 0, read it, release it. */
function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Resolve once `needle` shows up in the process's stdout (redis logs readiness there). */
async function waitForOutput(proc: Subprocess<"ignore", "pipe", "pipe">, needle: string): Promise<string> {
  const decoder = new TextDecoder();
  let seen = "";
  for await (const chunk of proc.stdout) {
    seen += decoder.decode(chunk, { stream: true });
    if (seen.includes(needle)) return seen;
  }
  throw new Error(`redis-server exited before '${needle}':\n${seen}`);
}

async function startRedis(): Promise<Target> {
  const port = freePort();
  const proc = Bun.spawn(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  await waitForOutput(proc, "Ready to accept connections");
  const close = async () => {
    proc.kill();
    await proc.exited;
  };
  return { name: "redis", url: `redis://127.0.0.1:${port}`, port, close, [Symbol.asyncDispose]: close };
}

async function startRedbun(): Promise<Target> {
  // Loaded only for this target: the server is written separately from the client.
  const mod = (await import("../../src/server/index.ts")) as {
    startServer(o: { port: number }): Promise<{ url: string; port: number; close(): Promise<void> | void }>;
  };
  const s = await mod.startServer({ port: 0 });
  const close = async () => {
    await s.close();
  };
  return { name: "redbun", url: s.url, port: s.port, close, [Symbol.asyncDispose]: close };
}

/** Starts `name`; without it, REDBUN_TEST_TARGET's server or redis-server (scripts/bench-client.ts). */
export function startTarget(
  name: TargetName = TARGETS.length === 1 ? TARGETS[0]! : "redis",
): Promise<Target> {
  return name === "redis" ? startRedis() : startRedbun();
}
