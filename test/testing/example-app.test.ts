/**
 * examples/testing-app run as a user would run it: `bun test` in its directory, whose bunfig
 * preloads redbun/testing. Its tests pass only if the preload started a server, pointed
 * Bun.redis at it, installed the matchers and drives the clock.
 */
import { expect, test } from "bun:test";
import { resolve } from "node:path";

test("the example app's own test suite passes under the redbun/testing preload", async () => {
  const cwd = resolve(import.meta.dir, "../../examples/testing-app");
  const env: Record<string, string | undefined> = { ...process.env };
  // The preload must find the server itself: nothing inherited may point the app elsewhere.
  delete env.REDIS_URL;
  delete env.VALKEY_URL;
  const proc = Bun.spawn([process.execPath, "test"], { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const output = out + err;
  expect(output).toContain(" 5 pass");
  expect(output).toContain(" 0 fail");
  expect(code).toBe(0);
}, 60_000);

test("testServer() without the preload says how to configure it", async () => {
  const { testServer } = await import("../../src/testing/index.ts");
  expect(() => testServer()).toThrow('preload = ["redbun/testing/preload"]');
});
