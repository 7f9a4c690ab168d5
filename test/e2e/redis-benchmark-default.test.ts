/**
 * `redis-benchmark -q` with its default test list (no `-t`) against the target: PING_INLINE,
 * PING_MBULK, SET, GET, INCR, LPUSH, RPUSH, LPOP, RPOP, SADD, HSET, SPOP, ZADD, ZPOPMIN, the
 * LPUSH that fills the list for LRANGE, LRANGE_100/300/500/600 and MSET. Every test must end
 * with a rate, nothing on stderr, exit code 0. redis-benchmark stops at the first error reply
 * ("Error from server: ..." on stderr, exit code 1); the last test makes one happen and checks
 * that `problems` reports it, so the first can fail.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { runTool, type ToolResult } from "./support/run-tool.ts";
import { type RunningServer, startTarget } from "./support/servers.ts";

// Real processes on a shared 2-core machine: the 5 s default is too tight.
setDefaultTimeout(60_000);

/** redis-benchmark 7.0's default list, in its order, as `-q` names them. */
const DEFAULT_TESTS = [
  "PING_INLINE",
  "PING_MBULK",
  "SET",
  "GET",
  "INCR",
  "LPUSH",
  "RPUSH",
  "LPOP",
  "RPOP",
  "SADD",
  "HSET",
  "SPOP",
  "ZADD",
  "ZPOPMIN",
  "LPUSH (needed to benchmark LRANGE)",
  "LRANGE_100 (first 100 elements)",
  "LRANGE_300 (first 300 elements)",
  "LRANGE_500 (first 500 elements)",
  "LRANGE_600 (first 600 elements)",
  "MSET (10 keys)",
];

/**
 * The final "NAME: 12345.67 requests per second, ..." line of each test. With -q the progress
 * lines are overwritten with "\r", so only the text after the last "\r" of a line counts.
 */
function parseQuietOutput(stdout: string): Map<string, number> {
  const rates = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const last = line.split("\r").at(-1)!.trim();
    const match = /^(.+?): ([\d.]+) requests per second/.exec(last);
    if (match) rates.set(match[1]!, Number(match[2]));
  }
  return rates;
}

/** Everything wrong with one run, empty when it is clean. */
function problems(run: ToolResult): string[] {
  const out: string[] = [];
  if (run.exitCode !== 0) out.push(`exit code ${run.exitCode}`);
  if (run.stderr !== "") out.push(`stderr: ${run.stderr.trim().slice(0, 300)}`);
  if (/ERR|Error|WRONGTYPE/.test(run.stdout)) out.push("an error in stdout");
  const rates = parseQuietOutput(run.stdout);
  const names = [...rates.keys()];
  if (names.join("|") !== DEFAULT_TESTS.join("|")) out.push(`tests reported: ${JSON.stringify(names)}`);
  for (const [name, rate] of rates) if (!(rate > 0)) out.push(`${name}: rate ${rate}`);
  return out;
}

function benchmark(server: RunningServer, ...extra: string[]): Promise<ToolResult> {
  return runTool(["redis-benchmark", "-h", server.host, "-p", String(server.port), "-q", ...extra], {
    timeoutMs: 60_000,
  });
}

for (const pipeline of ["1", "16"]) {
  test(`the default test list, -n 1000 -P ${pipeline}: a rate for every test, no error`, async () => {
    await using server = await startTarget();
    const run = await benchmark(server, "-n", "1000", "-P", pipeline);
    expect(problems(run)).toEqual([]);
  });
}

test("a server error stops the default list and `problems` reports it", async () => {
  await using server = await startTarget();
  // LPUSH's key (redis-benchmark's "mylist") holding a string: WRONGTYPE at the LPUSH test.
  const cli = ["redis-cli", "-h", server.host, "-p", String(server.port)];
  const set = await runTool([...cli, "set", "mylist", "x"]);
  expect(set.stdout).toBe("OK\n");
  const run = await benchmark(server, "-n", "200");
  expect(run.exitCode).not.toBe(0);
  expect(`${run.stdout}${run.stderr}`).toContain(
    "Error from server: WRONGTYPE Operation against a key holding the wrong kind of value",
  );
  const found = problems(run);
  expect(found).toContain("exit code 1");
  expect(found.some((p) => p.startsWith("tests reported:"))).toBe(true);
  // The tests before LPUSH ran and reported their rates.
  expect([...parseQuietOutput(run.stdout).keys()]).toEqual(DEFAULT_TESTS.slice(0, 5));
});
