/**
 * `bun run build`: compiles the two entry points into self-contained executables that run on a
 * machine without Bun:
 *
 *   dist/redbun-server  ← cli/server.ts
 *   dist/redbun-cli     ← cli/cli.ts
 *
 * The version (package.json) and git revision are baked in with `--define` (see
 * cli/version.ts). `--bytecode` precompiles the JS so the binaries start faster; Bun only
 * supports it for ESM output when the format is given explicitly. scripts/release.ts reuses
 * `compile` for the cross-platform release binaries.
 *
 * `--npm` instead bundles the same two entry points into plain Bun scripts for the npm package
 * (dist/npm/redbun-server.js, dist/npm/redbun-cli.js; `prepack` runs it): every dependency is
 * inlined, so the package's `bin`s need nothing from the registry (`bunx` works offline).
 *
 * Usage: bun scripts/build.ts [--only server|cli] [--npm]
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

export const root = join(import.meta.dir, "..");

export const TARGETS = {
  server: { entry: "cli/server.ts", outfile: "dist/redbun-server" },
  cli: { entry: "cli/cli.ts", outfile: "dist/redbun-cli" },
} as const;

export type TargetName = keyof typeof TARGETS;

/**
 * `git rev-parse --short HEAD`; where there is no repository (a Docker build context, an
 * unpacked tarball) REDBUN_GIT_REV, else "dev".
 */
export function gitRevision(): string {
  try {
    const r = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: root, stderr: "ignore" });
    const rev = r.stdout.toString().trim();
    if (r.exitCode === 0 && rev) return rev;
  } catch {
    // No git installed (the Docker build stage): spawning it throws.
  }
  return process.env.REDBUN_GIT_REV || "dev";
}

/** The `--define`s that bake the version and revision into a bundle (read by cli/version.ts). */
export function versionDefines(revision: string): string[] {
  return [
    "--define",
    `__REDBUN_VERSION__=${JSON.stringify(pkg.version)}`,
    "--define",
    `__REDBUN_REVISION__=${JSON.stringify(revision)}`,
  ];
}

/** Runs `bun <args>` in the repository root; throws with `what` if it fails. */
export async function runBun(args: readonly string[], what: string): Promise<void> {
  console.log(`$ bun ${args.join(" ")}`);
  const proc = Bun.spawn([process.execPath, ...args], { cwd: root, stdout: "inherit", stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error(`bun build failed for ${what}`);
}

export interface CompileOptions {
  entry: string;
  outfile: string;
  revision: string;
  /** `bun-<os>-<arch>[-baseline|-musl]`; the host's platform when absent. */
  target?: string;
  /** Precompiled bytecode: only valid for the platform that runs the build (see release.ts). */
  bytecode?: boolean;
}

/**
 * One `bun build --compile` (minified, ESM). Not `--minify`: its syntax pass rejects fengari's
 * luaconf.js (the Lua VM; "Invalid assignment target" on an export assigned in two branches), so
 * whitespace and identifiers only.
 */
export async function compile(options: CompileOptions): Promise<void> {
  const args = [
    "build",
    "--compile",
    "--minify-whitespace",
    "--minify-identifiers",
    ...(options.bytecode === false ? [] : ["--bytecode"]),
    "--format=esm",
    ...(options.target ? [`--target=${options.target}`] : []),
    ...versionDefines(options.revision),
    options.entry,
    "--outfile",
    options.outfile,
  ];
  await runBun(args, `${options.entry}${options.target ? ` (${options.target})` : ""}`);
}

/** Builds the given targets (both by default) in parallel. */
export async function build(names: readonly TargetName[] = ["server", "cli"]): Promise<void> {
  await mkdir(join(root, "dist"), { recursive: true });
  const revision = gitRevision();
  await Promise.all(names.map((n) => compile({ ...TARGETS[n], revision })));
}

/** The npm package's `bin` files: one self-contained Bun script per entry point. */
export const NPM_BINS = {
  server: { entry: "cli/server.ts", outfile: "dist/npm/redbun-server.js" },
  cli: { entry: "cli/cli.ts", outfile: "dist/npm/redbun-cli.js" },
} as const;

/**
 * Bundles the npm `bin`s. Not minified (users read these stack traces); the entry's shebang is
 * kept, and the server's lazily imported server and OpenTelemetry code stay in the same file,
 * still evaluated only when needed.
 */
export async function buildNpm(names: readonly TargetName[] = ["server", "cli"]): Promise<void> {
  await mkdir(join(root, "dist/npm"), { recursive: true });
  const revision = gitRevision();
  await Promise.all(
    names.map((n) => {
      const { entry, outfile } = NPM_BINS[n];
      const args = ["build", "--target=bun", "--format=esm", ...versionDefines(revision), entry];
      return runBun([...args, "--outfile", outfile], entry);
    }),
  );
}

if (import.meta.main) {
  const npm = process.argv.includes("--npm");
  const at = process.argv.indexOf("--only");
  const only = at >= 0 ? process.argv[at + 1] : undefined;
  if (only !== undefined && !(only in TARGETS)) {
    console.error(`unknown target '${only}' (server or cli)`);
    process.exitCode = 2;
  } else {
    try {
      await (npm ? buildNpm : build)(only ? [only as TargetName] : undefined);
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    }
  }
}
