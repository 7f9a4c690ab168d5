/**
 * Client options: the public `ClientOptions` and their resolution (URL parsing, defaults)
 * into the one flat shape the rest of the client reads.
 */
import type { CacheOptions } from "./cache.ts";

export interface ReconnectOptions {
  /** Attempts after a lost connection before the client gives up (default: unlimited). */
  retries?: number;
  /** First delay in ms; each attempt doubles it (default 50). */
  minDelay?: number;
  /** Cap on the delay in ms (default 2000). */
  maxDelay?: number;
}

/**
 * A server in this process the client can talk to without TCP: what `startServer` (redbun/server)
 * returns. Only this shape is known here, so the client never imports the server.
 */
export interface InProcessServer {
  connectInProcess(peer: { data(chunk: Uint8Array): void; close(): void }): {
    write(bytes: Uint8Array): number;
    end(): void;
    terminate(): void;
  };
}

export interface ClientOptions {
  /**
   * An in-process redbun server (`await startServer()`): RESP is still encoded and parsed, but no
   * socket is used; the fastest transport for unit tests. url/host/port are then ignored.
   */
  server?: InProcessServer;
  /** `redis://[[user]:pass@]host[:port][/db]` or `unix:///path/to/socket?db=1`. */
  url?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  db?: number;
  /** Protocol to ask for with HELLO (default 3); falls back to 2 if the server refuses HELLO. */
  resp?: 2 | 3;
  /** Connection name, set with HELLO SETNAME / CLIENT SETNAME on every (re)connect. */
  name?: string;
  /** ms for TCP connect plus handshake (default 10000). */
  connectTimeout?: number;
  /** ms each command may wait for its reply, queue time included (default: no limit). */
  commandTimeout?: number;
  /** Reconnect after a lost connection with exponential backoff (default on). */
  reconnect?: boolean | ReconnectOptions;
  /** Bulk replies as `Uint8Array` (fresh copies) instead of UTF-8 strings. */
  returnBuffers?: boolean;
  /**
   * Client-side caching (src/client/cache.ts): GET, MGET, STRLEN, EXISTS (one key), HGET and
   * HGETALL are answered from a local cache kept fresh by CLIENT TRACKING invalidations
   * (RESP3 pushes, or with `resp: 2` a second connection on `__redis__:invalidate`). Off by default.
   */
  cache?: boolean | CacheOptions;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  /** Unix socket path; when set, host and port are unused. */
  path: string | undefined;
  /** In-process server; when set, path, host and port are unused. */
  server: InProcessServer | undefined;
  username: string | undefined;
  password: string | undefined;
  db: number;
  resp: 2 | 3;
  name: string | undefined;
  connectTimeout: number;
  commandTimeout: number | undefined;
  reconnect: Required<ReconnectOptions> | null;
  returnBuffers: boolean;
  /** null: no client-side cache. */
  cache: CacheOptions | null;
}

/** Where the client connects, for error messages. */
export function describeTarget(o: ResolvedOptions): string {
  if (o.server !== undefined) return "in-process server";
  return o.path !== undefined ? o.path : `${o.host}:${o.port}`;
}

function parseDb(s: string, url: string): number {
  const db = Number(s);
  if (!Number.isInteger(db) || db < 0) throw new TypeError(`invalid database number '${s}' in ${url}`);
  return db;
}

interface FromUrl {
  host?: string;
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  db?: number;
}

function parseUrl(url: string): FromUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch (cause) {
    throw new TypeError(`invalid redis URL: ${url}`, { cause });
  }
  const out: FromUrl = {};
  if (u.username) out.username = decodeURIComponent(u.username);
  if (u.password) out.password = decodeURIComponent(u.password);
  const db = u.searchParams.get("db");
  if (db !== null) out.db = parseDb(db, url);
  switch (u.protocol) {
    case "redis:": {
      // URL keeps IPv6 brackets in hostname; Bun.connect wants the bare address.
      if (u.hostname) out.host = u.hostname.replace(/^\[(.*)\]$/, "$1");
      if (u.port) out.port = Number(u.port);
      const path = u.pathname.replace(/^\//, "");
      if (path) out.db = parseDb(path, url);
      return out;
    }
    case "unix:":
      out.path = decodeURIComponent(u.pathname);
      return out;
    case "rediss:":
      throw new TypeError("rediss:// (TLS) is not supported by the redbun client yet");
    default:
      throw new TypeError(`unsupported URL scheme '${u.protocol}' (expected redis:// or unix://)`);
  }
}

/** Merge a URL (or a URL string), explicit options and defaults; explicit options win over the URL. */
export function resolveOptions(input: ClientOptions | string | undefined): ResolvedOptions {
  const opts: ClientOptions = typeof input === "string" ? { url: input } : (input ?? {});
  const fromUrl = opts.url !== undefined ? parseUrl(opts.url) : {};
  let reconnect: Required<ReconnectOptions> | null = null;
  if (opts.reconnect !== false) {
    const r = typeof opts.reconnect === "object" ? opts.reconnect : {};
    reconnect = {
      retries: r.retries ?? Number.POSITIVE_INFINITY,
      minDelay: r.minDelay ?? 50,
      maxDelay: r.maxDelay ?? 2000,
    };
  }
  const resp = opts.resp ?? 3;
  if (resp !== 2 && resp !== 3) throw new TypeError(`resp must be 2 or 3, got ${String(resp)}`);
  return {
    host: opts.host ?? fromUrl.host ?? "127.0.0.1",
    port: opts.port ?? fromUrl.port ?? 6379,
    path: opts.host !== undefined || opts.port !== undefined ? undefined : fromUrl.path,
    server: opts.server,
    username: opts.username ?? fromUrl.username,
    password: opts.password ?? fromUrl.password,
    db: opts.db ?? fromUrl.db ?? 0,
    resp,
    name: opts.name,
    connectTimeout: opts.connectTimeout ?? 10_000,
    commandTimeout: opts.commandTimeout,
    reconnect,
    returnBuffers: opts.returnBuffers ?? false,
    cache: opts.cache === true ? {} : opts.cache ? opts.cache : null,
  };
}
