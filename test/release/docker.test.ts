/**
 * The Docker image. Always: both Dockerfiles pass dockerfilelint, and docker/Dockerfile.local's
 * runtime stage is the Dockerfile's (the smoke test builds the local one, users the real one).
 * With podman installed: scripts/docker-smoke builds the image from the binaries built here and
 * runs it (PING/SET/GET through a mapped 127.0.0.1 port, the HEALTHCHECK command, non-root
 * user, exit 0 on SIGTERM). Without podman that test is skipped with a loud message, even under
 * CI=true: whether CI installs podman is the lead's call (.ci/run would `apt-get install -y
 * podman runc`).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runProcess } from "../cli/support/run-cli.ts";

const hasPodman = Bun.which("podman") !== null && Bun.which("runc") !== null;
const hasRedisCli = Bun.which("redis-cli") !== null;

/** The lines from the "runtime stage" marker to the end, comments included. */
function runtimeStage(file: string): string[] {
  const lines = readFileSync(join(ROOT, file), "utf8").trimEnd().split("\n");
  const at = lines.findIndex((l) => l.startsWith("# runtime stage"));
  expect(at).toBeGreaterThan(0);
  return lines.slice(at + 1);
}

describe("Dockerfile", () => {
  test("passes dockerfilelint", async () => {
    const r = await runProcess([process.execPath, "run", "lint:docker"], { timeoutMs: 30_000 });
    if (r.exitCode !== 0) throw new Error(`dockerfilelint:\n${r.stdout}${r.stderr}`);
    expect(r.stdout).toContain("Issues: None found");
  });

  test("docker/Dockerfile.local has the Dockerfile's runtime stage", () => {
    expect(runtimeStage("docker/Dockerfile.local")).toEqual(runtimeStage("Dockerfile"));
    const stage = runtimeStage("Dockerfile").join("\n");
    for (const line of [
      "USER 65532:65532",
      "WORKDIR /data",
      "VOLUME /data",
      "EXPOSE 6379",
      'CMD ["/usr/local/bin/redbun-cli", "ping"]',
      'ENTRYPOINT ["/usr/local/bin/redbun-server", "/etc/redbun/redbun.conf"]',
    ]) {
      expect(stage).toContain(line);
    }
  });

  test("the image's default config listens on every interface, port 6379", () => {
    const conf = readFileSync(join(ROOT, "docker/redbun.conf"), "utf8");
    expect(conf).toMatch(/^bind 0\.0\.0\.0$/m);
    expect(conf).toMatch(/^port 6379$/m);
  });
});

if (!hasPodman || !hasRedisCli) {
  console.warn(
    "\n*** test/release/docker.test.ts: the podman smoke test is SKIPPED: " +
      `${!hasPodman ? "podman/runc not installed (apt-get install -y podman runc)" : "redis-cli not installed"} ***\n`,
  );
}

describe.skipIf(!hasPodman || !hasRedisCli)("scripts/docker-smoke (podman)", () => {
  test("the image answers redis-cli and exits 0 on SIGTERM", async () => {
    const r = await runProcess(["bash", "scripts/docker-smoke"], { timeoutMs: 120_000 });
    if (r.exitCode !== 0) throw new Error(`docker-smoke failed (${r.exitCode}):\n${r.stdout}${r.stderr}`);
    expect(r.stdout).toContain("docker-smoke: OK");
    expect(r.stdout).toContain("redis-cli get greeting -> hello");
    expect(r.stdout).toContain("exit code 0 after SIGTERM");
  }, 150_000);
});
