/**
 * The interactive prompt, on a real pseudo-terminal (util-linux `script` gives the CLI a tty
 * for stdin and stdout): prompt text with the selected db, human-form replies, help, history
 * written to $HOME/.redbun_history, and quit.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startTarget } from "../e2e/support/servers.ts";
import { ROOT, StreamReader } from "./support/run-cli.ts";

let server: RunningServer;
const home = mkdtempSync(join(tmpdir(), "redbun-cli-home-"));
const hasScript = Bun.which("script") !== null;

beforeAll(async () => {
  server = await startTarget();
});

afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

test.skipIf(!hasScript)("prompt, replies, select, help, history and quit", async () => {
  const cmd = `${process.execPath} cli/cli.ts -h ${server.host} -p ${server.port}`;
  const proc = Bun.spawn(["script", "-qfec", cmd, "/dev/null"], {
    cwd: ROOT,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, HOME: home, TERM: "dumb" },
  });
  const out = new StreamReader(proc.stdout);
  const prompt = `${server.host}:${server.port}> `;
  const send = (line: string) => {
    proc.stdin.write(`${line}\r`);
    proc.stdin.flush();
  };
  try {
    await out.until(prompt);
    send("set cli:i 'a b'");
    await out.until("OK");
    send("get cli:i");
    await out.until('"a b"');
    send("select 2");
    await out.until(`${server.host}:${server.port}[2]> `);
    send("help");
    await out.until('"quit" to exit');
    send("quit");
    expect(await proc.exited).toBe(0);
  } finally {
    proc.kill();
  }
  const history = readFileSync(join(home, ".redbun_history"), "utf8");
  expect(history).toBe("set cli:i 'a b'\nget cli:i\nselect 2\nhelp\nquit\n");
});
