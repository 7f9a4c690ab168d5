/**
 * redbun-cli against redis-cli: the same script of commands, piped into each on stdin against
 * the same server, must produce byte-identical stdout in every output style (human via
 * --no-raw, raw, JSON) and protocol (RESP2, RESP3). This checks the formatter, the quoting of
 * input lines and the piped-stdin mode in one go.
 *
 * The server is REDBUN_TEST_TARGET (redis or redbun); the reference is always Debian's redis-cli.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type RunningServer, startTarget, targetName } from "../e2e/support/servers.ts";
import { redbunCli, redisCli, runProcess } from "./support/run-cli.ts";

let server: RunningServer;

const SETUP = String.raw`del diff:s diff:l diff:big diff:h diff:iset diff:z diff:t
set diff:s hello
rpush diff:l a "b c" "d\"e" "x\ny" "\x01\xff" "é" ""
rpush diff:big 1 2 3 4 5 6 7 8 9 10 11 12
hset diff:h f1 v1 f2 2
sadd diff:iset 3 1 2
zadd diff:z 1.5 a 2.5 b 1.1 c inf f -0.25 n 2 i
set diff:t abc
`;

// Only commands whose reply does not change when the script runs twice (once per CLI).
const SCRIPT = String.raw`ping
echo "multi\nline"
echo "\x4g"
echo "\q"
echo 'it\'s'
echo "\x01\xff\x7f"
echo é
echo "tab\there"
echo a b
get diff:s
get diff:missing
incr diff:t
foo bar "x\x01"
lrange diff:l 0 -1
lrange diff:missing 0 -1
lrange diff:big 0 -1
mget diff:s diff:missing diff:t
hgetall diff:h
hgetall diff:missing
smembers diff:iset
smembers diff:missing
zrange diff:z 0 1 withscores
zrangebyscore diff:z 2.5 +inf withscores
zscore diff:z c
zscore diff:z missing
exists diff:s diff:l diff:missing
type diff:h
set "unterminated

   
ttl diff:s
config get maxmemory
debug protocol true
debug protocol false
debug protocol double
debug protocol null
debug protocol map
debug protocol set
debug protocol verbatim
quit
ping
`;

beforeAll(async () => {
  // DEBUG PROTOCOL shows every RESP3 type; redis 7 refuses DEBUG unless enabled. (Without
  // DEBUG, both CLIs print the same error, so the script still compares.)
  server = await startTarget(targetName() === "redis" ? { "enable-debug-command": "yes" } : {});
  const setup = await runProcess(redisCli(server, []), { stdin: SETUP });
  expect(setup.exitCode).toBe(0);
});

afterAll(async () => {
  await server?.close();
});

const MODES: string[][] = [["--no-raw"], [], ["--json"], ["-3", "--no-raw"], ["-3"], ["-2", "--json"]];

describe("piped script: redbun-cli prints what redis-cli prints", () => {
  for (const mode of MODES) {
    test(`mode: ${mode.join(" ") || "(default: raw, stdout is a pipe)"}`, async () => {
      const [want, got] = await Promise.all([
        runProcess(redisCli(server, mode), { stdin: SCRIPT }),
        runProcess(redbunCli(server, mode), { stdin: SCRIPT }),
      ]);
      expect(want.exitCode).toBe(0);
      // Line arrays make a failure point at the command that differs.
      expect(got.stdout.split("\n")).toEqual(want.stdout.split("\n"));
      expect(got.exitCode).toBe(want.exitCode);
    });
  }
});

// The reply parser turns RESP3 doubles into JS numbers, so `,2` cannot be told from `:2` and
// prints as `(integer) 2`. This test documents the gap; it starts failing (and should become a
// plain test) once the parser keeps doubles distinguishable.
test.failing("RESP3: an integral double prints as (double)", async () => {
  const cmd = ["-3", "--no-raw", "zscore", "diff:z", "i"];
  const [want, got] = await Promise.all([
    runProcess(redisCli(server, cmd)),
    runProcess(redbunCli(server, cmd)),
  ]);
  expect(want.stdout).toBe("(double) 2\n");
  expect(got.stdout).toBe(want.stdout);
});

describe("one-shot: the same command as arguments", () => {
  const COMMANDS = [
    ["lrange", "diff:l", "0", "-1"],
    ["hgetall", "diff:h"],
    ["incr", "diff:t"],
    ["get", "diff:missing"],
  ];
  for (const mode of [["--no-raw"], [], ["-3", "--no-raw"], ["--json"]]) {
    test(`mode: ${mode.join(" ") || "(default)"}`, async () => {
      for (const cmd of COMMANDS) {
        const [want, got] = await Promise.all([
          runProcess(redisCli(server, [...mode, ...cmd])),
          runProcess(redbunCli(server, [...mode, ...cmd])),
        ]);
        expect({ cmd, stdout: got.stdout, exitCode: got.exitCode }).toEqual({
          cmd,
          stdout: want.stdout,
          exitCode: want.exitCode,
        });
      }
    });
  }
});
