/**
 * redis-cli from Debian against the target, with its default handshake: one-shot commands in
 * its three output modes (raw is the default when stdout is not a terminal), RESP3 with `-3`
 * (redis-cli sends HELLO 3), and `--pipe` mass insertion.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { command } from "./support/raw-connection.ts";
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

function cli(args: string[], stdin?: string) {
  return runTool(["redis-cli", "-h", server.host, "-p", String(server.port), ...args], { stdin });
}

/** Runs redis-cli and returns its stdout, failing on a non-zero exit or anything on stderr. */
async function cliOut(...args: string[]): Promise<string> {
  const result = await cli(args);
  expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({ exitCode: 0, stderr: "" });
  return result.stdout;
}

describe("redis-cli one-shot commands", () => {
  test("set, get, incr in the default (raw, not a tty) output", async () => {
    expect(await cliOut("set", "cli:a", "1")).toBe("OK\n");
    expect(await cliOut("get", "cli:a")).toBe("1\n");
    expect(await cliOut("incr", "cli:a")).toBe("2\n");
    expect(await cliOut("get", "cli:missing")).toBe("\n");
  });

  test("--raw and --no-raw", async () => {
    expect(await cliOut("set", "cli:b", "hello world")).toBe("OK\n");
    expect(await cliOut("--raw", "get", "cli:b")).toBe("hello world\n");
    expect(await cliOut("--no-raw", "get", "cli:b")).toBe('"hello world"\n');
    expect(await cliOut("--no-raw", "set", "cli:c", "10")).toBe("OK\n");
    expect(await cliOut("--no-raw", "incr", "cli:c")).toBe("(integer) 11\n");
    expect(await cliOut("--no-raw", "get", "cli:missing")).toBe("(nil)\n");
    expect(await cliOut("--no-raw", "mget", "cli:b", "cli:missing")).toBe('1) "hello world"\n2) (nil)\n');
  });

  test("an error reply is printed with Redis's text", async () => {
    expect(await cliOut("set", "cli:text", "abc")).toBe("OK\n");
    expect(await cliOut("--no-raw", "incr", "cli:text")).toBe(
      "(error) ERR value is not an integer or out of range\n",
    );
    // In raw mode redis-cli prints the error text and a blank line (and still exits 0).
    expect(await cliOut("incr", "cli:text")).toBe("ERR value is not an integer or out of range\n\n");
  });

  test("-3 negotiates RESP3: a hash comes back as a map", async () => {
    // CONFIG GET is a map in RESP3 (redbun has no hashes, whose HGETALL would be the usual probe).
    expect(await cliOut("-3", "--no-raw", "config", "get", "maxclients")).toMatch(
      /^1# "maxclients" => "\d+"\n$/,
    );
    // The same command over RESP2 is a flat array: the map above is not redis-cli's doing.
    expect(await cliOut("--no-raw", "config", "get", "maxclients")).toMatch(
      /^1\) "maxclients"\n2\) "\d+"\n$/,
    );
    expect(await cliOut("-3", "--no-raw", "get", "cli:missing")).toBe("(nil)\n");
    expect(await cliOut("-3", "--no-raw", "incr", "cli:c3")).toBe("(integer) 1\n");
  });
});

describe("redis-cli --pipe", () => {
  test("mass insertion of 10k SETs", async () => {
    expect(await cliOut("del", "pipe:counter")).toBe("0\n");
    const parts: string[] = [];
    for (let i = 0; i < 10_000; i++) parts.push(command("SET", `pipe:${i}`, `value-${i}`));
    const before = Number((await cliOut("dbsize")).trim());

    const piped = await cli(["--pipe"], parts.join(""));
    expect(piped.stderr).toBe("");
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout).toContain("errors: 0, replies: 10000\n");

    expect(await cliOut("dbsize")).toBe(`${before + 10_000}\n`);
    expect(await cliOut("get", "pipe:9999")).toBe("value-9999\n");
  });
});
