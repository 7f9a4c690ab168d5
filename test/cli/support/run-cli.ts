/**
 * Runs redbun-cli (from source, or a compiled binary) and redis-cli as processes and captures
 * their output as exact bytes, so the two can be compared byte for byte.
 *
 * @example
 * const r = await runProcess(redbunCli(server, ["--no-raw", "get", "k"]));
 * expect(r.stdout).toBe('"v"\n');
 */
import { resolve } from "node:path";

/** The repository root: the CLI is started from here whatever the test's cwd. */
export const ROOT = resolve(import.meta.dir, "../../..");

export interface ProcessResult {
  /** stdout as a binary string (one char per byte), so any byte difference shows. */
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Target {
  host: string;
  port: number;
}

/** argv for redbun-cli from source, pointed at `target`. */
export function redbunCli(target: Target, args: readonly string[]): string[] {
  return [process.execPath, "cli/cli.ts", "-h", target.host, "-p", String(target.port), ...args];
}

/** argv for the real redis-cli, pointed at `target`. */
export function redisCli(target: Target, args: readonly string[]): string[] {
  return ["redis-cli", "-h", target.host, "-p", String(target.port), ...args];
}

export async function runProcess(
  argv: readonly string[],
  options: { stdin?: string | Uint8Array; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const proc = Bun.spawn([...argv], {
    cwd: ROOT,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    env: options.env ?? process.env,
  });
  // A CLI waiting for a reply that never comes must fail the test, not hang it.
  const timer = setTimeout(() => proc.kill("SIGKILL"), options.timeoutMs ?? 20_000);
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).arrayBuffer(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { stdout: Buffer.from(stdout).toString("latin1"), stderr, exitCode };
}

/**
 * Reads a process's stdout as it streams, for subscribe mode: `until(text)` resolves once
 * everything printed so far contains `text`.
 */
export class StreamReader {
  private text = "";
  private waiters: { needle: string; resolve: () => void }[] = [];
  readonly done: Promise<void>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.done = (async () => {
      for await (const chunk of stream) {
        this.text += Buffer.from(chunk).toString("latin1");
        this.waiters = this.waiters.filter((w) => {
          if (!this.text.includes(w.needle)) return true;
          w.resolve();
          return false;
        });
      }
    })();
  }

  get output(): string {
    return this.text;
  }

  until(needle: string, timeoutMs = 10_000): Promise<void> {
    if (this.text.includes(needle)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`timed out waiting for ${JSON.stringify(needle)}; got ${JSON.stringify(this.text)}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        needle,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
