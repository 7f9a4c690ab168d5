#!/usr/bin/env bun
/**
 * `redbun-server`: start a redbun server, configured like redis-server.
 *
 *   redbun-server [config-file] [--port 6379] [--bind 127.0.0.1] [--maxclients 10000]
 *                 [--requirepass P] [--loglevel notice] [--any-config-param value ...]
 *                 [--version] [--help]
 *
 * The config file is read first (with its `include`s), then the flags, so flags win. Any
 * parameter of src/config/parameters.ts is a flag; unknown ones stop the start with a message.
 * SIGINT/SIGTERM and the SHUTDOWN command both end with a graceful close and exit status 0.
 *
 * Start-up cost matters: the server and OpenTelemetry are imported only once we know they are
 * needed (not for --help/--version, and tracing only with an endpoint configured).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineCommand, runMain, showUsage } from "citty";
import {
  Config,
  ConfigError,
  parseConfigFile,
  parseServerArgv,
  type ServerArgv,
} from "../src/config/config.ts";
import { INCLUDE } from "../src/config/config-file.ts";
import { createLogger, type Logger } from "../src/telemetry/log.ts";
import type { CommandTracer } from "../src/telemetry/tracing.ts";
import { REVISION, VERSION } from "./version.ts";

/** The git revision: baked in by the build (cli/version.ts), else REDBUN_GIT_REV, else "dev". */
export function gitRevision(env: Record<string, string | undefined> = process.env): string {
  return REVISION !== "dev" ? REVISION : env.REDBUN_GIT_REV || "dev";
}

export function versionLine(env: Record<string, string | undefined> = process.env): string {
  return `redbun-server v${VERSION} (git ${gitRevision(env)})`;
}

/** Includes nested deeper than this are a loop (Redis has no limit and recurses forever). */
const MAX_INCLUDE_DEPTH = 16;

/**
 * The start-up lines of a config file, `include`s expanded in place (paths relative to the
 * current directory, as redis-server resolves them). `-` reads standard input.
 */
export function readConfigFile(
  path: string,
  read: (path: string) => string = (p) => readFileSync(p === "-" ? 0 : p, "utf8"),
  depth = 0,
): [string, string[]][] {
  if (depth > MAX_INCLUDE_DEPTH) throw new ConfigError(`Too many nested includes (loop?) at '${path}'`);
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    throw new ConfigError(`Can't open config file '${path}': ${(e as Error).message}`, { cause: e });
  }
  const out: [string, string[]][] = [];
  for (const [name, args] of parseConfigFile(text, path === "-" ? "stdin" : path)) {
    if (name === INCLUDE) out.push(...readConfigFile(resolve(args[0]!), read, depth + 1));
    else out.push([name, args]);
  }
  return out;
}

/** The Config a command line asks for: defaults, then the config file, then the flags. */
export function loadConfig(argv: ServerArgv, read?: (path: string) => string): Config {
  const file = argv.configFile === undefined ? [] : readConfigFile(argv.configFile, read);
  return Config.fromEntries([...file, ...argv.options]);
}

/**
 * Where traces go, if anywhere: `otel-endpoint`, else the standard OTLP variables (the base
 * endpoint, or the traces-only one).
 */
export function tracingTarget(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): { endpoint: string; tracesEndpoint?: string } | undefined {
  const endpoint = config.get("otel-endpoint") || env.OTEL_EXPORTER_OTLP_ENDPOINT || "";
  const traces = config.get("otel-endpoint") ? "" : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || "";
  if (!endpoint && !traces) return undefined;
  return { endpoint, tracesEndpoint: traces };
}

function fail(message: string): never {
  process.stderr.write(`redbun-server: ${message}\n`);
  process.exit(1);
}

async function serve(argv: ServerArgv): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(argv);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  const logger: Logger = createLogger(config.get("loglevel"), config.get("logfile"));
  config.onChange((name, value) => {
    if (name === "loglevel") logger.setLevel(value);
  });

  let tracer: CommandTracer | null = null;
  const target = tracingTarget(config);
  if (target) {
    const { startTracing } = await import("../src/telemetry/tracing.ts");
    tracer = await startTracing({
      ...target,
      serviceName: "redbun",
      onError: (e) => logger.warning(`Could not export the last traces: ${e.message}`),
    });
    logger.notice(`Tracing commands to ${target.tracesEndpoint || target.endpoint}`);
  }

  const { startServer } = await import("../src/server/index.ts");
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ config, logger, tracer });
  } catch (e) {
    logger.warning(`Failed to start: ${(e as Error).message}`);
    await tracer?.shutdown();
    logger.close();
    process.exit(1);
  }
  logger.notice(`redbun ${VERSION} started: port=${server.port} pid=${process.pid}`);
  logger.notice("Ready to accept connections tcp");

  let exiting = false;
  const exit = async () => {
    if (exiting) return;
    exiting = true;
    await server.close();
    await tracer?.shutdown();
    logger.close();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // A second signal while closing means "now": don't make the user wait on slow clients.
      if (exiting) process.exit(1);
      logger.warning(`Received ${signal} scheduling shutdown...`);
      void exit();
    });
  }
  // SHUTDOWN from a client.
  void server.closed.then(exit);
}

export const command = defineCommand({
  meta: {
    name: "redbun-server",
    version: `${VERSION} (git ${gitRevision()})`,
    description: "A Redis-compatible in-memory server, native to Bun",
  },
  // Declared for --help; the command line itself is read by parseServerArgv (redis-server rules:
  // every config parameter is a flag and values run until the next --flag).
  args: {
    config: { type: "positional", required: false, description: "redis.conf-style config file" },
    port: { type: "string", description: "TCP port", valueHint: "6379" },
    bind: { type: "string", description: "Addresses to listen on", valueHint: "127.0.0.1" },
    maxclients: { type: "string", description: "Maximum connected clients", valueHint: "10000" },
    requirepass: { type: "string", description: "Password for AUTH" },
    loglevel: { type: "string", description: "debug | verbose | notice | warning" },
    "otel-endpoint": { type: "string", description: "OTLP/HTTP endpoint for command traces" },
    version: { type: "boolean", description: "Print the version and exit" },
  },
  async run({ rawArgs }) {
    let argv: ServerArgv;
    try {
      argv = parseServerArgv(rawArgs);
    } catch (e) {
      if (e instanceof ConfigError) fail(e.message);
      throw e;
    }
    if (argv.version) {
      process.stdout.write(`${versionLine()}\n`);
      return;
    }
    if (argv.help) {
      await showUsage(command);
      process.stdout.write("Any configuration parameter can be given as --name value (see redis.conf).\n");
      return;
    }
    await serve(argv);
  },
});

if (import.meta.main) await runMain(command);
