/**
 * Blocked clients: who waits on which key, in what order and until when, for BLPOP, BRPOP,
 * BLMOVE, BRPOPLPUSH, BLMPOP and BZPOPMIN, BZPOPMAX, BZMPOP (Redis's blocked.c, without sockets).
 *
 * How a blocking command uses it (parse everything first, as for any command):
 *
 * ```ts
 * export const blpop: Handler = (ctx, args) => {
 *   const deadline = readTimeout(ctx, args, args.length - 1);
 *   const keys = ...;
 *   for (const key of keys) if (popNow(ctx, key)) return; // data now: reply as LPOP would; WRONGTYPE throws
 *   if (ctx.denyBlocking) return ctx.out.nullArray();     // MULTI/EXEC, scripts: never block
 *   block(ctx, { keys, deadline, tryServe: (c, key) => popServed(c, key) });
 * };
 * ```
 *
 * - `block` writes no reply: the client's further (pipelined) commands are held until it is
 *   released, as Redis stops reading a blocked client's query buffer.
 * - Every command that changes a key reports it (`changed()` → `ServerState.keyChanged` →
 *   `signal`). After each command, `serveReady` goes through the signalled keys in signal order
 *   and, for each, through the clients waiting on it in the order they blocked (FIFO), calling
 *   `tryServe(ctx, key)` with the *waiting* client's context (its db, its reply writer, a fresh
 *   `now`). tryServe writes the whole reply and returns true, or returns false to keep waiting
 *   (nothing there, or a value of another type: Redis 7.0 keeps the client blocked). A
 *   ReplyError thrown by tryServe becomes that client's reply and releases it (BLMOVE whose
 *   destination holds another type). Keys tryServe changes are signalled in turn (BLMOVE's
 *   destination), and served in the same pass.
 * - The deadline is absolute ms on the server clock (`readTimeout`), 0 for none. When it passes
 *   the client gets the null array (RESP2 `*-1`, RESP3 `_`), as every list and sorted-set
 *   blocking command does in Redis 7.0. CLIENT UNBLOCK gives the same reply, or the UNBLOCKED
 *   error; a client that disconnects is forgotten.
 */

import type { TimerHandle } from "../db/clock.ts";
import type { Databases } from "../db/databases.ts";
import { LOOKUP_WRITE } from "../db/keyspace.ts";
import { ERR, ReplyError } from "../errors.ts";
import type { Args } from "../protocol/args.ts";
import { ceilMillis, parseLongDouble } from "./long-double.ts";
import type { ClientState, Context } from "./types.ts";

export interface BlockRequest {
  /** The keys to wait on (binary strings, duplicates allowed), in the client's selected db. */
  readonly keys: readonly string[];
  /** Absolute deadline in ms on the server clock (see `readTimeout`); 0 waits forever. */
  readonly deadline: number;
  /**
   * `key` (one of `keys`) may have data now: serve the client through `ctx` (its own context)
   * and return true, or return false to keep waiting. Must not keep `ctx` beyond the call.
   */
  readonly tryServe: (ctx: Context, key: string) => boolean;
  /**
   * Also call tryServe when a signalled key no longer exists (XREADGROUP answers Redis's
   * "stream key no longer exists" error); other waiters only see keys that exist.
   */
  readonly wantsMissing?: boolean;
}

/** Block the calling client (see the module comment). Must not be called when `ctx.denyBlocking`. */
export function block(ctx: Context, request: BlockRequest): void {
  if (ctx.denyBlocking) throw new Error("block() called where blocking is denied (MULTI, scripts)");
  ctx.server.blocking.block(ctx, request);
}

/**
 * Redis's getTimeoutFromObjectOrReply in seconds: argument `i` as a float number of seconds
 * (strtold's syntax, hex and exponents included), rounded up to whole ms in long double
 * arithmetic (so -0.001 rounds to 0: forever, as in Redis); returns the absolute deadline on
 * the server clock, or 0 for "forever".
 */
