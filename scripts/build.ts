/**
 * `bun run build`: compiles the two entry points into self-contained executables that run on a
 * machine without Bun:
 *
 *   dist/redbun-server  ← cli/server.ts
 *   dist/redbun-cli     ← cli/cli.ts
 *
 * The version (package.json) and git revision are baked in with `--define` (see
 * cli/version.ts). `--bytecode` precompiles the JS so the binaries start faster; Bun only
 * supports it for ESM output when the format is given explicitly.
 *
 * Usage: bun scripts/build.ts [--only server|cli]
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

const root = join(import.meta.dir, "..");

export const TARGETS = {
  server: { entry: "cli/server.ts", outfile: "dist/redbun-server" },
  cli: { entry: "cli/cli.ts", outfile: "dist/redbun-cli" },
} as const;

export type TargetName = keyof typeof TARGETS;

/** `git rev-parse --short HEAD`, or "dev" outside a repository (or before the first commit). */
export function gitRevision(): string {
  const r = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: root, stderr: "ignore" });
  const rev = r.stdout.toString().trim();
  return r.exitCode === 0 && rev ? rev : "dev";
}

async function compile(name: TargetName, revision: string): Promise<void> {
  const { entry, outfile } = TARGETS[name];
  const cmd = [
    process.execPath,
    "build",
    "--compile",
    "--minify",
    "--bytecode",
    "--format=esm",
    "--define",
    `__REDBUN_VERSION__=${JSON.stringify(pkg.version)}`,
    "--define",
    `__REDBUN_REVISION__=${JSON.stringify(revision)}`,
    entry,
    "--outfile",
    outfile,
  ];
  console.log(`$ ${cmd.slice(1).join(" ")}`);
  const proc = Bun.spawn(cmd, { cwd: root, stdout: "inherit", stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error(`bun build failed for ${entry}`);
}

/** Builds the given targets (both by default) in parallel. */
export async function build(names: readonly TargetName[] = ["server", "cli"]): Promise<void> {
  await mkdir(join(root, "dist"), { recursive: true });
  const revision = gitRevision();
  await Promise.all(names.map((n) => compile(n, revision)));
}

if (import.meta.main) {
  const at = process.argv.indexOf("--only");
  const only = at >= 0 ? process.argv[at + 1] : undefined;
  if (only !== undefined && !(only in TARGETS)) {
    console.error(`unknown target '${only}' (server or cli)`);
    process.exitCode = 2;
  } else {
    try {
      await build(only ? [only as TargetName] : undefined);
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    }
  }
}
