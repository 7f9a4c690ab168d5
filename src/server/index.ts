/**
 * `redbun/server`: start a redbun server in this process.
 *
 * @example
 * ```ts
 * import { startServer } from "redbun/server";
 * await using server = await startServer({ port: 0, clock: "manual" });
 * // point any Redis client at server.url, then:
 * server.db(0).set("session", "x", { ttl: "30m" });
 * server.clock.advance("30m");   // the key expires now, no waiting
 * await server.settle();         // replies caused by the jump have reached the sockets
 * ```
 */
import type { CommandTracer } from "../commands/types.ts";
import { Config } from "../config/config.ts";
import { ControlledClock, ManualClock } from "../db/clock.ts";
import { DbHandle, restoreSnapshot, SessionOnDb, type Snapshot, takeSnapshot } from "./admin.ts";
import type { Faults } from "./faults.ts";
import type { Journal } from "./journal.ts";
import { LocalSession } from "./local-session.ts";
import { type InProcessPeer, type InProcessSocket, type Logger, Server } from "./server.ts";

export type { Clock, ClockMode } from "../db/clock.ts";
export { ControlledClock, ManualClock, RealClock } from "../db/clock.ts";
export type { Bytes, Expiry, Fixture, FixtureValue, Snapshot } from "./admin.ts";
export { DbHandle } from "./admin.ts";
export type { Fault, FaultAction, FaultRule, Faults } from "./faults.ts";
export type { Journal, JournalEntry, ReplyType } from "./journal.ts";
export type { Logger } from "./server.ts";
export { REDIS_COMPAT_VERSION } from "./server.ts";

export interface StartServerOptions {
  /** TCP port; 0 picks a free one. Defaults to the config's `port` (6379). */
  port?: number;
  /** Address to bind (overrides the config's `bind`). */
  host?: string;
  /** Configuration: a Config, or redis.conf parameter names and values. */
  config?: Config | Record<string, string>;
  /**
   * "real" (default: wall time, until a test moves or freezes it), "manual" (time stands still
   * until `server.clock.advance`), or a ControlledClock of your own (shared by several servers).
   */
  clock?: "real" | "manual" | ControlledClock;
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
  /**
   * The one clock behind TTLs and active expiry, TIME, blocking timeouts and idle times:
   * `advance("5m")`, `set(date)`, `mode = "manual" | "real"`.
   */
  readonly clock: ControlledClock;
  /** Database `n` (0-15), for arranging and asserting state without a client. */
  db(n?: number): DbHandle;
  /** FLUSHALL. */
  flushAll(): void;
  /** Every key of every database, with TTLs, to `restore` later. */
  snapshot(): Snapshot;
  /** Replace all data with a snapshot's. */
  restore(snapshot: Snapshot): void;
  /**
   * Resolves once every reply and message caused so far (by a command, or by moving the clock:
   * expiry, blocking timeouts) has been written to the sockets. Rejects after `timeoutMs` of wall
   * time if a client does not read its replies.
   */
  settle(timeoutMs?: number): Promise<void>;
  /**
   * Every command clients ran, with its reply type and virtual time (recording starts the first
   * time this is read): `mark()`, `since(mark)`, `received(name, ...args)`, `toMonitorFormat()`.
   */
  readonly journal: Journal;
  /** Fault injection: `faults.add({ command, key, client, db, nth, times, probability, action })`. */
  readonly faults: Faults;
  /** For `createClient({ server })`: a connection without TCP (see the client's InProcessServer). */
  connectInProcess(peer: InProcessPeer): InProcessSocket;
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
        ? new ControlledClock("real")
        : options.clock;
  if (!(clock instanceof ControlledClock))
    throw new TypeError("startServer: clock must be 'real', 'manual' or a ControlledClock");
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
  // Created on first use: most servers never need it.
  let session: SessionOnDb | undefined;
  const databases = config.getNumber("databases");
  const db = (n = 0): DbHandle => {
    if (!Number.isInteger(n) || n < 0 || n >= databases) throw new RangeError(`db(${n}): no such database`);
    session ??= new SessionOnDb(new LocalSession(server));
    return new DbHandle(session, n);
  };
  const allDbs = () => Array.from({ length: databases }, (_, i) => db(i));
  return {
    host,
    port: server.port,
    url: `redis://${host.includes(":") ? `[${host}]` : host}:${server.port}`,
    unixsocket: unixsocket || undefined,
    clock,
    db,
    flushAll: () => void db(0).command("FLUSHALL"),
    snapshot: () => takeSnapshot(allDbs()),
    restore: (snapshot) => restoreSnapshot(allDbs(), snapshot),
    settle: (timeoutMs = 10_000) => settle(server, timeoutMs),
    connectInProcess: (peer) => server.connectInProcess(peer),
    get journal() {
      return server.enableTestHooks().journal;
    },
    get faults() {
      return server.enableTestHooks().faults;
    },
    closed: server.closed,
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
  };
}

/** See RedbunServer.settle: wait for timers' follow-ups (a macrotask), then for queued output. */
async function settle(server: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const behind = [...server.clients.values()].find((c) => c.hasPendingOutput);
    if (behind === undefined) return;
    if (Date.now() > deadline) {
      throw new Error(
        `settle: client ${behind.id} (${behind.addr}) has not read its replies in ${timeoutMs} ms`,
      );
    }
  }
}
