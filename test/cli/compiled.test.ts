/**
 * The executables from `bun run build` work on a machine without Bun: both are run with
 * PATH=/nonexistent. redbun-server must answer PING (and run a Lua script) from redbun-cli and exit 0
 * on SIGTERM.
 *
 * The build takes seconds, so it runs at most once per test run, and not at all when dist/
 * is newer than every source file.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { freePort, startTarget, waitForPort } from "../e2e/support/servers.ts";
import { ROOT, runProcess } from "./support/run-cli.ts";

const SERVER = join(ROOT, "dist/redbun-server");
const CLI = join(ROOT, "dist/redbun-cli");
const hasServerEntry = existsSync(join(ROOT, "cli/server.ts"));

/** Newest modification time of the files a binary is built from. */
function newestSource(): number {
  let newest = statSync(join(ROOT, "package.json")).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, "src"));
  walk(join(ROOT, "cli"));
  return newest;
}

function isFresh(binary: string, sources: number): boolean {
  return existsSync(binary) && statSync(binary).mtimeMs > sources;
}

/** A bare environment: no Bun (nor anything else) on PATH. */
const NO_BUN = { PATH: "/nonexistent", HOME: process.env.HOME ?? "/tmp" };

beforeAll(async () => {
  const sources = newestSource();
  const targets = [...(hasServerEntry ? ["server"] : []), "cli"].filter(
    (t) => !isFresh(t === "server" ? SERVER : CLI, sources),
  );
  for (const t of targets) {
    const r = await runProcess([process.execPath, "scripts/build.ts", "--only", t], { timeoutMs: 120_000 });
    if (r.exitCode !== 0) throw new Error(`build of ${t} failed:\n${r.stdout}${r.stderr}`);
  }
}, 180_000);

describe("compiled binaries", () => {
  test("redbun-cli --version runs without Bun", async () => {
    const r = await runProcess([CLI, "--version"], { env: NO_BUN });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^redbun-cli v${pkg.version.replaceAll(".", "\\.")} \\(git (dev|[0-9a-f]{4,})\\)\n$`),
    );
  });

  test("redbun-cli talks to the test target without Bun", async () => {
    await using target = await startTarget();
    const r = await runProcess([CLI, "-h", target.host, "-p", String(target.port), "ping"], { env: NO_BUN });
    expect(r).toEqual({ stdout: "PONG\n", stderr: "", exitCode: 0 });
  });

  test.skipIf(!hasServerEntry)("redbun-server --version runs without Bun", async () => {
    const r = await runProcess([SERVER, "--version"], { env: NO_BUN });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(pkg.version);
  });

  test.skipIf(!hasServerEntry)("redbun-server answers redbun-cli, then exits 0 on SIGTERM", async () => {
    const port = freePort();
    const server = Bun.spawn([SERVER, "--port", String(port)], {
      env: NO_BUN,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const output = Promise.all([new Response(server.stdout).text(), new Response(server.stderr).text()]);
    try {
      await waitForPort(port, server.exited);
      const r = await runProcess([CLI, "-p", String(port), "ping"], { env: NO_BUN });
      expect(r).toEqual({ stdout: "PONG\n", stderr: "", exitCode: 0 });
      // The Lua VM and Redis's Lua libraries are inside the binary too (loaded on the first script).
      const script = "return cjson.encode({cmsgpack.unpack(cmsgpack.pack(1, 'x')), bit.band(7, 3)})";
      const lua = await runProcess([CLI, "-p", String(port), "--raw", "eval", script, "0"], { env: NO_BUN });
      expect(lua).toEqual({ stdout: "[1,3]\n", stderr: "", exitCode: 0 });
    } finally {
      server.kill("SIGTERM");
    }
    const code = await server.exited;
    if (code !== 0) throw new Error(`redbun-server exited ${code}:\n${(await output).join("")}`);
    expect(code).toBe(0);
  });
});
