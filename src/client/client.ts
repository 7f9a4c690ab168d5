/**
 * RedbunClient: one connection (plus, for RESP2 pub/sub, a second one) with its life cycle.
 *
 * States: idle → connecting → ready ⇄ reconnecting → closed. The client connects lazily, on
 * the first command or on `connect()`. Commands issued while not ready wait in `offline` and
 * are written, in order, right after the handshake of the next connection.
 *
 * When a connection is lost, commands already written fail with ConnectionClosedError (they
 * may have run: replaying them could run them twice); the client reconnects with exponential
 * backoff, redoes the handshake (HELLO/AUTH, SETNAME, SELECT, resubscribe) and then sends
 * what was queued meanwhile. If the very first connection cannot be made, `connect()` and the
 * queued commands fail and the client goes back to idle (a later command tries again).
 */
import type { CommandArg } from "../protocol/command-encoder.ts";
import type { RespValue } from "../protocol/reply-parser.ts";
import { type CacheStats, ClientCache, cacheKey } from "./cache.ts";
import { type ClientCommands, COMMANDS } from "./commands.ts";
import { fail, type Pending, RespConnection } from "./connection.ts";
import { asText, decodeReply, detach, type Reply, type ReplyKind, shapeReply } from "./decode.ts";
import { ConnectionClosedError, ReplyError, TimeoutError } from "./errors.ts";
import { describeTarget, type ResolvedOptions } from "./options.ts";
import { Pipeline } from "./pipeline.ts";
import { Script, type ScriptOptions } from "./script.ts";
import { PubSubState, type Subscription } from "./subscriber.ts";

export type ClientStatus = "idle" | "connecting" | "ready" | "reconnecting" | "closed";

export interface CommandOptions {
  /** ms to wait for this reply (overrides `commandTimeout`). */
  timeout?: number;
}

export interface ShutdownOptions {
  mode?: "NOSAVE" | "SAVE";
  NOW?: boolean;
  FORCE?: boolean;
}

interface RunExtra {
  /** Overrides `commandTimeout`; null: no timer at all (a blocking read that may wait for ever). */
  timeout?: number | null | undefined;
  pushKind?: string;
  pushLeft?: number;
  closeOk?: boolean;
}

/** Commands whose replies do not fit request/response; they have their own methods. */
const NOT_VIA_SEND_COMMAND = new Set([
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "monitor",
]);

const identity = (v: RespValue): RespValue => v;

/**
 * Added to a blocking command's timeout: Redis notices an expired BLOCK on its next event-loop
 * wake-up, up to 1000/hz ms late (100 ms at the default hz 10), and the reply must not be
 * beaten by our own timer.
 */
export const BLOCK_GRACE_MS = 250;

/** The typed reads the client-side cache answers (see the `cache` option). */
const CACHEABLE = new Set(["get", "mGet", "strLen", "exists", "hGet", "hGetAll"]);

// The table's methods (commands.ts) are installed on the prototype by the static block at the end.
export interface RedbunClient<S extends string | Uint8Array = string> extends ClientCommands<S> {}

