/**
 * The server: listeners (TCP on every `bind` address, plus an optional unix socket), the set of
 * connections, limits, statistics and graceful shutdown. Everything a command may touch is
 * reachable from here through the ServerState interface.
 */
import { chmodSync, rmSync } from "node:fs";
import type { Socket, SocketHandler, TCPSocketListener, UnixSocketListener } from "bun";
import { Blocking } from "../commands/blocking.ts";
import { type ClientPause, pauseOf } from "../commands/connection/client-pause.ts";
import { type SlowLog, slowlogOf } from "../commands/server/slowlog.ts";
import { WatchedKeys } from "../commands/transactions/watched-keys.ts";
import type { CommandTracer, ServerState, ServerStats, ShutdownOptions } from "../commands/types.ts";
import type { Config } from "../config/config.ts";
import type { Clock } from "../db/clock.ts";
import { Databases } from "../db/databases.ts";
import type { RequestLimits } from "../protocol/request-parser.ts";
import { isSubscribed, PubSub } from "../pubsub/hub.ts";
import { KeyspaceEvents } from "../pubsub/keyspace-events.ts";
import { Tracking } from "../pubsub/tracking.ts";
import { Connection } from "./connection.ts";
import { ServerTestHooks } from "./test-hooks.ts";

/** The version clients see (HELLO, INFO redis_version): the Redis release whose behaviour we follow. */
/** The client's side of an in-process connection: what it sends, and how it hangs up. */
export interface InProcessSocket {
  write(bytes: Uint8Array): number;
  end(): void;
  terminate(): void;
}

/** Where an in-process connection delivers the server's bytes and its closing. */
export interface InProcessPeer {
  data(chunk: Uint8Array): void;
  close(): void;
}

export const REDIS_COMPAT_VERSION = "7.0.15";

export interface Logger {
  debug(message: string): void;
  verbose(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
}

export interface OutputLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

const MAX_CLIENTS_REPLY = new TextEncoder().encode("-ERR max number of clients reached\r\n");

export class Server implements ServerState {
  readonly version = REDIS_COMPAT_VERSION;
  readonly runId: string;
  readonly startedAt: number;
  readonly pid = process.pid;
  port = 0;
  readonly dbs: Databases;
  readonly blocking: Blocking;
  readonly watches: WatchedKeys;
  readonly pubsub = new PubSub();
  readonly clients = new Map<number, Connection>();
  readonly stats: ServerStats = {
    totalConnections: 0,
    totalCommands: 0,
    rejectedConnections: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    errorReplies: 0,
    commands: new Map(),
    errorCodes: new Map(),
  };
  /** The connection whose commands are running right now (null between reads). */
  current: Connection | null = null;
  stopping = false;
  pubsubOutputLimit: OutputLimit = { hard: 0, soft: 0, softSeconds: 0 };
  /** SLOWLOG's log and thresholds (the connections time commands for it). */
  readonly slowlog: SlowLog;
  /** CLIENT PAUSE state: held clients are resumed through their connection. */
  readonly pause: ClientPause;
  /** Shared by every connection's parser and updated in place by CONFIG SET. */
  readonly requestLimits: RequestLimits;

  /** The next CLIENT ID (socket connections and in-process sessions share the sequence). */
  nextClientId = 1;
  private listeners: (TCPSocketListener<Connection> | UnixSocketListener<Connection>)[] = [];
  private resolveClosed!: () => void;
  /** Resolves once the server has stopped (SHUTDOWN or close()). */
  readonly closed: Promise<void>;
  private closing: Promise<void> | null = null;

