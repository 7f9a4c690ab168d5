/**
 * redbun-cli as a process: one-shot commands, exit codes, -n / -a / -u / -3, piped stdin,
 * subscribe streaming, and failures to connect or parse options. The server is
 * REDBUN_TEST_TARGET (redis or redbun); checks go through redis-cli where the CLI under test
 * must not be its own witness.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pkg from "../../package.json" with { type: "json" };
import { freePort, type RunningServer, startTarget } from "../e2e/support/servers.ts";
import { ROOT, redbunCli, redisCli, runProcess, StreamReader } from "./support/run-cli.ts";

let server: RunningServer;
let secured: RunningServer;

beforeAll(async () => {
  [server, secured] = await Promise.all([startTarget(), startTarget({ requirepass: "s3cret" })]);
});

afterAll(async () => {
  await Promise.all([server?.close(), secured?.close()]);
});

const cli = (...args: string[]) => runProcess(redbunCli(server, args));

describe("one-shot", () => {
  test("set prints OK and exits 0; get prints the raw value when piped", async () => {
    expect(await cli("set", "cli:a", "hello world")).toEqual({ stdout: "OK\n", stderr: "", exitCode: 0 });
    expect((await cli("get", "cli:a")).stdout).toBe("hello world\n");
    expect((await cli("--no-raw", "get", "cli:a")).stdout).toBe('"hello world"\n');
    expect((await cli("--no-raw", "get", "cli:missing")).stdout).toBe("(nil)\n");
  });

  test("arguments after the command are never options", async () => {
    await cli("set", "cli:n", "10");
    expect((await cli("--no-raw", "incrby", "cli:n", "-1")).stdout).toBe("(integer) 9\n");
    expect((await cli("echo", "--help")).stdout).toBe("--help\n");
  });

  test("an error reply goes to stdout and exits 0, like redis-cli; -e makes it exit 1", async () => {
    await cli("set", "cli:text", "abc");
    expect(await cli("incr", "cli:text")).toEqual({
      stdout: "ERR value is not an integer or out of range\n\n",
      stderr: "",
      exitCode: 0,
    });
    expect(await cli("--no-raw", "incr", "cli:text")).toEqual({
      stdout: "(error) ERR value is not an integer or out of range\n",
      stderr: "",
      exitCode: 0,
    });
    expect((await cli("-e", "incr", "cli:text")).exitCode).toBe(1);
    expect((await cli("-e", "get", "cli:text")).exitCode).toBe(0);
  });

  test("-n selects the database", async () => {
    expect((await cli("-n", "3", "set", "cli:db", "three")).stdout).toBe("OK\n");
    expect((await runProcess(redisCli(server, ["-n", "3", "get", "cli:db"]))).stdout).toBe("three\n");
    expect((await runProcess(redisCli(server, ["-n", "0", "exists", "cli:db"]))).stdout).toBe("0\n");
  });

  test("-u redis://host:port/db", async () => {
    const url = `redis://${server.host}:${server.port}/4`;
    const r = await runProcess([process.execPath, "cli/cli.ts", "-u", url, "set", "cli:u", "four"]);
    expect(r.stdout).toBe("OK\n");
    expect((await runProcess(redisCli(server, ["-n", "4", "get", "cli:u"]))).stdout).toBe("four\n");
  });

  test("-3 speaks RESP3: CONFIG GET prints as a map", async () => {
    expect((await cli("-3", "--no-raw", "config", "get", "maxmemory")).stdout).toBe(
      '1# "maxmemory" => "0"\n',
    );
    expect((await cli("--no-raw", "config", "get", "maxmemory")).stdout).toBe('1) "maxmemory"\n2) "0"\n');
    // --json asks for RESP3 unless -2 is given, as in redis-cli.
    expect((await cli("--json", "config", "get", "maxmemory")).stdout).toBe('{"maxmemory":"0"}\n');
    expect((await cli("-2", "--json", "config", "get", "maxmemory")).stdout).toBe('["maxmemory","0"]\n');
  });
});

describe("shutdown", () => {
  test("a successful SHUTDOWN prints nothing and exits 0, like redis-cli; the server is gone", async () => {
    const doomed = await startTarget();
    const result = await runProcess(redbunCli(doomed, ["shutdown", "nosave"]));
    expect(result).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect((await runProcess(redbunCli(doomed, ["ping"]))).exitCode).toBe(1);
    await doomed.close();
  });
});

describe("authentication", () => {
  const on = (args: string[], env?: Record<string, string>) =>
    runProcess(redbunCli(secured, args), env ? { env: { ...process.env, ...env } } : {});

  test("-a authenticates and warns on stderr like redis-cli", async () => {
    const r = await on(["-a", "s3cret", "ping"]);
    expect(r.stdout).toBe("PONG\n");
    expect(r.stderr).toBe(
      "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
    );
    expect(r.exitCode).toBe(0);
    expect(await on(["--no-auth-warning", "-a", "s3cret", "ping"])).toEqual({
      stdout: "PONG\n",
      stderr: "",
      exitCode: 0,
    });
  });

  test("REDISCLI_AUTH supplies the password without a warning", async () => {
    expect(await on(["ping"], { REDISCLI_AUTH: "s3cret" })).toEqual({
      stdout: "PONG\n",
      stderr: "",
      exitCode: 0,
    });
  });

  test("a wrong password stops before running the command", async () => {
    const r = await on(["--no-auth-warning", "-a", "wrong", "ping"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toStartWith("AUTH failed: WRONGPASS");
  });

  test("without a password the server's NOAUTH error is printed", async () => {
    const r = await on(["--no-raw", "get", "x"]);
    expect(r.stdout).toBe("(error) NOAUTH Authentication required.\n");
  });
});

describe("commands from stdin", () => {
  test("one per line, in order, until quit", async () => {
    const r = await runProcess(redbunCli(server, []), {
      stdin: 'set cli:p "a b"\n\nget cli:p\nappend cli:p "\\x21"\nget cli:p\nquit\nget cli:p\n',
    });
    expect(r).toEqual({ stdout: "OK\na b\n4\na b!\n", stderr: "", exitCode: 0 });
  });

  test("a line with bad quoting prints Invalid argument(s) and the rest still runs", async () => {
    const r = await runProcess(redbunCli(server, ["--no-raw"]), { stdin: 'get "oops\nping' });
    expect(r.stdout).toBe("Invalid argument(s)\nPONG\n");
  });
});

describe("subscribe", () => {
  async function publish(channel: string, message: string): Promise<void> {
    const r = await runProcess(redisCli(server, ["publish", channel, message]));
    expect(r.exitCode).toBe(0);
  }

  test("streams messages (raw when piped) until killed", async () => {
    const proc = Bun.spawn(redbunCli(server, ["subscribe", "cli:ch1", "cli:ch2"]), {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const out = new StreamReader(proc.stdout);
      await out.until("subscribe\ncli:ch2\n2\n");
      await publish("cli:ch1", "hi\nthere");
      await out.until("there\n");
      expect(out.output).toBe("subscribe\ncli:ch1\n1\nsubscribe\ncli:ch2\n2\nmessage\ncli:ch1\nhi\nthere\n");
    } finally {
      proc.kill("SIGINT");
      await proc.exited;
    }
  });

  test("psubscribe with --no-raw prints numbered arrays", async () => {
    const proc = Bun.spawn(redbunCli(server, ["--no-raw", "psubscribe", "cli:p*"]), {
      cwd: ROOT,
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const out = new StreamReader(proc.stdout);
      await out.until("3) (integer) 1\n");
      await publish("cli:px", "x");
      await out.until('4) "x"\n');
      expect(out.output).toBe(
        [
          "Reading messages... (press Ctrl-C to quit)",
          '1) "psubscribe"',
          '2) "cli:p*"',
          "3) (integer) 1",
          '1) "pmessage"',
          '2) "cli:p*"',
          '3) "cli:px"',
          '4) "x"',
          "",
        ].join("\n"),
      );
    } finally {
      proc.kill("SIGINT");
      await proc.exited;
    }
  });
});

describe("start-up failures and meta options", () => {
  test("nothing listening: message on stderr, exit 1", async () => {
    const port = freePort();
    const r = await runProcess([process.execPath, "cli/cli.ts", "-p", String(port), "ping"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toStartWith(`Could not connect to Redis at 127.0.0.1:${port}: `);
  });

  test("an unknown option is refused before connecting", async () => {
    const r = await runProcess([process.execPath, "cli/cli.ts", "--bogus", "ping"]);
    expect(r).toEqual({
      stdout: "",
      stderr: "Unrecognized option or bad number of args for: '--bogus'\n",
      exitCode: 1,
    });
  });

  test("--version prints the package version", async () => {
    const r = await runProcess([process.execPath, "cli/cli.ts", "--version"]);
    expect(r.stdout).toBe(`redbun-cli v${pkg.version} (git dev)\n`);
    expect(r.exitCode).toBe(0);
  });
});
