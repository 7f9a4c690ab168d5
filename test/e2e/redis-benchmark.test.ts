/**
 * redis-benchmark from Debian against the target: every test must finish with a rate and no
 * error. redis-benchmark reports a server error as "Error from server: ..." on stderr and exits
 * 1, and warns on stderr when its start-up CONFIG GET fails; any of these fails the test.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { runTool } from "./support/run-tool.ts";
import { type RunningServer, startTarget } from "./support/servers.ts";

// Real processes on a shared 2-core machine: the 5 s default is too tight (bunfig's [test]
// timeout is not applied by bun 1.4.5).
setDefaultTimeout(30_000);

let server: RunningServer;

beforeAll(async () => {
  server = await startTarget();
});

afterAll(async () => {
  await server?.close();
});

/**
 * Reads the final "NAME: 12345.67 requests per second, ..." line of each test. With -q the
 * progress lines are overwritten with "\r", so only the text after the last "\r" of a line counts.
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

const EXPECTED_TESTS = ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"];

for (const pipeline of [1, 16]) {
  test(`-t ping,set,get,incr,mset -n 10000 -q -P ${pipeline}`, async () => {
    const { stdout, stderr, exitCode } = await runTool(
      [
        "redis-benchmark",
        ...["-h", server.host, "-p", String(server.port)],
        ...["-t", "ping,set,get,incr,mset", "-n", "10000", "-q", "-P", String(pipeline)],
      ],
      { timeoutMs: 60_000 },
    );
    expect(stderr).toBe("");
    expect(stdout).not.toMatch(/ERR|Error|WRONGTYPE/);
    expect(exitCode).toBe(0);
    const rates = parseQuietOutput(stdout);
    expect([...rates.keys()]).toEqual(EXPECTED_TESTS);
    for (const [name, rate] of rates) {
      expect({ name, positive: rate > 0 }).toEqual({ name, positive: true });
    }
  });
}

test("a server error makes redis-benchmark fail (the check above can fail)", async () => {
  const key = "bench:not-a-number";
  const set = await runTool(["redis-cli", "-h", server.host, "-p", String(server.port), "set", key, "x"]);
  expect(set.stdout).toBe("OK\n");
  const { stdout, stderr, exitCode } = await runTool([
    "redis-benchmark",
    ...["-h", server.host, "-p", String(server.port)],
    ...["-n", "100", "-q", "incr", key],
  ]);
  expect(exitCode).not.toBe(0);
  expect(`${stdout}${stderr}`).toContain("Error from server: ERR value is not an integer or out of range");
});
