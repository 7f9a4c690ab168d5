/**
 * Runs a command-line tool (redis-cli, redis-benchmark) to completion and returns what it
 * printed, so tests can assert on exact output and on the exit code together.
 *
 * @example
 * const { stdout, exitCode } = await runTool(["redis-cli", "-p", String(port), "ping"]);
 */
export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runTool(
  argv: string[],
  options: { stdin?: string | Uint8Array; timeoutMs?: number } = {},
): Promise<ToolResult> {
  const proc = Bun.spawn(argv, {
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  // A tool that hangs (waiting for a reply that never comes) must fail the test, not stall it.
  const timer = setTimeout(() => proc.kill("SIGKILL"), options.timeoutMs ?? 20_000);
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  return { stdout, stderr, exitCode };
}