  constructor(
    readonly config: Config,
    clock: Clock,
    readonly log: Logger,
    readonly tracer: CommandTracer | null,
  ) {
    this.dbs = new Databases({ clock, count: config.getNumber("databases") });
    // While clients are blocked, keys are watched or notifications are on, every key change
    // must reach keyChanged.
    this.blocking = new Blocking(this.dbs, (active) => {
      this.blockingActive = active;
      this.updateKeyListeners();
    });
    this.watches = new WatchedKeys(this.dbs, () => this.updateKeyListeners());
    this.tracking = new Tracking({ clients: this.clients, currentClient: () => this.current }, () =>
      this.updateKeyListeners(),
    );
    this.tracking.maxKeys = config.getNumber("tracking-table-max-keys");
    this.keyspaceEvents = new KeyspaceEvents(this.pubsub);
    this.applyKeyspaceEvents(config.stored("notify-keyspace-events"));
    // Expiry (active and lazy) changes a key too: it dirties WATCH and is an `expired` event.
    this.dbs.onExpired = (db, key) => {
      if (this.watches.size !== 0) this.watches.touch(db, key);
      if (this.keyspaceEvents.enabled) this.keyspaceEvents.notify(db, key, "expired");
      if (this.tracking.active) this.tracking.invalidate(key);
      // Redis's signalDeletedKeyAsReady: an XREADGROUP blocked on the key gets its error, now
      // when the key expired inside a command, soon when the active cycle removed it.
      if (this.blocking.count !== 0) {
        this.blocking.signal(db, key);
        queueMicrotask(() => {
          if (this.blocking.hasReady) this.blocking.serveReady();
        });
      }
    };
    this.slowlog = slowlogOf(this);
    this.pause = pauseOf(this, (client, argv) => (client as Connection).rerunHeld(argv));
    this.startedAt = clock.now();
    this.runId = Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.applyOutputLimit(config.get("client-output-buffer-limit"));
    this.requestLimits = {
      maxBulkLen: config.getNumber("proto-max-bulk-len"),
      maxQueryBuffer: config.getNumber("client-query-buffer-limit"),
    };
    config.onChange((name, value) => {
      if (name === "client-output-buffer-limit") this.applyOutputLimit(value);
      else if (name === "notify-keyspace-events") this.applyKeyspaceEvents(value);
      else if (name === "proto-max-bulk-len") this.requestLimits.maxBulkLen = config.getNumber(name);
      else if (name === "client-query-buffer-limit")
        this.requestLimits.maxQueryBuffer = config.getNumber(name);
      else if (name === "tracking-table-max-keys") this.tracking.maxKeys = config.getNumber(name);
    });
  }

  private applyOutputLimit(value: string): void {
    const words = value.split(/\s+/);
    for (let i = 0; i + 3 < words.length; i += 4) {
      if (words[i] === "pubsub") {
        this.pubsubOutputLimit = {
          hard: Number(words[i + 1]),
          soft: Number(words[i + 2]),
          softSeconds: Number(words[i + 3]),
        };
      }
    }
  }

  private readonly handler: SocketHandler<Connection> = {
    open: (socket) => {
      try {
        this.accept(socket);
      } catch (e) {
        // One failed accept must not take the listener down.
        this.log.warning(`accept failed: ${(e as Error)?.message ?? e}`);
        socket.terminate();
      }
    },
    data: (socket, chunk) => socket.data?.onData(chunk),
    drain: (socket) => socket.data?.onDrain(),
    close: (socket) => socket.data?.onClose(),
    error: (socket, error) => {
      this.log.verbose(`connection error: ${error.message}`);
      socket.data?.onClose();
    },
  };

  /**
   * Housekeeping on the server clock (Redis's clientsCron): close clients idle for longer than
   * `timeout` seconds. Subscribers are exempt, as in Redis: they are idle by design.
   */
  private cron = (): void => {
    if (this.stopping) return;
    const clock = this.dbs.clock;
    const timeout = this.config.getNumber("timeout") * 1000;
    if (timeout > 0) {
      const now = clock.now();
      for (const c of [...this.clients.values()]) {
        if (isSubscribed(c)) continue;
        if (now - c.lastInteraction > timeout) {
          this.log.verbose(`Closing idle client id=${c.id}`);
          c.kill();
        }
      }
    }
    this.cronTimer = clock.setTimer(clock.now() + 1000, this.cron, true);
  };
  private cronTimer: { cancel(): void } | null = null;

