/**
 * OpenTelemetry is loaded only when tracing is configured: importing the config, the logger,
 * the server and the redbun-server entry point must not pull in any @opentelemetry module.
 * Checked in a fresh process (this test runner may already have loaded the SDK), with a
 * control run that imports tracing.ts to prove the check sees the SDK when it is loaded.
 */

import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");

/** How many @opentelemetry modules are loaded after importing `modules` in a fresh bun. */
async function otelModulesAfter(modules: string[]): Promise<number> {
  const script = [
    ...modules.map((m) => `await import(${JSON.stringify(join(ROOT, m))});`),
    `console.log(Object.keys(require.cache).filter((k) => k.includes("@opentelemetry")).length);`,
  ].join("\n");
  const proc = Bun.spawn([process.execPath, "-e", script], {
    cwd: ROOT,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`bun -e failed (${code}): ${err}`);
  return Number(out.trim());
}

describe("lazy OpenTelemetry", () => {
  test("config, logger, server and cli/server.ts load no @opentelemetry module", async () => {
    const n = await otelModulesAfter([
      "src/config/config.ts",
      "src/telemetry/log.ts",
      "src/server/index.ts",
      "cli/server.ts",
    ]);
    expect(n).toBe(0);
  });

  test("control: importing tracing.ts does load it", async () => {
    expect(await otelModulesAfter(["src/telemetry/tracing.ts"])).toBeGreaterThan(5);
  });
});
