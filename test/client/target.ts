/**
 * The server the client tests talk to: a real redis-server (default) or redbun's own server,
 * chosen with REDBUN_TEST_TARGET=redis|redbun, so the same tests check both.
 */
import type { Subprocess } from "bun";

export interface Target extends AsyncDisposable {
  url: string;
  port: number;
  close(): Promise<void>;
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
  return { url: `redis://127.0.0.1:${port}`, port, close, [Symbol.asyncDispose]: close };
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
  return { url: s.url, port: s.port, close, [Symbol.asyncDispose]: close };
}

export function startTarget(): Promise<Target> {
  const which = process.env.REDBUN_TEST_TARGET ?? "redis";
  if (which === "redis") return startRedis();
  if (which === "redbun") return startRedbun();
  throw new Error(`REDBUN_TEST_TARGET must be redis or redbun, got '${which}'`);
}

export const TARGET = process.env.REDBUN_TEST_TARGET ?? "redis";