  /** Bind every address (the first decides the port when it is 0), then the unix socket. */
  listen(hosts: string[], port: number, unixsocket: string): void {
    for (const hostname of hosts) {
      const l = Bun.listen<Connection>({ hostname, port: this.port || port, socket: this.handler });
      this.listeners.push(l);
      this.port = l.port;
    }
    if (unixsocket) {
      rmSync(unixsocket, { force: true });
      this.listeners.push(Bun.listen<Connection>({ unix: unixsocket, socket: this.handler }));
      const perm = this.config.get("unixsocketperm");
      if (perm !== "0") chmodSync(unixsocket, Number.parseInt(perm, 8));
    }
    this.cronTimer = this.dbs.clock.setTimer(this.dbs.clock.now() + 1000, this.cron, true);
  }

  /** Count a new connection; false (counted as rejected) while stopping or at maxclients. */
  private admit(): boolean {
    this.stats.totalConnections++;
    if (!this.stopping && this.clients.size < this.config.getNumber("maxclients")) return true;
    this.stats.rejectedConnections++;
    return false;
  }

  private accept(socket: Socket<Connection>): void {
    if (!this.admit()) {
      socket.write(MAX_CLIENTS_REPLY);
      socket.end();
      return;
    }
    const unix = socket.remoteAddress === "" || socket.remoteAddress === undefined;
    const addr = unix ? `${this.config.get("unixsocket")}:0` : `${socket.remoteAddress}:${socket.remotePort}`;
    const laddr = unix ? `${this.config.get("unixsocket")}:0` : `${socket.localAddress}:${socket.localPort}`;
    const conn = new Connection(this, socket, this.nextClientId++, addr, laddr);
    socket.data = conn;
    // No setNoDelay here: Bun's sockets (uSockets) already set TCP_NODELAY on accept.
    this.clients.set(conn.id, conn);
  }

  /**
   * A client connection without a socket (`createClient({ server })`): bytes each way are copied
   * and delivered in a microtask, as a socket would deliver them later, so neither side runs
   * inside the other's write. It counts as a client (CLIENT LIST, maxclients) like a TCP one.
   */
  connectInProcess(peer: InProcessPeer): InProcessSocket {
    let open = true;
    const closeBoth = (): void => {
      if (!open) return;
      open = false;
      queueMicrotask(() => peer.close());
    };
    const serverSide = {
      write: (buf: Uint8Array, offset = 0, length = buf.length - offset): number => {
        if (open) {
          const copy = buf.slice(offset, offset + length);
          queueMicrotask(() => peer.data(copy));
        }
        return length;
      },
      end: closeBoth,
      terminate: closeBoth,
      pause(): void {},
      resume(): void {},
    } as unknown as Socket<Connection>;
    if (!this.admit()) {
      serverSide.write(MAX_CLIENTS_REPLY);
      closeBoth();
    } else {
      const conn = new Connection(this, serverSide, this.nextClientId++, "in-process:0", "in-process:0");
      this.clients.set(conn.id, conn);
      const clientEnd = (): void => {
        if (!open) return;
        conn.onClose();
        closeBoth();
      };
      return {
        write: (bytes) => {
          const copy = bytes.slice();
          queueMicrotask(() => {
            if (open) conn.onData(copy);
          });
          return bytes.length;
        },
        end: clientEnd,
        terminate: clientEnd,
      };
    }
    return { write: (bytes) => bytes.length, end() {}, terminate() {} };
  }

  /** A connection closed: drop its subscriptions, its blocking wait, its watches and its place in the client table. */
  forget(conn: Connection): void {
    if (!this.clients.delete(conn.id)) return;
    this.pubsub.removeAll(conn);
    this.pause.forget(conn);
    if (conn.blocked) this.blocking.forget(conn);
    this.watches.clear(conn);
    this.tracking.disable(conn);
  }

