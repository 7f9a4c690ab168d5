/**
 * Data access for tests, without a client: `server.db(n)` to arrange and assert state,
 * fixtures (a plain JSON description of keys, types, values and TTLs), and snapshots.
 *
 * Everything runs as real commands through an in-process session (LocalSession), so it behaves
 * exactly as a client would see it (types, WRONGTYPE, expiry on access) and cannot drift from
 * the command implementations.
 *
 * @example
 * const db = server.db(0);
 * db.load({ "user:1": "alice", "jobs": { type: "list", value: ["a", "b"] }, "tmp": { value: "x", ttl: "5m" } });
 * db.get("user:1");        // "alice"
 * server.clock.advance("5m");
 * db.exists("tmp");        // false
 */
import { parseDuration } from "../db/clock.ts";
import { text } from "../protocol/bytes.ts";
import type { CommandArg as Arg } from "../protocol/command-encoder.ts";
import type { RespMap, RespSet, RespValue } from "../protocol/reply-parser.ts";
import type { LocalSession } from "./local-session.ts";

/** Bytes or text (encoded as UTF-8). */
export type Bytes = string | Uint8Array;

/** When a key expires: `ttl` from now (ms or "10s", "5m"...) or `expireAt` (Unix ms). */
export interface Expiry {
  ttl?: number | string;
  expireAt?: number;
}

/** One key's value in a fixture. A bare string or byte array is a string value. */
export type FixtureValue =
  | Bytes
  | ({ type?: "string"; value: Bytes } & Expiry)
  | ({ type: "list"; value: Bytes[] } & Expiry)
  | ({ type: "set"; value: Bytes[] } & Expiry)
  | ({ type: "hash"; value: Record<string, Bytes> | [Bytes, Bytes][] } & Expiry)
  | ({ type: "zset"; value: Record<string, number> | [Bytes, number][] } & Expiry);

/** Keys of one database and their values, as `db.load` takes them (JSON-friendly). */
export type Fixture = Record<string, FixtureValue>;

type EntryValue =
  | { type: "string"; value: Uint8Array }
  | { type: "list" | "set"; value: Uint8Array[] }
  | { type: "hash"; value: [Uint8Array, Uint8Array][] }
  | { type: "zset"; value: [Uint8Array, number][] }
  | { type: "stream"; value: [Uint8Array, Uint8Array[]][]; state: StreamState };

/** What XSETID restores besides the entries (the IDs XADD * continues from), and the groups. */
interface StreamState {
  lastId: Uint8Array;
  entriesAdded: number;
  maxDeletedId: Uint8Array;
  groups: StreamGroup[];
}

interface StreamGroup {
  name: Uint8Array;
  lastDeliveredId: Uint8Array;
  entriesRead: number | null;
  consumers: Uint8Array[];
  /** [entry id, consumer, delivery time (Unix ms), delivery count] */
  pending: [Uint8Array, Uint8Array, number, number][];
}

/** A field of an XINFO reply (a RESP3 map), by name. */
function field(map: RespValue, name: string): RespValue {
  return (map as RespMap).entries.find(([k]) => text(k as Uint8Array) === name)?.[1] ?? null;
}

/** One key as a snapshot holds it: binary-safe, with its absolute deadline. */
type Entry = { db: number; key: Uint8Array; expireAt: number | undefined } & EntryValue;

/** Every key of every database at one moment (opaque: pass it to `server.restore`). */
export class Snapshot {
  /** @internal */
  constructor(readonly entries: readonly Entry[]) {}

  /** Number of keys held. */
  get size(): number {
    return this.entries.length;
  }
}

/** Arguments per command when writing a big collection (keeps each request small). */
const BATCH = 512;

/** Runs commands on one database through the shared session. */
export class DbHandle {
  constructor(
    private readonly session: SessionOnDb,
    readonly index: number,
  ) {}

  /** Any command, run in this database; the reply RESP3-decoded (bulk strings as bytes). */
  command(...args: Arg[]): RespValue {
    return this.session.call(this.index, args);
  }

  /** The string at `key` as UTF-8 text, or null when missing. WRONGTYPE for other types. */
  get(key: Bytes): string | null {
    const v = this.getBytes(key);
    return v === null ? null : text(v);
  }

  /** The string at `key` as bytes, or null when missing. */
  getBytes(key: Bytes): Uint8Array | null {
    return this.command("GET", key) as Uint8Array | null;
  }

