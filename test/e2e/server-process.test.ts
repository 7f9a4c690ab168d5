/**
 * The server as a process (`bun cli/server.ts --port P ...`, or redis-server with the same
 * flags): signals, SHUTDOWN, and the limits set from the command line, seen from raw sockets.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { command, RawConnection } from "./support/raw-connection.ts";
import { runTool } from "./support/run-tool.ts";
import {
  freePort,
  killAll,
  ROOT,
  serverCommand,
  spawnTarget,
  targetName,
  waitForPortClosed,
} from "./support/servers.ts";

// Real processes on a shared 2-core machine: the 5 s default is too tight (bunfig's [test]
// timeout is not applied by bun 1.4.5).
setDefaultTimeout(30_000);

afterAll(() => killAll());

describe("stopping", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`${signal} -> exit 0 and the port is closed`, async () => {
      await using server = await spawnTarget();
      await using conn = await RawConnection.open(server.port);
      conn.send(command("SET", "k", "v"));
      expect(await conn.read(5)).toBe("+OK\r\n");

      server.proc.kill(signal);
      expect(await server.exited).toBe(0);
      // The open client connection is closed, not left hanging.
      await conn.readUntilClosed();
      await waitForPortClosed(server.port);
    });
  }

  test("SHUTDOWN -> exit 0, the connection closes without a reply", async () => {
    await using server = await spawnTarget();
    await using conn = await RawConnection.open(server.port);
    conn.send(command("SET", "k", "v"));
    expect(await conn.read(5)).toBe("+OK\r\n");
    conn.send(command("SHUTDOWN"));
    expect(await conn.readUntilClosed()).toBe("");
    expect(await server.exited).toBe(0);
    await waitForPortClosed(server.port);
  });

  // redbun-only: redis-server 7.0 exits before it flushes the replies queued in the same read
  // as SHUTDOWN (this test receives nothing from it), so there is no reference to compare with.
  test.if(targetName() === "redbun")("pipelined commands before SHUTDOWN all get their replies", async () => {
    await using server = await spawnTarget();
    await using conn = await RawConnection.open(server.port);
    const pipeline: string[] = [];
    let expected = "";
    for (let i = 1; i <= 100; i++) {
      pipeline.push(command("INCR", "counter"));
      expected += `:${i}\r\n`;
    }
    pipeline.push(command("GET", "counter"), command("SHUTDOWN"));
    expected += "$3\r\n100\r\n";
    conn.send(pipeline.join(""));

    expect(await conn.readUntilClosed()).toBe(expected);
    expect(await server.exited).toBe(0);
    await waitForPortClosed(server.port);
  });
});

describe("limits from the command line", () => {
  test("--maxclients 2: the third connection is refused, the first two keep working", async () => {
    await using server = await spawnTarget(["--maxclients", "2"]);
    // The readiness probe's connection may still hold a slot for a moment; connectWhenFree
    // waits it out, and its PING round trip registers each client before the next arrives.
    await using first = await connectWhenFree(server.port);
    await using second = await connectWhenFree(server.port);

    await using third = await RawConnection.open(server.port);
    expect(await third.readUntilClosed()).toBe("-ERR max number of clients reached\r\n");

    first.send(command("SET", "a", "1"));
    expect(await first.read(5)).toBe("+OK\r\n");
    second.send(command("GET", "a"));
    expect(await second.read(7)).toBe("$1\r\n1\r\n");

    // A slot freed by a client that leaves can be taken again.
    first.close();
    await first.closed;
    await using fourth = await connectWhenFree(server.port);
    fourth.send(command("GET", "a"));
    expect(await fourth.read(7)).toBe("$1\r\n1\r\n");
  });

  test("--requirepass: NOAUTH until AUTH succeeds", async () => {
    await using server = await spawnTarget(["--requirepass", "s3cret"]);
    await using conn = await RawConnection.open(server.port);

    conn.send(command("GET", "a"));
    const noauth = "-NOAUTH Authentication required.\r\n";
    expect(await conn.read(noauth.length)).toBe(noauth);

    conn.send(command("AUTH", "wrong"));
    const wrongpass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
    expect(await conn.read(wrongpass.length)).toBe(wrongpass);

    conn.send(command("AUTH", "s3cret") + command("SET", "a", "1") + command("GET", "a"));
    expect(await conn.read(5 + 5 + 7)).toBe("+OK\r\n+OK\r\n$1\r\n1\r\n");

    // redis-cli with -a authenticates before running the command.
    const cli = await runTool([
      "redis-cli",
      "-p",
      String(server.port),
      "--no-auth-warning",
      "-a",
      "s3cret",
      "get",
      "a",
    ]);
    expect(cli.stdout).toBe("1\n");
  });
});

test("an unknown option -> non-zero exit and a message naming it", async () => {
  const port = freePort();
  const proc = Bun.spawn(serverCommand(targetName(), port, ["--no-such-option", "1"]), {
    cwd: ROOT,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  clearTimeout(timer);
  expect(exitCode).not.toBe(0);
  expect(proc.signalCode).toBeNull();
  expect(`${stdout}${stderr}`).toContain("no-such-option");
});

/**
 * Connects until the server accepts the connection as a client. The server notices a client
 * left only when it reads the close, so a connect right after `close()` can still be refused.
 */
async function connectWhenFree(port: number): Promise<RawConnection> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const conn = await RawConnection.open(port);
    conn.send(command("PING"));
    const reply = await conn.read(7).catch(() => "");
    if (reply === "+PONG\r\n") return conn;
    await conn[Symbol.asyncDispose]();
    await Bun.sleep(20);
  }
  throw new Error("the server never freed a client slot");
}
