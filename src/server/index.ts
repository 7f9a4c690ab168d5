/**
 * `redbun/server`: start a redbun server in this process.
 *
 * @example
 * ```ts
 * import { startServer } from "redbun/server";
 * await using server = await startServer({ port: 0, clock: "manual" });
 * // point any Redis client at server.url; move time with server.clock.advance(5000)
 * ```
 */
import type { CommandTracer } from "../commands/types.ts";
import { Config } from "../config/config.ts";
import { type Clock, ManualClock, RealClock } from "../db/clock.ts";
import { type Logger, Server } from "./server.ts";

export type { Clock } from "../db/clock.ts";
export { ManualClock, RealClock } from "../db/clock.ts";
export type { Logger } from "./server.ts";
export { REDIS_COMPAT_VERSION } from "./server.ts";

export interface StartServerOptions {
  /** TCP port; 0 picks a free one. Defaults to the config's `port` (6379). */
  port?: number;
  /** Address to bind (overrides the config's `bind`). */
  host?: string;
  /** Configuration: a Config, or redis.conf parameter names and values. */
  config?: Config | Record<string, string>;
  /** "real" (default), "manual" (a ManualClock that moves only when told), or your own Clock. */
  clock?: "real" | "manual" | Clock;
  /** Where logs go; silent unless given (the redbun-server CLI passes its consola logger). */
  logger?: Logger;
  /** Per-command tracing; by default loaded lazily when `otel-endpoint` or OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracer?: CommandTracer | null;
}

export interface RedbunServer {
  readonly host: string;
  readonly port: number;
  /** `redis://host:port` */
  readonly url: string;
  readonly unixsocket?: string;
  /** The clock behind expiry and TIME; a ManualClock when started with `clock: "manual"`. */
  readonly clock: Clock;
  /** Resolves when the server has stopped (SHUTDOWN command or close()). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const silent: Logger = { debug() {}, verbose() {}, notice() {}, warning() {} };

export async function startServer(options: StartServerOptions = {}): Promise<RedbunServer> {
  const config = options.config instanceof Config ? options.config : new Config(options.config ?? {});
  const clock =
    options.clock === "manual"
      ? new ManualClock()
      : options.clock === "real" || !options.clock
        ? new RealClock()
        : options.clock;
  let tracer = options.tracer;
  if (tracer === undefined) {
    const endpoint = config.get("otel-endpoint") || process.env.OTEL_EXPORTER_OTLP_ENDPOINT || "";
    tracer = null;
    if (endpoint) {
      // Loaded only when asked for: OpenTelemetry costs ~200 ms to import.
      const { startTracing } = await import("../telemetry/tracing.ts");
      tracer = await startTracing({ endpoint });
    }
  }
  const server = new Server(config, clock, options.logger ?? silent, tracer);
  const hosts = options.host ? [options.host] : config.get("bind").split(/\s+/).filter(Boolean);
  const port = options.port ?? config.getNumber("port");
  const unixsocket = config.get("unixsocket");
  server.listen(hosts, port, unixsocket);
  // CONFIG GET port / bind report what is really in use (port 0 means "pick one").
  config.load("port", [String(server.port)]);
  if (options.host) config.load("bind", [options.host]);
  const host = hosts[0] ?? "127.0.0.1";
  return {
    host,
    port: server.port,
    url: `redis://${host.includes(":") ? `[${host}]` : host}:${server.port}`,
    unixsocket: unixsocket || undefined,
    clock,
    closed: server.closed,
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
  };
}