/**
 * @example
 * await using client = createClient("redis://localhost:6379/0");
 * await client.set("greeting", "hello", { EX: 60 });
 * const v = await client.get("greeting"); // "hello"
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the methods the static block installs
export class RedbunClient<S extends string | Uint8Array = string> implements AsyncDisposable {
  readonly options: ResolvedOptions;
  #state: ClientStatus = "idle";
  #conn: RespConnection | null = null;
  /** The connection being opened or re-handshaken, so close() can drop it too. */
  #opening: RespConnection | null = null;
  #offline: Pending[] = [];
  #waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #everConnected = false;
  #attempts = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closeCause: Error | undefined;
  /** QUIT or SHUTDOWN sent: the connection closing is expected, do not reconnect. */
  #quitting = false;
  #protocol: 2 | 3 = 2;
  // Connection state to restore on reconnect: starts from the options, follows AUTH/SELECT/SETNAME.
  #username: string | undefined;
  #password: string | undefined;
  #db: number;
  #name: string | undefined;
  /** Subscriptions carried by this client's own connection (RESP3, or the RESP2 subscriber). */
  #pubsub: PubSubState<S> | null = null;
  /** RESP2: the dedicated connection for pub/sub, created on the first subscribe. */
  #subscriber: RedbunClient<S> | null = null;
  readonly #subscriberMode: boolean;
  /** `cache` option: the local cache, kept fresh by CLIENT TRACKING (src/client/cache.ts). */
  readonly #cache: ClientCache | null;
  /** RESP2 with a cache: the connection subscribed to `__redis__:invalidate` (the REDIRECT target). */
  #invalidations: RespConnection | null = null;

  constructor(options: ResolvedOptions, subscriberMode = false) {
    this.options = options;
    this.#username = options.username;
    this.#password = options.password;
    this.#db = options.db;
    this.#name = options.name;
    this.#subscriberMode = subscriberMode;
    if (subscriberMode) this.#pubsub = new PubSubState<S>(this.#pubsubSend, options.returnBuffers);
    this.#cache = options.cache !== null && !subscriberMode ? new ClientCache(options.cache) : null;
  }

  /** Client-side cache counters (all zero without the `cache` option). */
  cacheStats(): CacheStats {
    return this.#cache?.stats() ?? { hits: 0, misses: 0, invalidations: 0, size: 0 };
  }

  get status(): ClientStatus {
    return this.#state;
  }

  /** The protocol the server agreed to (2 until connected, or when HELLO 3 was refused). */
  get protocol(): 2 | 3 {
    return this.#protocol;
  }

  /** Connect now (otherwise the first command does). Resolves once the handshake is done. */
  connect(): Promise<void> {
    if (this.#state === "ready") return Promise.resolve();
    if (this.#state === "closed") {
      return Promise.reject(new ConnectionClosedError("client is closed", { cause: this.#closeCause }));
    }
    const p = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#state === "idle") this.#start();
    return p;
  }

  /** Any command, decoded: strings per `returnBuffers`, maps as objects, sets as arrays. */
  sendCommand(args: CommandArg[], opts?: CommandOptions): Promise<Reply> {
    const name = args.length > 0 ? String(args[0]).toLowerCase() : "";
    if (NOT_VIA_SEND_COMMAND.has(name)) {
      return Promise.reject(new TypeError(`${name.toUpperCase()} is not supported by sendCommand`));
    }
    const buffers = this.options.returnBuffers;
    return this.#run(args, (v) => decodeReply(v, buffers), { timeout: opts?.timeout });
  }

  /** Any command, the reply undecoded (bulk strings are copies, safe to keep). */
  sendRaw(args: CommandArg[], opts?: CommandOptions): Promise<RespValue> {
    return this.#run(args, detach, { timeout: opts?.timeout });
  }

  /** Collect commands and send them together; see Pipeline. */
  pipeline(): Pipeline<S> {
    return new Pipeline<S>((args, kind, block) =>
      kind === null ? this.sendCommand(args) : this.#typed(args, kind, block),
    );
  }

  /**
   * A Lua script run by its SHA1 (EVALSHA), sent in full only when the server lacks it; see
   * src/client/script.ts. Make it once and keep it: the SHA1 is computed here.
   *
   * @example
   * const getDel = client.script("local v = redis.call('GET', KEYS[1]) redis.call('DEL', KEYS[1]) return v");
   * const v = await getDel.run(["k"]);
   */
  script(body: string, opts?: ScriptOptions): Script {
    return new Script(this, body, opts);
  }

  // Connection-state commands: remembered so that a reconnect restores them.

  async auth(...args: [password: string] | [username: string, password: string]): Promise<"OK"> {
    await this.#run(["AUTH", ...args], identity);
    this.#username = args.length === 2 ? args[0] : undefined;
    this.#password = args.length === 2 ? args[1] : args[0];
    return "OK";
  }

  async select(db: number): Promise<"OK"> {
    await this.#run(["SELECT", db], identity);
    this.#db = db;
    // Cache entries name keys only; the server's invalidations are not per database either.
    this.#cache?.clear();
    return "OK";
  }

  async clientSetName(name: string): Promise<"OK"> {
    await this.#run(["CLIENT", "SETNAME", name], identity);
    this.#name = name === "" ? undefined : name;
    return "OK";
  }

  /**
   * RESET, then the handshake again, so the connection is back to the state the options
   * describe (RESET drops AUTH, SELECT, the name, subscriptions and even RESP3). Commands
   * issued meanwhile wait and run after it.
   */
  reset(): Promise<"RESET"> {
    // Synchronously when ready: commands issued right after reset() must queue behind it.
    if (this.#state !== "ready") return this.connect().then(() => this.reset());
    return this.#resetOn(this.#conn!);
  }

  async #resetOn(conn: RespConnection): Promise<"RESET"> {
    this.#state = "connecting";
    this.#opening = conn;
    let reply: string;
    try {
      reply = asText(await conn.call(["RESET"]));
      this.#username = this.options.username;
      this.#password = this.options.password;
      this.#db = this.options.db;
      this.#name = this.options.name;
      await this.#handshake(conn);
    } catch (e) {
      // The connection is in an unknown state: drop it, the reconnect logic takes over.
      if (this.#opening === conn) this.#opening = null;
      conn.destroy(e as Error);
      throw e;
    }
    this.#opening = null;
    if (this.#conn === conn && !conn.closed) this.#becomeReady(conn);
    return reply as "RESET";
  }

  /** QUIT: pending replies arrive, then the client closes (no reconnect). */
  async quit(): Promise<"OK"> {
    if (this.#state === "idle" || this.#state === "closed") {
      await this.close();
      return "OK";
    }
    const p = this.#run(["QUIT"], asText, { closeOk: true });
    this.#quitting = true;
    try {
      await p;
    } finally {
      await this.close();
    }
    return "OK";
  }

  /** SHUTDOWN the server. Resolves when the server has closed the connection. */
  async shutdown(opts?: ShutdownOptions): Promise<void> {
    const args: CommandArg[] = ["SHUTDOWN"];
    if (opts?.mode) args.push(opts.mode);
    if (opts?.NOW) args.push("NOW");
    if (opts?.FORCE) args.push("FORCE");
    const p = this.#run(args, identity, { closeOk: true });
    this.#quitting = true;
    try {
      await p;
    } catch (e) {
      this.#quitting = false;
      throw e;
    }
    await this.close();
  }

  /** Subscribe to channels; see Subscription. RESP3 uses this connection, RESP2 a dedicated one. */
  async subscribe(...channels: string[]): Promise<Subscription<S>> {
    return (await this.#pubsubState()).add(channels, []);
  }

  /** Subscribe to glob-style patterns (`news.*`); messages carry the matching `pattern`. */
  async psubscribe(...patterns: string[]): Promise<Subscription<S>> {
    return (await this.#pubsubState()).add([], patterns);
  }

  /** Close now: queued and in-flight commands fail with ConnectionClosedError. */
  async close(): Promise<void> {
    const conn = this.#conn;
    const opening = this.#opening;
    const subscriber = this.#subscriber;
    if (this.#state !== "closed") this.#end(new ConnectionClosedError("client closed"), false);
    opening?.destroy();
    const invalidations = this.#invalidations;
    this.#invalidations = null;
    await Promise.all([conn?.close(), subscriber?.close(), invalidations?.close()]);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ----

  /** `block`: a blocking command's wait in ms (0: for ever), added (with BLOCK_GRACE_MS) to `commandTimeout`. */
  #typed(args: CommandArg[], kind: ReplyKind, block?: number): Promise<unknown> {
    const buffers = this.options.returnBuffers;
    const map = (v: RespValue) => shapeReply(kind, v, buffers);
    const limit = this.options.commandTimeout;
    // Most commands: no options object on this path.
    if (block === undefined || limit === undefined) return this.#run(args, map);
    return this.#run(args, map, { timeout: block === 0 ? null : limit + block + BLOCK_GRACE_MS });
  }

  /** The one path every command takes: a Pending, a timer if asked, then the socket or the queue. */
  #run<T>(args: readonly CommandArg[], map: (v: RespValue) => T, extra?: RunExtra): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const p: Pending = {
        args,
        resolve: (v) => {
          try {
            resolve(map(v));
          } catch (e) {
            reject(e);
          }
        },
        reject,
        done: false,
        pushKind: extra?.pushKind,
        pushLeft: extra?.pushLeft,
        closeOk: extra?.closeOk,
      };
      if (this.#state === "closed" || this.#quitting) {
        fail(p, new ConnectionClosedError("client is closed", { cause: this.#closeCause }));
        return;
      }
      const timeout = extra?.timeout === undefined ? this.options.commandTimeout : extra.timeout;
      if (timeout !== undefined && timeout !== null) {
        p.timer = setTimeout(() => {
          fail(p, new TimeoutError(`no reply to ${String(args[0])} within ${timeout} ms`));
        }, timeout);
      }
      if (this.#state === "ready") {
        this.#conn!.send(p);
      } else {
        this.#offline.push(p);
        if (this.#state === "idle") this.#start();
      }
    });
  }

  readonly #pubsubSend = (args: CommandArg[], pushKind: string, pushLeft: number): Promise<unknown> =>
    this.#run(args, identity, { pushKind, pushLeft });

  async #pubsubState(): Promise<PubSubState<S>> {
    if (this.#pubsub !== null && (this.#subscriberMode || this.#protocol === 3)) return this.#pubsub;
    await this.connect();
    if (this.#protocol === 3) {
      this.#pubsub ??= new PubSubState<S>(this.#pubsubSend, this.options.returnBuffers);
      return this.#pubsub;
    }
    if (this.#subscriber === null) {
      const o: ResolvedOptions = {
        ...this.options,
        resp: 2,
        username: this.#username,
        password: this.#password,
      };
      this.#subscriber = new RedbunClient<S>(o, true);
    }
    return this.#subscriber.#pubsubState();
  }

  #start(): void {
    this.#state = this.#everConnected ? "reconnecting" : "connecting";
    this.#open().then(
      (conn) => this.#becomeReady(conn),
      (err: Error) => this.#openFailed(err),
    );
  }

  /** TCP connect and handshake, within `connectTimeout`. */
  async #open(): Promise<RespConnection> {
    const o = this.options;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const attempt = (async () => {
      const conn = await RespConnection.open(o, {
        onPush: (items) => this.#onPush(items),
        onClose: (c, cause) => this.#onConnectionClose(c, cause),
      });
      if (timedOut || this.#state === "closed") {
        conn.destroy();
        throw new ConnectionClosedError("connection attempt abandoned");
      }
      conn.subscriberMode = this.#subscriberMode;
      this.#opening = conn;
      await this.#handshake(conn);
      return conn;
    })();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        this.#opening?.destroy();
        reject(new TimeoutError(`could not connect to ${describeTarget(o)} within ${o.connectTimeout} ms`));
      }, o.connectTimeout);
    });
    try {
      return await Promise.race([attempt, deadline]);
    } catch (e) {
      this.#opening?.destroy();
      attempt.catch(() => {});
      throw e;
    } finally {
      this.#opening = null;
      clearTimeout(timer);
    }
  }

  /** HELLO 3 (or AUTH for RESP2 and servers without HELLO), SETNAME, SELECT, resubscribe. */
  async #handshake(conn: RespConnection): Promise<void> {
    const auth = this.#password === undefined ? null : [this.#username ?? "default", this.#password];
    let protocol: 2 | 3 = 2;
    if (this.options.resp === 3) {
      const hello: CommandArg[] = ["HELLO", 3];
      if (auth !== null) hello.push("AUTH", ...auth);
      if (this.#name !== undefined) hello.push("SETNAME", this.#name);
      try {
        await conn.call(hello);
        protocol = 3;
      } catch (e) {
        if (!(e instanceof ReplyError)) throw e;
      }
    }
    const steps: Promise<unknown>[] = [];
    if (protocol === 2) {
      if (auth !== null) {
        steps.push(conn.call(this.#username === undefined ? ["AUTH", this.#password!] : ["AUTH", ...auth]));
      }
      if (this.#name !== undefined) steps.push(conn.call(["CLIENT", "SETNAME", this.#name]));
    }
    if (this.#db !== 0) steps.push(conn.call(["SELECT", this.#db]));
    if (this.#pubsub !== null) {
      steps.push(...this.#pubsub.resubscribe((args, kind, n) => conn.call(args, kind, n)));
    }
    await Promise.all(steps);
    this.#protocol = protocol;
    if (this.#cache !== null) await this.#startTracking(conn, protocol);
  }

  #onPush(items: RespValue[]): void {
    const kind = this.#cache !== null && items.length > 0 ? asText(items[0]!) : "";
    if (kind === "invalidate") this.#invalidated(items[1] ?? null);
    // RESP3 only; with a redirect, the lost redirect means lost invalidations.
    else if (kind === "tracking-redir-broken") this.#cache!.clear();
    else this.#pubsub?.dispatch(items);
  }

  #invalidated(keys: RespValue): void {
    this.#cache!.invalidate(Array.isArray(keys) ? keys.map((k) => cacheKey(k as Uint8Array)) : null);
  }

  /**
   * Every (re)connect: whatever was cached may have changed unseen, so start empty, then turn
   * tracking on: invalidations as pushes on this connection (RESP3), or on a second connection
   * subscribed to `__redis__:invalidate` that this one redirects to (RESP2).
   */
  async #startTracking(conn: RespConnection, protocol: 2 | 3): Promise<void> {
    const cache = this.#cache!;
    cache.clear();
    if (protocol === 3) {
      await conn.call(["CLIENT", "TRACKING", "ON"]);
      return;
    }
    this.#invalidations?.destroy();
    this.#invalidations = null;
    const o: ResolvedOptions = {
      ...this.options,
      resp: 2,
      username: this.#username,
      password: this.#password,
    };
    const inv = await RespConnection.open(o, {
      onPush: (items) => {
        if (items.length === 3 && asText(items[0]!) === "message") this.#invalidated(items[2]!);
      },
      onClose: (c) => {
        // Invalidations would be lost from now on: drop everything, cache nothing until the
        // next reconnect of the main connection sets up a new channel.
        if (c !== this.#invalidations) return;
        this.#invalidations = null;
        cache.clear();
      },
    });
    try {
      if (this.#password !== undefined) {
        await inv.call(
          this.#username === undefined ? ["AUTH", this.#password] : ["AUTH", this.#username, this.#password],
        );
      }
      const id = await inv.call(["CLIENT", "ID"]);
      inv.subscriberMode = true;
      await inv.call(["SUBSCRIBE", "__redis__:invalidate"], "subscribe", 1);
      this.#invalidations = inv;
      await conn.call(["CLIENT", "TRACKING", "ON", "REDIRECT", id as number]);
    } catch (e) {
      inv.destroy();
      throw e;
    }
  }

  /**
   * A cacheable read (see the `cache` option): from the cache when there, else from the server,
   * kept unless its key was invalidated on the way. Until the connection is ready (tracking on)
   * and while the RESP2 invalidation channel is down, reads go to the server uncached.
   */
  #cachedRead(name: string, a: unknown[], args: CommandArg[], kind: ReplyKind): Promise<unknown> {
    const cache = this.#cache!;
    const usable = this.#state === "ready" && (this.#protocol === 3 || this.#invalidations !== null);
    if (!usable || (name === "exists" && a.length !== 1)) return this.#typed(args, kind);
    const buffers = this.options.returnBuffers;
    if (name === "mGet") return this.#cachedMget(a as (string | Uint8Array)[], args, kind);
    const key = cacheKey(a[0] as string | Uint8Array);
    const f = a[1];
    const field = name === "hGet" ? cacheKey(f instanceof Uint8Array ? f : String(f)) : "";
    const id = name === "hGet" ? `${name}:${key.length}:${key}${field}` : `${name}:${key}`;
    const hit = cache.get(id);
    if (hit !== undefined) {
      cache.hits++;
      return Promise.resolve(hit.value);
    }
    cache.misses++;
    const keys = [key];
    const token = cache.begin(keys);
    return this.#run(args, identity).then(
      (v) => {
        const value = shapeReply(kind, v, buffers);
        if (value === null || typeof value !== "object") cache.keep(token, key, id, value);
        else cache.keep(token, key, id, detach(v), (raw) => shapeReply(kind, raw as RespValue, buffers));
        cache.end(keys);
        return value;
      },
      (e) => {
        cache.end(keys);
        throw e;
      },
    );
  }

  /** MGET: answered locally only when every key is cached (by GET or an earlier MGET). */
  #cachedMget(a: (string | Uint8Array)[], args: CommandArg[], kind: ReplyKind): Promise<unknown> {
    const cache = this.#cache!;
    const keys = a.map(cacheKey);
    // A GET's value is an MGET's; not the other way round (MGET answers null for a hash).
    const ids = keys.map((k) => (cache.has(`get:${k}`) ? `get:${k}` : `mGet:${k}`));
    if (keys.length > 0 && ids.every((id) => cache.has(id))) {
      cache.hits++;
      return Promise.resolve(ids.map((id) => cache.get(id)!.value));
    }
    cache.misses++;
    const buffers = this.options.returnBuffers;
    const token = cache.begin(keys);
    return this.#run(args, identity).then(
      (v) => {
        const values = shapeReply(kind, v, buffers) as unknown[];
        const raw = Array.isArray(v) ? v : [];
        for (let i = 0; i < keys.length; i++) {
          const x = values[i];
          if (x === null || typeof x !== "object") cache.keep(token, keys[i]!, `mGet:${keys[i]}`, x);
          else
            cache.keep(token, keys[i]!, `mGet:${keys[i]}`, detach(raw[i]!), (r) =>
              shapeReply("bulkOrNull", r as RespValue, buffers),
            );
        }
        cache.end(keys);
        return values;
      },
      (e) => {
        cache.end(keys);
        throw e;
      },
    );
  }

  #becomeReady(conn: RespConnection): void {
    if (this.#state === "closed") {
      conn.close();
      return;
    }
    this.#conn = conn;
    this.#state = "ready";
    this.#everConnected = true;
    this.#attempts = 0;
    const queued = this.#offline;
    this.#offline = [];
    for (const p of queued) if (!p.done) conn.send(p);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.resolve();
  }

  #openFailed(err: Error): void {
    if (this.#state === "closed") return;
    if (this.#everConnected && this.options.reconnect !== null) {
      this.#scheduleReconnect(err);
      return;
    }
    // First connection: report it and go back to idle, no background retries.
    this.#state = "idle";
    this.#failQueued(err);
  }

  #onConnectionClose(conn: RespConnection, cause: Error | undefined): void {
    if (conn !== this.#conn) return;
    this.#conn = null;
    if (this.#state === "closed") return;
    if (this.#quitting || this.options.reconnect === null) {
      this.#end(new ConnectionClosedError("connection closed", { cause }), !this.#quitting);
      return;
    }
    this.#state = "reconnecting";
    this.#scheduleReconnect(cause);
  }

  #scheduleReconnect(cause: Error | undefined): void {
    const r = this.options.reconnect!;
    if (this.#attempts >= r.retries) {
      const e = new ConnectionClosedError(
        `gave up reconnecting to ${describeTarget(this.options)} after ${this.#attempts} attempts`,
        { cause },
      );
      this.#end(e, true);
      return;
    }
    const delay = Math.min(r.maxDelay, r.minDelay * 2 ** this.#attempts);
    this.#attempts++;
    this.#state = "reconnecting";
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#start();
    }, delay);
  }

  /** Closed for good: fail everything waiting, end subscriptions (with the error if it was not asked for). */
  #end(err: Error, unexpected: boolean): void {
    this.#state = "closed";
    this.#closeCause = err;
    clearTimeout(this.#retryTimer);
    this.#failQueued(err);
    this.#pubsub?.endAll(unexpected ? err : undefined);
    if (this.#subscriber !== null && unexpected) this.#subscriber.close();
    this.#invalidations?.destroy();
    this.#invalidations = null;
  }

  #failQueued(err: Error): void {
    const queued = this.#offline;
    this.#offline = [];
    for (const p of queued) fail(p, err);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(err);
  }

  static {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const build = spec.build as (...a: unknown[]) => CommandArg[];
      const kind = spec.reply;
      const block = spec.block as ((...a: unknown[]) => number | undefined) | undefined;
      const cacheable = CACHEABLE.has(name);
      Object.defineProperty(RedbunClient.prototype, name, {
        value(this: RedbunClient, ...a: unknown[]) {
          if (cacheable && this.#cache !== null) return this.#cachedRead(name, a, build(...a), kind);
          return this.#typed(build(...a), kind, block?.(...a));
        },
        writable: true,
        configurable: true,
      });
    }
  }
}