  /** SET, optionally with a TTL (ms or "10s", "5m"...) or an absolute deadline. */
  set(key: Bytes, value: Bytes, expiry: Expiry = {}): void {
    this.command("SET", key, value);
    this.expire(key, expiry);
  }

  /** DEL: how many of the keys existed. */
  del(...keys: Bytes[]): number {
    return keys.length === 0 ? 0 : (this.command("DEL", ...keys) as number);
  }

  exists(key: Bytes): boolean {
    return this.command("EXISTS", key) === 1;
  }

  /** Keys matching a glob pattern, sorted (Redis's order is arbitrary; a test wants a stable one). */
  keys(pattern: Bytes = "*"): string[] {
    return (this.command("KEYS", pattern) as Uint8Array[]).map(text).sort();
  }

  /** "string", "list", "set", "zset", "hash" or "none". */
  type(key: Bytes): string {
    return this.command("TYPE", key) as string;
  }

  /** PTTL: ms left, -1 when the key has no TTL, -2 when it does not exist. */
  ttl(key: Bytes): number {
    return this.command("PTTL", key) as number;
  }

  /** DBSIZE. */
  get size(): number {
    return this.command("DBSIZE") as number;
  }

  /** FLUSHDB. */
  flush(): void {
    this.command("FLUSHDB");
  }

  /** Create the keys of a fixture (existing keys of the same names are replaced). */
  load(fixture: Fixture): void {
    for (const [key, v] of Object.entries(fixture)) {
      this.del(key);
      if (typeof v === "string" || v instanceof Uint8Array) {
        this.command("SET", key, v);
        continue;
      }
      switch (v.type ?? "string") {
        case "string":
          this.command("SET", key, v.value as Bytes);
          break;
        case "list":
          this.batched(["RPUSH", key], v.value as Bytes[]);
          break;
        case "set":
          this.batched(["SADD", key], v.value as Bytes[]);
          break;
        case "hash": {
          const pairs = Array.isArray(v.value) ? (v.value as [Bytes, Bytes][]) : Object.entries(v.value);
          this.batched(["HSET", key], pairs.flat());
          break;
        }
        case "zset": {
          const pairs = Array.isArray(v.value) ? (v.value as [Bytes, number][]) : Object.entries(v.value);
          this.batched(
            ["ZADD", key],
            pairs.flatMap(([m, s]) => [scoreText(s as number), m as Bytes]),
          );
          break;
        }
        default:
          throw new TypeError(`fixture key '${key}': unknown type '${String(v.type)}'`);
      }
      this.expire(key, v);
    }
  }

  /** @internal Write one snapshot entry back. */
  restoreEntry(e: Entry): void {
    switch (e.type) {
      case "string":
        this.command("SET", e.key, e.value);
        break;
      case "list":
        this.batched(["RPUSH", e.key], e.value);
        break;
      case "set":
        this.batched(["SADD", e.key], e.value);
        break;
      case "hash":
        this.batched(["HSET", e.key], e.value.flat());
        break;
      case "zset":
        this.batched(
          ["ZADD", e.key],
          e.value.flatMap(([m, s]) => [scoreText(s), m]),
        );
        break;
      case "stream":
        for (const [id, fields] of e.value) this.command("XADD", e.key, id, ...fields);
        // An emptied stream still exists: XADD + XDEL recreates it, then XSETID restores its IDs.
        if (e.value.length === 0) {
          const id = this.command("XADD", e.key, "*", "x", "") as Uint8Array;
          this.command("XDEL", e.key, id);
        }
        this.command(
          "XSETID",
          e.key,
          e.state.lastId,
          "ENTRIESADDED",
          e.state.entriesAdded,
          "MAXDELETEDID",
          e.state.maxDeletedId,
        );
        for (const g of e.state.groups) {
          const read = g.entriesRead === null ? [] : ["ENTRIESREAD", g.entriesRead];
          this.command("XGROUP", "CREATE", e.key, g.name, g.lastDeliveredId, ...read);
          for (const c of g.consumers) this.command("XGROUP", "CREATECONSUMER", e.key, g.name, c);
          // FORCE puts the entry in the consumer's pending list; JUSTID leaves the count as given.
          for (const [id, consumer, time, count] of g.pending) {
            this.command(
              "XCLAIM",
              e.key,
              g.name,
              consumer,
              0,
              id,
              "TIME",
              time,
              "RETRYCOUNT",
              count,
              "FORCE",
              "JUSTID",
            );
          }
        }
        break;
    }
    if (e.expireAt !== undefined) this.command("PEXPIREAT", e.key, e.expireAt);
  }

