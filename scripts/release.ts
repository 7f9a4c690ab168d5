/**
 * `bun run release`: the release binaries, every platform built from this machine.
 *
 *   dist/release/redbun-server-<version>-<os>-<arch>[.exe]   (and redbun-cli-...)
 *   dist/release/SHA256SUMS                                   (`sha256sum -c SHA256SUMS` format)
 *
 * Each binary is build.ts's `compile` (minified ESM, version and git revision baked in) with
 * `--target=bun-<os>-<arch>`. The first build for a platform other than the host's downloads
 * that platform's Bun runtime from the npm registry once (Bun caches it).
 *
 * Bytecode only where the build runs: JSC bytecode is tied to the exact Bun build that made it
 * (platform, CPU baseline, libc), and Bun 1.4 does not refuse `--bytecode` for another target;
 * it writes a binary that may crash there (oven-sh/bun#24144, a musl binary built on glibc). So
 * only the host's own target gets `--bytecode`; the others parse their source at start, which
 * costs start-up time (here ~55-60 ms to first PONG with bytecode, ~80-110 ms without), not
 * correctness.
 *
 * dist/release is emptied first, so SHA256SUMS lists exactly the files beside it.
 *
 * Usage: bun scripts/release.ts [--targets linux-x64,darwin-arm64,...]
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { compile, gitRevision, root, TARGETS, type TargetName } from "./build.ts";

/** `<os>-<arch>[-variant]`, as Bun's `--target=bun-...` spells it. */
export const PLATFORMS = [
  "linux-x64",
  "linux-x64-baseline",
  "linux-arm64",
  "linux-x64-musl",
  "darwin-x64",
  "darwin-arm64",
  "windows-x64",
] as const;

export type Platform = (typeof PLATFORMS)[number];

export const RELEASE_DIR = join(root, "dist/release");

/** The platform this process runs on, if it is one of ours (glibc assumed on Linux). */
export function hostPlatform(): Platform | undefined {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const name = `${os}-${process.arch}`;
  return (PLATFORMS as readonly string[]).includes(name) ? (name as Platform) : undefined;
}

/** `redbun-server-0.1.0-linux-x64`, with `.exe` for Windows. */
export function binaryName(name: TargetName, platform: Platform, version: string = pkg.version): string {
  return `redbun-${name}-${version}-${platform}${platform.startsWith("windows") ? ".exe" : ""}`;
}

/** `--targets a,b` → the platforms asked for; unknown names are an error naming them. */
export function parseTargets(argv: readonly string[]): Platform[] {
  const at = argv.indexOf("--targets");
  if (at < 0) return [...PLATFORMS];
  const list = (argv[at + 1] ?? "").split(",").filter(Boolean);
  const unknown = list.filter((t) => !(PLATFORMS as readonly string[]).includes(t));
  if (list.length === 0 || unknown.length > 0) {
    throw new Error(`unknown target '${unknown.join(",") || ""}' (one or more of ${PLATFORMS.join(", ")})`);
  }
  return list as Platform[];
}

/** The SHA256SUMS text for the files of `dir` (sorted, two spaces: GNU sha256sum's format). */
export async function sha256sums(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f !== "SHA256SUMS").sort();
  const lines = await Promise.all(
    files.map(async (f) => {
      const hash = createHash("sha256");
      for await (const chunk of Bun.file(join(dir, f)).stream()) hash.update(chunk);
      return `${hash.digest("hex")}  ${f}\n`;
    }),
  );
  return lines.join("");
}

/**
 * Builds both binaries for each platform, one platform after another. The host's two build in
 * parallel (2 cores); another platform's build one at a time, because both builds would
 * otherwise download its runtime when it is not cached yet.
 */
export async function release(platforms: readonly Platform[]): Promise<string[]> {
  await rm(RELEASE_DIR, { recursive: true, force: true });
  await mkdir(RELEASE_DIR, { recursive: true });
  const revision = gitRevision();
  const host = hostPlatform();
  const names = Object.keys(TARGETS) as TargetName[];
  const built: string[] = [];
  for (const platform of platforms) {
    const one = (name: TargetName) =>
      compile({
        entry: TARGETS[name].entry,
        outfile: join(RELEASE_DIR, binaryName(name, platform)),
        revision,
        target: `bun-${platform}`,
        bytecode: platform === host,
      });
    if (platform === host) await Promise.all(names.map(one));
    else for (const name of names) await one(name);
    built.push(...names.map((name) => binaryName(name, platform)));
  }
  await Bun.write(join(RELEASE_DIR, "SHA256SUMS"), await sha256sums(RELEASE_DIR));
  return built;
}

if (import.meta.main) {
  try {
    const built = await release(parseTargets(process.argv.slice(2)));
    for (const f of built) {
      const mb = (Bun.file(join(RELEASE_DIR, f)).size / 1024 / 1024).toFixed(1);
      console.log(`${mb.padStart(6)} MB  dist/release/${f}`);
    }
    console.log("           dist/release/SHA256SUMS");
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
