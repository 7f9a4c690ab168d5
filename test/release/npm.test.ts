/**
 * The npm package as users get it: a real `npm pack` tarball (its `prepack` bundles the bins),
 * then `bunx --package <tarball>` and `bun add -g <tarball>` with the registry unreachable and
 * an empty Bun cache (a temp BUN_INSTALL). That works because the bins inline every dependency
 * and the package's runtime dependencies are optional (skipped with a warning when the registry
 * cannot be reached). Also: a one-line app importing `createClient` bundles only the client.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { startServer } from "../../src/server/index.ts";
import { ROOT, runProcess } from "../cli/support/run-cli.ts";

setDefaultTimeout(60_000);

const work = mkdtempSync(join(tmpdir(), "redbun-npm-"));
/** A registry nobody listens on, for npm's and Bun's clients alike; Bun's cache starts empty. */
const OFFLINE = {
  PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
  HOME: work,
  BUN_INSTALL: join(work, "bun"),
  NPM_CONFIG_REGISTRY: "http://127.0.0.1:9",
  BUN_CONFIG_REGISTRY: "http://127.0.0.1:9",
};
let tarball = "";

beforeAll(async () => {
  const r = await runProcess(["npm", "pack", "--pack-destination", work], { timeoutMs: 120_000 });
  if (r.exitCode !== 0) throw new Error(`npm pack failed:\n${r.stdout}${r.stderr}`);
  tarball = join(work, `redbun-${pkg.version}.tgz`);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `argv` in the temp dir (not the repository: nothing may resolve from here). */
function runOffline(argv: string[]) {
  const cwd = join(work, "app");
  mkdirSync(cwd, { recursive: true });
  return runProcess(["sh", "-c", 'cd "$0" && exec "$@"', cwd, ...argv], { env: OFFLINE, timeoutMs: 60_000 });
}

describe("npm pack", () => {
  test("the tarball holds the bundled bins, the library's sources, README, LICENSE and package.json only", async () => {
    const r = await runProcess(["tar", "-tzf", tarball]);
    const files = r.stdout.trim().split("\n");
    expect(files).toContain("package/dist/npm/redbun-cli.js");
    expect(files).toContain("package/dist/npm/redbun-server.js");
    expect(files).toContain("package/src/index.ts");
    expect(files).toContain("package/src/server/index.ts");
    expect(files).toContain("package/src/testing/preload.ts");
    expect(files).toContain("package/LICENSE");
    const outside = files.filter(
      (f) => !/^package\/(src\/|dist\/npm\/|README\.md$|LICENSE$|package\.json$)/.test(f),
    );
    expect(outside).toEqual([]);
  });

  test("bunx --package <tarball> redbun-cli --version works with the registry unreachable", async () => {
    const r = await runOffline([process.execPath, "x", "--package", tarball, "redbun-cli", "--version"]);
    expect(r.stdout).toMatch(
      new RegExp(`^redbun-cli v${pkg.version.replaceAll(".", "\\.")} \\(git \\w+\\)\n$`),
    );
    expect(r.exitCode).toBe(0);
  });

  test("bun add -g <tarball> installs both bins offline; redbun-cli pings a server", async () => {
    const r = await runOffline([process.execPath, "add", "-g", tarball]);
    if (r.exitCode !== 0) throw new Error(`bun add -g failed:\n${r.stdout}${r.stderr}`);
    const bin = join(OFFLINE.BUN_INSTALL, "bin");
    expect(readdirSync(bin).sort()).toEqual(["redbun-cli", "redbun-server"]);

    const version = await runOffline([join(bin, "redbun-server"), "--version"]);
    expect(version.stdout).toStartWith(`redbun-server v${pkg.version} `);

    await using server = await startServer({ port: 0 });
    const ping = await runOffline([join(bin, "redbun-cli"), "-p", String(server.port), "ping"]);
    expect(ping).toEqual({ stdout: "PONG\n", stderr: "", exitCode: 0 });
  });
});

describe("a Bun app importing the client", () => {
  test("bundles only the client: no server, Db, commands, telemetry, consola or OpenTelemetry", async () => {
    const app = join(work, "client-app");
    mkdirSync(join(app, "node_modules"), { recursive: true });
    symlinkSync(ROOT, join(app, "node_modules/redbun"));
    writeFileSync(
      join(app, "app.ts"),
      'import { createClient } from "redbun";\nconsole.log(typeof createClient);\n',
    );
    const out = join(app, "out.js");
    const meta = join(app, "meta.json");
    const r = await runProcess(
      [
        process.execPath,
        "build",
        "--target=bun",
        "--minify",
        join(app, "app.ts"),
        "--outfile",
        out,
        `--metafile=${meta}`,
      ],
      { timeoutMs: 60_000 },
    );
    if (r.exitCode !== 0) throw new Error(`bun build failed:\n${r.stdout}${r.stderr}`);

    const inputs = Object.keys((await Bun.file(meta).json()).inputs as Record<string, unknown>);
    const foreign = inputs.filter(
      (f) => !/(^|\/)app\.ts$|(^|\/)src\/(client\/|protocol\/|errors\.ts$|index\.ts$)/.test(f),
    );
    expect(foreign).toEqual([]);

    const code = await Bun.file(out).text();
    for (const marker of [
      "opentelemetry",
      "OTEL_",
      "consola",
      "Ready to accept connections",
      "unknown command",
    ]) {
      expect(code).not.toContain(marker);
    }
    console.log(
      `one-line createClient app, bun build --target=bun --minify: ${(code.length / 1024).toFixed(1)} KB`,
    );
    // 27 KB today; the bound catches the server (hundreds of KB) coming in by accident.
    expect(code.length).toBeLessThan(100_000);
  });
});