  warn(message: string): void {
    this.log.warning(message);
  }

  /** The test API's journal and faults: created when a test (or REDBUN FAULT) first asks. */
  testHooks: ServerTestHooks | null = null;

  enableTestHooks(): ServerTestHooks {
    this.testHooks ??= new ServerTestHooks(this);
    return this.testHooks;
  }

  /** Keyspace notifications (notify-keyspace-events). */
  readonly keyspaceEvents: KeyspaceEvents;
  /** CLIENT TRACKING: who read which key, BCAST prefixes, invalidation delivery. */
  readonly tracking: Tracking;

  private updateKeyListeners(): void {
    this.keyListeners =
      this.blockingActive ||
      this.watches.size > 0 ||
      this.keyspaceEvents?.enabled === true ||
      this.tracking?.active === true;
  }

  private applyKeyspaceEvents(flags: string): void {
    this.keyspaceEvents.configure(flags);
    // `new` events come from the keyspace itself, when a key is created.
    this.dbs.onNewKey = this.keyspaceEvents.wants("new")
      ? (db, key) => this.keyspaceEvents.notify(db, key, "new")
      : null;
    // `keymiss` too, from the read lookups of commands Redis makes without LOOKUP_NONOTIFY.
    this.dbs.onKeyMiss = this.keyspaceEvents.wants("keymiss")
      ? (db, key) => this.keyspaceEvents.notify(db, key, "keymiss")
      : null;
    this.updateKeyListeners();
  }

  /** Writes since start (INFO rdb_changes_since_last_save). */
  dirty = 0;
  /** Clients are blocked or keys watched (kept by the two callbacks in the constructor). */
  keyListeners = false;
  private blockingActive = false;

  keyChanged(db: number, key: string, event: string): void {
    this.dirty++;
    // Redis's notifyKeyspaceEvent, which the commands call after signalModifiedKey.
    if (this.keyspaceEvents.enabled) this.keyspaceEvents.notify(db, key, event);
    // Redis's signalKeyAsReady: clients blocked on the key are served after the command.
    if (this.blocking.count !== 0) this.blocking.signal(db, key);
    // Redis's touchWatchedKey: clients watching the key will have their EXEC fail.
    if (this.watches.size !== 0) this.watches.touch(db, key);
    // Redis's trackingInvalidateKey: clients caching the key get an invalidation.
    if (this.tracking.active) this.tracking.invalidate(key);
  }

  notifyKeyspaceEvent(db: number, key: string, event: string): void {
    this.dirty++;
    if (this.keyspaceEvents.enabled) this.keyspaceEvents.notify(db, key, event);
  }

  /** SHUTDOWN from a client: finish the current read's replies, then stop. */
  shutdown(_options: ShutdownOptions): void {
    this.stopping = true;
    this.current?.kill();
    queueMicrotask(() => void this.close());
  }

  /**
   * Stop accepting, flush what every client is owed, close them all, resolve `closed`.
   * Clients that do not read their replies get a short grace period, then are cut off.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.stopping = true;
    this.closing = (async () => {
      this.log.notice("redbun is shutting down");
      for (const l of this.listeners) l.stop(false);
      this.cronTimer?.cancel();
      for (const c of this.clients.values()) c.flush();
      const deadline = Date.now() + 2000;
      while ([...this.clients.values()].some((c) => c.hasPendingOutput) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      for (const c of [...this.clients.values()]) c.close();
      for (const l of this.listeners) l.stop(true);
      this.listeners = [];
      if (this.config.get("unixsocket")) rmSync(this.config.get("unixsocket"), { force: true });
      this.dbs.close();
      await this.tracer?.shutdown();
      this.log.notice("redbun is now ready to exit, bye bye...");
      this.resolveClosed();
    })();
    return this.closing;
  }
}