export function readTimeout(ctx: Context, args: Args, i: number): number {
  const seconds = parseLongDouble(args.bytes(i));
  if (seconds === null) throw new ReplyError(ERR.timeoutNotFloat);
  // (long long) of a value beyond its range is LLONG_MIN on x86, hence "negative" for 1e400 and inf.
  const ms = ceilMillis(seconds);
  if (ms === null || ms < 0n) throw new ReplyError(ERR.timeoutNegative);
  return ms === 0n ? 0 : ctx.now + Number(ms);
}

// ---- the bookkeeping ----

/** One blocked client. */
interface Waiter {
  readonly ctx: Context;
  readonly db: number;
  readonly tryServe: (ctx: Context, key: string) => boolean;
  readonly wantsMissing: boolean;
  /** Its place in each key's queue. */
  readonly nodes: Node[];
  timer: TimerHandle | null;
}

interface Node {
  readonly waiter: Waiter;
  readonly key: string;
  prev: Node | null;
  next: Node | null;
}

/** The clients waiting on one key, first blocked first: a doubly linked list for O(1) removal. */
class Queue {
  head: Node | null = null;
  tail: Node | null = null;
  size = 0;

  push(node: Node): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.size++;
  }

  remove(node: Node): void {
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = null;
    this.size--;
  }
}

export class Blocking {
  /** Blocked clients by id (CLIENT UNBLOCK, INFO blocked_clients). */
  private readonly waiters = new Map<number, Waiter>();
  /** Per db: key → its waiters. A key with no waiter has no queue. */
  private readonly queues: Map<string, Queue>[] = [];
  /** Keys signalled since the last serve, in signal order, each once (Redis's ready_keys). */
  private ready: { db: number; key: string }[] = [];
  private readonly readySet: Set<string>[] = [];
  private serving = false;
  /** True when keys were signalled and wait for `serveReady` (checked after every command). */
  hasReady = false;

  /** `onActive(true)` when the first client blocks, `onActive(false)` when the last is released. */
  constructor(
    private readonly dbs: Databases,
    private readonly onActive: (active: boolean) => void = () => {},
  ) {
    for (let i = 0; i < dbs.count; i++) {
      this.queues.push(new Map());
      this.readySet.push(new Set());
    }
  }

  /** Blocked clients (INFO blocked_clients). */
  get count(): number {
    return this.waiters.size;
  }

  block(ctx: Context, request: BlockRequest): void {
    const client = ctx.client;
    if (this.waiters.has(client.id)) throw new Error(`client ${client.id} is already blocked`);
    const db = client.db;
    const waiter: Waiter = {
      ctx,
      db,
      tryServe: request.tryServe,
      wantsMissing: request.wantsMissing === true,
      nodes: [],
      timer: null,
    };
    const queues = this.queues[db]!;
    for (const key of request.keys) {
      // A key named twice is waited on once, as in Redis.
      if (waiter.nodes.some((n) => n.key === key)) continue;
      let q = queues.get(key);
      if (q === undefined) {
        q = new Queue();
        queues.set(key, q);
      }
      const node: Node = { waiter, key, prev: null, next: null };
      q.push(node);
      waiter.nodes.push(node);
    }
    if (request.deadline > 0) {
      waiter.timer = this.dbs.clock.setTimer(request.deadline, () => {
        waiter.timer = null;
        // Not while a busy script runs (Databases.holdTimers): after it, if still waiting.
        this.dbs.afterHeld(() => {
          if (this.waiters.get(client.id) === waiter) this.finish(waiter, timedOut);
        });
      });
    }
    this.waiters.set(client.id, waiter);
    client.blocked = true;
    if (this.waiters.size === 1) this.onActive(true);
  }

  /** A key of `db` changed (ServerState.keyChanged): serve its waiters after the command. */
  signal(db: number, key: string): void {
    if (!this.queues[db]!.has(key)) return;
    const set = this.readySet[db]!;
    if (set.has(key)) return;
    set.add(key);
    this.ready.push({ db, key });
    this.hasReady = true;
  }

  /** Every key of `db` with waiters may have data (SWAPDB, FLUSH then restore, ...). */
  signalDb(db: number): void {
    for (const key of this.queues[db]!.keys()) this.signal(db, key);
  }