  /** @internal Read one key for a snapshot (undefined when it vanished meanwhile). */
  readEntry(key: Uint8Array): Entry | undefined {
    const type = this.command("TYPE", key) as string;
    const at = this.command("PEXPIRETIME", key) as number;
    const expireAt = at >= 0 ? at : undefined;
    const base = { db: this.index, key, expireAt };
    switch (type) {
      case "none":
        return undefined;
      case "string":
        return { ...base, type, value: this.command("GET", key) as Uint8Array };
      case "list":
        return { ...base, type, value: this.command("LRANGE", key, 0, -1) as Uint8Array[] };
      case "set":
        return { ...base, type, value: (this.command("SMEMBERS", key) as RespSet).items as Uint8Array[] };
      case "hash":
        return {
          ...base,
          type,
          value: (this.command("HGETALL", key) as RespMap).entries as [Uint8Array, Uint8Array][],
        };
      case "zset":
        return {
          ...base,
          type,
          value: (this.command("ZRANGE", key, 0, -1, "WITHSCORES") as [Uint8Array, number][]).map(
            ([m, s]) => [m, s] as [Uint8Array, number],
          ),
        };
      case "stream": {
        const info = this.command("XINFO", "STREAM", key, "FULL", "COUNT", 0);
        const groups = (field(info, "groups") as RespValue[]).map(
          (g): StreamGroup => ({
            name: field(g, "name") as Uint8Array,
            lastDeliveredId: field(g, "last-delivered-id") as Uint8Array,
            entriesRead: field(g, "entries-read") as number | null,
            consumers: (field(g, "consumers") as RespValue[]).map((c) => field(c, "name") as Uint8Array),
            pending: field(g, "pending") as [Uint8Array, Uint8Array, number, number][],
          }),
        );
        return {
          ...base,
          type,
          value: this.command("XRANGE", key, "-", "+") as [Uint8Array, Uint8Array[]][],
          state: {
            lastId: field(info, "last-generated-id") as Uint8Array,
            entriesAdded: field(info, "entries-added") as number,
            maxDeletedId: field(info, "max-deleted-entry-id") as Uint8Array,
            groups,
          },
        };
      }
      default:
        throw new Error(`snapshot: keys of type '${type}' are not supported yet`);
    }
  }

  private expire(key: Bytes, e: Expiry): void {
    if (e.ttl !== undefined) this.command("PEXPIRE", key, parseDuration(e.ttl));
    else if (e.expireAt !== undefined) this.command("PEXPIREAT", key, e.expireAt);
  }

  /** `head` plus `items`, split over several commands so none gets huge. */
  private batched(head: Arg[], items: Arg[]): void {
    // Pairs (HSET, ZADD) must not be split in the middle: BATCH is even.
    for (let i = 0; i < items.length; i += BATCH) this.command(...head, ...items.slice(i, i + BATCH));
  }
}

/** A score as ZADD parses it back to the same double. */
function scoreText(s: number): string {
  if (s === Number.POSITIVE_INFINITY) return "+inf";
  if (s === Number.NEGATIVE_INFINITY) return "-inf";
  return String(s);
}

/** A LocalSession that remembers which database it has selected. */
export class SessionOnDb {
  #selected = 0;

  constructor(private readonly session: LocalSession) {}

  call(db: number, args: readonly Arg[]): RespValue {
    if (db !== this.#selected) {
      this.session.call(["SELECT", db]);
      this.#selected = db;
    }
    return this.session.call(args);
  }
}

/** Every key of databases 0..count-1. */
export function takeSnapshot(dbs: DbHandle[]): Snapshot {
  const entries: Entry[] = [];
  for (const db of dbs) {
    if (db.size === 0) continue;
    for (const key of db.command("KEYS", "*") as Uint8Array[]) {
      const e = db.readEntry(key);
      if (e !== undefined) entries.push(e);
    }
  }
  return new Snapshot(entries);
}

/** Replace everything with what a snapshot holds. */
export function restoreSnapshot(dbs: DbHandle[], snapshot: Snapshot): void {
  dbs[0]!.command("FLUSHALL");
  for (const e of snapshot.entries) dbs[e.db]!.restoreEntry(e);
}