  /** Serve the clients waiting on the keys signalled so far (Redis's handleClientsBlockedOnKeys). */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    // Redis serves with LOOKUP_NOSTATS|LOOKUP_NONOTIFY: no keyspace hits, misses or keymiss.
    this.dbs.lookupMode = LOOKUP_WRITE;
    try {
      while (this.ready.length > 0) {
        // Keys signalled while serving (BLMOVE's destination) go into a fresh list, served next.
        const batch = this.ready;
        this.ready = [];
        for (const { db, key } of batch) {
          this.readySet[db]!.delete(key);
          this.serveKey(db, key);
        }
      }
    } finally {
      this.hasReady = false;
      this.serving = false;
    }
  }

  private serveKey(db: number, key: string): void {
    const q = this.queues[db]!.get(key);
    if (q === undefined) return;
    const ks = this.dbs.db(db);
    // Each waiter is tried at most once; one that cannot take this key's value (another type)
    // goes to the back of the queue, as Redis rotates it.
    for (let n = q.size; n > 0 && q.head !== null && ks.has(key); n--) {
      const node = q.head;
      if (!this.tryWaiter(node.waiter, ks, key) && q.size > 1 && q.head === node) {
        q.remove(node);
        q.push(node);
      }
    }
    if (q.size === 0 || ks.has(key)) return;
    // The key is gone: only waiters that asked to hear about that are told.
    for (let node = q.head; node !== null; ) {
      const next = node.next;
      if (node.waiter.wantsMissing) this.tryWaiter(node.waiter, ks, key);
      node = next;
    }
  }

  /** Offer `key` to one waiter; true when it was released (served or answered an error). */
  private tryWaiter(waiter: Waiter, ks: ReturnType<Databases["db"]>, key: string): boolean {
    const ctx = waiter.ctx;
    ctx.db = ks;
    ctx.now = this.dbs.clock.now();
    const out = ctx.out;
    const mark = out.len;
    let served: boolean;
    try {
      served = waiter.tryServe(ctx, key);
    } catch (e) {
      if (!(e instanceof ReplyError)) throw e;
      out.len = mark;
      const message = e.message;
      this.finish(waiter, (c) => c.out.error(message));
      ctx.server.stats.errorReplies++;
      return true;
    }
    if (served) this.finish(waiter, null);
    return served;
  }

  /**
   * CLIENT UNBLOCK: release client `id` with the timeout reply, or with the UNBLOCKED error.
   * False when it is not blocked.
   */
  unblock(id: number, error: boolean): boolean {
    const waiter = this.waiters.get(id);
    if (waiter === undefined) return false;
    this.finish(waiter, error ? unblockedError : timedOut);
    return true;
  }

  /** The client is gone: drop it without a reply. */
  forget(client: ClientState): void {
    const waiter = this.waiters.get(client.id);
    if (waiter !== undefined) this.release(waiter);
  }

  /** Release a waiter after `reply` (null: tryServe already replied), then let it continue. */
  private finish(waiter: Waiter, reply: ((ctx: Context) => void) | null): void {
    const ctx = waiter.ctx;
    const client = ctx.client;
    if (reply !== null) {
      const mark = ctx.out.len;
      reply(ctx);
      if (client.replyMode === "off") ctx.out.len = mark;
    }
    this.release(waiter);
    client.resume();
  }

  private release(waiter: Waiter): void {
    const client = waiter.ctx.client;
    this.waiters.delete(client.id);
    client.blocked = false;
    if (this.waiters.size === 0) this.onActive(false);
    waiter.timer?.cancel();
    waiter.timer = null;
    const queues = this.queues[waiter.db]!;
    for (const node of waiter.nodes) {
      const q = queues.get(node.key);
      if (q === undefined) continue;
      q.remove(node);
      if (q.size === 0) queues.delete(node.key);
    }
  }
}

const timedOut = (ctx: Context): void => ctx.out.nullArray();
const unblockedError = (ctx: Context): void => ctx.out.error(ERR.unblocked);
