/**
 * Differential compatibility harness: every case runs against a real redis-server and against
 * redbun, and the raw bytes of every reply are compared (or their shape, for values that
 * cannot be equal: ids, clocks, INFO text).
 *
 * One redis-server per test file (`compatSuite`), one fresh set of connections per case, after
 * a FLUSHALL on a separate admin connection. Steps send commands as RESP multibulk or as raw
 * bytes, read a fixed number of replies each, and a connection close counts as a reply, so
 * protocol errors and QUIT are compared too. When a case ends, each still-open connection
 * sends QUIT and everything it receives until the close is compared as one more step: a
 * server that sent an extra reply somewhere is caught without sleeping.
 *
 * Peer selection, `COMPAT_PEER`:
 *  - `redbun` (default): `startServer` from src/server/index.ts, in-process.
 *  - `redis`: a second redis-server, to check the harness and the cases are deterministic.
 * If src/server/index.ts does not exist yet, the default falls back to `redis` with a warning
 * (or fails when `CI=true`).
 *
 * @example
 * compatSuite("strings", [
 *   { name: "SET then GET", steps: [c("SET", "k", "v"), c("GET", "k")] },
 * ]);
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { escapeBytes, type RespNode, RespScanError, scanReply } from "./resp-scan.ts";

// ---------------------------------------------------------------------------------------------
// Replies and comparators

/** What one read produced: a whole RESP frame, the server closing, nothing in time, or junk. */
export type Reply =
  | { kind: "frame"; bytes: Uint8Array; node: RespNode }
  | { kind: "closed"; bytes: Uint8Array }
  | { kind: "timeout"; bytes: Uint8Array }
  | { kind: "invalid"; bytes: Uint8Array; error: string };

/** Returns a reason when the two replies do not match, `undefined` when they do. */
export type CustomComparator = (redis: Reply, peer: Reply, step: Step) => string | undefined;

export type Comparator = "exact" | "shape" | "sorted" | "pairs" | "integer-range" | CustomComparator;

export type Arg = string | Uint8Array;

/** Values one run of a case saved from its replies, by name. */
export type Vars = Record<string, string>;

export interface Step {
  /** Which of the case's connections sends and reads (default 0). */
  client?: number;
  /**
   * A command (sent as RESP multibulk), raw bytes sent as they are, or a command built from
   * values saved by earlier steps of the same run (client ids, addresses). Absent: only read.
   */
  send?: Arg[] | { raw: Arg } | ((vars: Vars) => Arg[]);
  /** Stores something from this step's first reply for later steps (see `saveText`). */
  save?: (reply: Reply, vars: Vars) => void;
  /** How many replies to read after sending (default 1; 0 for a command with no reply). */
  replies?: number;
  cmp?: Comparator;
  /** For "integer-range": the largest allowed difference between non-negative integers. */
  tolerance?: number;
  /** Shown in mismatch reports instead of the command. */
  label?: string;
}

export interface Case {
  name: string;
  /** RESP2, RESP3 (every connection starts with HELLO 3), or both runs (default). */
  proto?: 2 | 3 | "both";
  steps: (Step | Step[])[];
  /**
   * When the suite sets `requirepass`: whether connections authenticate in their preamble
   * (`AUTH pw` / `HELLO 3 AUTH default pw`). Default true; false to test the NOAUTH paths.
   */
  login?: boolean;
  /** Commands run on the admin connection after the case (for example CONFIG SET restores). */
  cleanup?: string[][];
  /**
   * Why the case cannot pass yet (a command redbun does not have). It is then registered with
   * `test.todo`, kept in the file so the issue that adds the feature turns it back on by
   * deleting this line; `bun test --todo` runs it and reports when it starts to pass.
   */
  todo?: string;
}

const enc = new TextEncoder();
const toBytes = (a: Arg): Uint8Array => (typeof a === "string" ? enc.encode(a) : a);

/** RESP multibulk encoding of a command, as any client would send it. */
export function encodeCommand(args: readonly Arg[]): Uint8Array {
  const parts: Uint8Array[] = [enc.encode(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = toBytes(a);
    parts.push(enc.encode(`$${b.length}\r\n`), b, enc.encode("\r\n"));
  }
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function latin1(bytes: Uint8Array, from = 0, to = bytes.length): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Replies longer than this are shown as a window around the first difference. */
const LONG_REPLY = 240;

export function describeReply(r: Reply, around = -1): string {
  switch (r.kind) {
    case "frame": {
      if (r.bytes.length <= LONG_REPLY) return escapeBytes(r.bytes);
      const from = Math.max(0, around < 0 ? 0 : around - 80);
      const to = Math.min(r.bytes.length, from + 200);
      const head = from > 0 ? `...(${from} bytes) ` : "";
      const tail = to < r.bytes.length ? ` ...(${r.bytes.length - to} more bytes)` : "";
      return `${head}${escapeBytes(r.bytes.subarray(from, to))}${tail}`;
    }
    case "closed":
      return r.bytes.length ? `${escapeBytes(r.bytes)} then <connection closed>` : "<connection closed>";
    case "timeout":
      return r.bytes.length ? `${escapeBytes(r.bytes)} then <no reply in time>` : "<no reply in time>";
    case "invalid":
      return `<not RESP: ${r.error}> ${escapeBytes(r.bytes)}`;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function sameKind(a: Reply, b: Reply): string | undefined {
  if (a.kind !== b.kind) return `${a.kind} vs ${b.kind}`;
  if (a.kind !== "frame" && !sameBytes(a.bytes, b.bytes)) return "different bytes before the end";
  return undefined;
}

/** Same RESP types and aggregate sizes, recursively; scalar values may differ. */
export function shapeDiff(a: RespNode, b: RespNode, path = "reply"): string | undefined {
  if (a.type !== b.type) return `${path}: type '${a.type}' vs '${b.type}'`;
  if ((a.count === -1) !== (b.count === -1)) return `${path}: null vs non-null`;
  if (!a.children || !b.children) return undefined;
  if (a.children.length !== b.children.length) {
    return `${path}: ${a.count} vs ${b.count} elements`;
  }
  for (let i = 0; i < a.children.length; i++) {
    const d = shapeDiff(a.children[i], b.children[i], `${path}[${i}]`);
    if (d) return d;
  }
  return undefined;
}

function compareFrames(
  a: Reply,
  b: Reply,
  step: Step,
  f: (a: Reply & { kind: "frame" }, b: Reply & { kind: "frame" }) => string | undefined,
): string | undefined {
  const k = sameKind(a, b);
  if (k) return k;
  if (a.kind !== "frame" || b.kind !== "frame") return undefined;
  void step;
  return f(a, b);
}

/** Offset of the first differing byte, or -1 when equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

const exact: CustomComparator = (a, b, s) =>
  compareFrames(a, b, s, (x, y) => (sameBytes(x.bytes, y.bytes) ? undefined : "bytes differ"));

const shape: CustomComparator = (a, b, s) => compareFrames(a, b, s, (x, y) => shapeDiff(x.node, y.node));

const sorted: CustomComparator = (a, b, s) =>
  compareFrames(a, b, s, (x, y) => {
    const d = shapeDiff(x.node, y.node);
    if (d || !x.node.children || !y.node.children) return d ?? exact(a, b, s);
    const items = (r: typeof x) =>
      r.node.children!.map((n) => latin1(r.bytes, n.start - r.node.start, n.end - r.node.start)).sort();
    const xs = items(x);
    const ys = items(y);
    return xs.every((v, i) => v === ys[i]) ? undefined : "elements differ (order ignored)";
  });

/** Flat key/value arrays or maps (CONFIG GET with several names): the same pairs, any order. */
const pairs: CustomComparator = (a, b, s) =>
  compareFrames(a, b, s, (x, y) => {
    const d = shapeDiff(x.node, y.node);
    if (d || !x.node.children || !y.node.children) return d ?? exact(a, b, s);
    const items = (r: typeof x) => {
      const kids = r.node.children!;
      const out: string[] = [];
      const text = (n: RespNode) => latin1(r.bytes, n.start - r.node.start, n.end - r.node.start);
      for (let i = 0; i + 1 < kids.length; i += 2) out.push(text(kids[i]) + text(kids[i + 1]));
      return out.sort();
    };
    const xs = items(x);
    const ys = items(y);
    return xs.every((v, i) => v === ys[i]) ? undefined : "pairs differ (order ignored)";
  });

const integerRange: CustomComparator = (a, b, s) =>
  compareFrames(a, b, s, (x, y) => {
    if (x.node.type !== ":" || y.node.type !== ":") return exact(a, b, s);
    const xv = Number(x.node.head);
    const yv = Number(y.node.head);
    // Negative results (-1 no expiry, -2 no key) are codes, not measurements.
    if (xv < 0 || yv < 0) return xv === yv ? undefined : "integers differ";
    const tol = s.tolerance ?? 1;
    return Math.abs(xv - yv) <= tol ? undefined : `integers differ by more than ${tol}`;
  });

const builtins: Record<Exclude<Comparator, CustomComparator>, CustomComparator> = {
  exact,
  shape,
  sorted,
  pairs,
  "integer-range": integerRange,
};

export function compareReplies(redis: Reply, peer: Reply, step: Step): string | undefined {
  const cmp = step.cmp ?? "exact";
  return typeof cmp === "function" ? cmp(redis, peer, step) : builtins[cmp](redis, peer, step);
}

/** Text of a bulk-like or simple reply frame (latin1), for custom comparators. */
export function replyText(r: Reply): string | undefined {
  if (r.kind !== "frame") return undefined;
  const n = r.node;
  if (n.type === "$" || n.type === "!" || n.type === "=") {
    if (n.count === -1) return undefined;
    const len = Number(n.head);
    return latin1(r.bytes, r.bytes.length - 2 - len, r.bytes.length - 2);
  }
  return n.children ? undefined : n.head;
}

/** Shape compare, plus: both texts contain every one of `needles` (INFO's `redis_version:7`). */
export function shapeAndContains(...needles: string[]): CustomComparator {
  return (a, b, s) => {
    const d = shape(a, b, s);
    if (d) return d;
    for (const [who, r] of [
      ["redis", a],
      ["peer", b],
    ] as const) {
      const t = replyText(r) ?? "";
      for (const n of needles) if (!t.includes(n)) return `${who} reply lacks ${JSON.stringify(n)}`;
    }
    return undefined;
  };
}

/**
 * CLIENT INFO / CLIENT LIST lines: same shape, same field names in the same order, and equal
 * values for the fields listed (the others — id, addr, age, memory — differ by nature).
 */
export function clientLine(...equalFields: string[]): CustomComparator {
  return clientLineWith(equalFields, undefined);
}

/** The 7.2 fields redbun adds at the end of every CLIENT INFO/LIST line (see `clientLine72`). */
const LIB_FIELDS = ["lib-name", "lib-ver"] as const;

/**
 * Deviation (Redis 7.2 behaviour kept on purpose): redbun's CLIENT INFO / CLIENT LIST lines end
 * with `lib-name=<x> lib-ver=<y>`, which redis-server 7.0 does not print. Like `clientLine`,
 * plus: every redbun line must end with exactly those two fields, with the values given
 * (what CLIENT SETINFO stored; "" when never set). Against a second redis-server
 * (`COMPAT_PEER=redis`) it is plain `clientLine`.
 */
export function clientLine72(
  lib: { "lib-name": string; "lib-ver": string },
  ...equalFields: string[]
): CustomComparator {
  return clientLineWith(equalFields, lib);
}

type Field = [string, string?];

function clientLineWith(
  equalFields: readonly string[],
  lib: { "lib-name": string; "lib-ver": string } | undefined,
): CustomComparator {
  const fields = (t: string): Field[][] =>
    t
      .replace(/^txt:/, "")
      .trim()
      .split("\n")
      .map((line) => line.split(" ").map((kv) => kv.split("=", 2) as Field));
  return (a, b, s) => {
    const d = shape(a, b, s);
    if (d || a.kind !== "frame") return d;
    const fa = fields(replyText(a) ?? "");
    let fb = fields(replyText(b) ?? "");
    if (lib && peerKind() === "redbun") {
      for (let l = 0; l < fb.length; l++) {
        const tail = fb[l].slice(-LIB_FIELDS.length);
        const want = LIB_FIELDS.map((f) => `${f}=${lib[f]}`).join(" ");
        const got = tail.map((kv) => kv.join("=")).join(" ");
        if (got !== want) return `line ${l}: redbun's 7.2 fields are '${got}', expected '${want}'`;
      }
      fb = fb.map((line) => line.slice(0, -LIB_FIELDS.length));
    }
    if (fa.length !== fb.length) return `${fa.length} vs ${fb.length} lines`;
    // Values first: a wrong value says more than an extra field does.
    for (let l = 0; l < fa.length; l++) {
      for (const f of equalFields) {
        const va = fa[l].find((kv) => kv[0] === f)?.[1];
        const vb = fb[l].find((kv) => kv[0] === f)?.[1];
        if (va !== vb) return `line ${l} field ${f}: ${va} vs ${vb}`;
      }
    }
    for (let l = 0; l < fa.length; l++) {
      const na = fa[l].map((kv) => kv[0]).join(" ");
      const nb = fb[l].map((kv) => kv[0]).join(" ");
      if (na !== nb) return `line ${l} field names differ:\n      ${na}\n      ${nb}`;
    }
    return undefined;
  };
}

/**
 * HELLO's map: the same keys in the same order, equal proto/mode/role/modules; server, version
 * and id are compared by type only (they name the implementation).
 */
export const helloReply: CustomComparator = (a, b, s) =>
  compareFrames(a, b, s, (x, y) => {
    const d = shapeDiff(x.node, y.node);
    if (d || !x.node.children || !y.node.children) return d ?? exact(a, b, s);
    const text = (r: typeof x, n: RespNode) => latin1(r.bytes, n.start - r.node.start, n.end - r.node.start);
    const kids = x.node.children;
    for (let i = 0; i < kids.length; i += 2) {
      const key = text(x, kids[i]);
      if (key !== text(y, y.node.children[i])) return `key ${i / 2} differs`;
      const k = key.split("\r\n")[1];
      if (["proto", "mode", "role", "modules"].includes(k)) {
        if (text(x, kids[i + 1]) !== text(y, y.node.children[i + 1])) return `value of ${k} differs`;
      }
    }
    return undefined;
  });

/**
 * A deliberate difference from redis-server 7.0 (a Redis 7.2 feature redbun keeps): redis-server
 * must answer exactly `redis` (raw RESP text, or a pattern for long texts such as HELP) and
 * redbun exactly `redbun`, so neither side can drift unnoticed. Against a second redis-server
 * (`COMPAT_PEER=redis`) both must answer `redis`.
 */
export function deviation(redis: string | RegExp, redbun: string): CustomComparator {
  const want = (r: Reply, text: string | RegExp, who: string): string | undefined => {
    const expected = typeof text === "string" ? JSON.stringify(text) : String(text);
    if (r.kind !== "frame") return `${who}: ${r.kind}, expected ${expected}`;
    const got = latin1(r.bytes);
    const ok = typeof text === "string" ? got === text : text.test(got);
    return ok ? undefined : `${who}: expected ${expected}`;
  };
  return (a, b) => want(a, redis, "redis") ?? want(b, peerKind() === "redbun" ? redbun : redis, "peer");
}

/**
 * COMMAND DOCS: byte for byte, except the value of every `arguments` entry, which must only be
 * an array on both sides. redbun does not model argument trees yet (it sends an empty array
 * where Redis sends one); summary, since, group, complexity, history and which commands have
 * an `arguments` entry at all are still compared exactly.
 */
export const docsExceptArguments: CustomComparator = (a, b, s) =>
  compareFrames(a, b, s, (x, y) =>
    docsDiff(x.bytes, x.node, x.node.start, y.bytes, y.node, y.node.start, "reply"),
  );

function docsDiff(
  xb: Uint8Array,
  x: RespNode,
  xo: number,
  yb: Uint8Array,
  y: RespNode,
  yo: number,
  path: string,
): string | undefined {
  const text = (b: Uint8Array, n: RespNode, o: number) => latin1(b, n.start - o, n.end - o);
  if (!x.children || !y.children) {
    return text(xb, x, xo) === text(yb, y, yo)
      ? undefined
      : `${path}: ${JSON.stringify(text(xb, x, xo))} vs ${JSON.stringify(text(yb, y, yo))}`;
  }
  if (x.type !== y.type || x.children.length !== y.children.length) {
    return `${path}: ${x.type}${x.count} vs ${y.type}${y.count}`;
  }
  for (let i = 0; i < x.children.length; i++) {
    const xc = x.children[i];
    const yc = y.children[i];
    const d = docsDiff(xb, xc, xo, yb, yc, yo, `${path}[${i}]`);
    if (d) return d;
    // Keys sit at even positions of maps (RESP3) and of RESP2's flattened maps.
    if (i % 2 === 0 && text(xb, xc, xo) === "$9\r\narguments\r\n") {
      const xv = x.children[i + 1];
      const yv = y.children[i + 1];
      if (xv?.type !== "*" || yv?.type !== "*") return `${path}[${i + 1}]: arguments must be arrays`;
      i++;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Step helpers (the case files' vocabulary)

/** A command, compared byte for byte. */
export const c = (...args: Arg[]): Step => ({ send: args });
/** A command whose reply is compared by shape (CLIENT ID, TIME, INFO). */
export const shaped = (...args: Arg[]): Step => ({ send: args, cmp: "shape" });
/** A command whose array reply is compared ignoring order (KEYS). */
export const sortedCmd = (...args: Arg[]): Step => ({ send: args, cmp: "sorted" });
/** An integer reply allowed to differ by `tolerance` (TTL, PTTL). */
export const ranged = (tolerance: number, ...args: Arg[]): Step => ({
  send: args,
  cmp: "integer-range",
  tolerance,
});
/** Raw bytes (inline commands, malformed input); `replies` counts a close as one. */
export const raw = (bytes: Arg, replies = 1): Step => ({ send: { raw: bytes }, replies });
/** Read `replies` more replies without sending (pushed messages). */
export const read = (replies = 1): Step => ({ replies });
/** The same steps, sent on another connection of the case. */
export const on = (client: number, ...steps: Step[]): Step[] => steps.map((s) => ({ ...s, client }));
/** Saves the reply's text (integer, simple or bulk string) as `vars[name]`. */
export const saveText =
  (name: string) =>
  (r: Reply, vars: Vars): void => {
    vars[name] = replyText(r) ?? "";
  };
/** Saves one `field=value` of a CLIENT INFO reply as `vars[name]`. */
export const saveField =
  (name: string, field: string) =>
  (r: Reply, vars: Vars): void => {
    const text = replyText(r) ?? "";
    vars[name] = text.match(new RegExp(`(?:^|[ :])${field}=(\\S*)`))?.[1] ?? "";
  };
/** A step with some fields replaced: `w(c("SUBSCRIBE", "a", "b"), { replies: 2 })`. */
export const w = (step: Step, patch: Partial<Step>): Step => ({ ...step, ...patch });

// ---------------------------------------------------------------------------------------------
// Raw connections

// Redis answers in microseconds; this only bounds how long a missing reply stalls a case.
const REPLY_TIMEOUT_MS = 1000;
// bun's default 5 s per test is too short for a case whose peer misses several replies, and a
// timed-out test gets its child processes killed (the suite's redis-server with them).
const CASE_TIMEOUT_MS = 60_000;

/** A TCP connection that hands out one RESP frame (or close/timeout) per `next()`. */
export class RawConnection {
  private buf = new Uint8Array(0);
  private closed = false;
  private waiter: (() => void) | undefined;
  private pendingWrite: Uint8Array[] = [];
  private socket!: Bun.Socket<undefined>;

  static async open(host: string, port: number): Promise<RawConnection> {
    const conn = new RawConnection();
    conn.socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data: (_s, chunk) => conn.onData(chunk),
        close: () => conn.onClose(),
        end: () => conn.onClose(),
        error: () => conn.onClose(),
        drain: () => conn.flush(),
      },
    });
    return conn;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onData(chunk: Uint8Array): void {
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf);
    next.set(chunk, this.buf.length);
    this.buf = next;
    this.wake();
  }

  private onClose(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    this.pendingWrite.push(bytes);
    this.flush();
  }

  private flush(): void {
    while (this.pendingWrite.length && !this.closed) {
      const head = this.pendingWrite[0];
      const n = this.socket.write(head);
      if (n < 0) return;
      if (n < head.length) {
        this.pendingWrite[0] = head.subarray(n);
        return;
      }
      this.pendingWrite.shift();
    }
  }

  private take(n: number): Uint8Array {
    const out = this.buf.slice(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** The next reply: a frame when one is complete, else close or timeout once they happen. */
  async next(timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        const node = scanReply(this.buf, 0);
        if (node) return { kind: "frame", bytes: this.take(node.end), node };
      } catch (e) {
        if (!(e instanceof RespScanError)) throw e;
        return { kind: "invalid", bytes: this.take(this.buf.length), error: e.message };
      }
      if (this.closed) return { kind: "closed", bytes: this.take(this.buf.length) };
      const left = deadline - performance.now();
      if (left <= 0) return { kind: "timeout", bytes: this.take(this.buf.length) };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Everything received until the server closes (or the timeout): QUIT's reply and any strays. */
  async untilClosed(timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply> {
    const deadline = performance.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - performance.now();
      if (left <= 0) return { kind: "timeout", bytes: this.take(this.buf.length) };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return { kind: "closed", bytes: this.take(this.buf.length) };
  }

  /** Sends a command and returns its one reply (admin use). */
  async command(...args: Arg[]): Promise<Reply> {
    this.write(encodeCommand(args));
    return this.next();
  }

  close(): void {
    this.closed = true;
    this.socket.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

export interface Target {
  name: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** A port that was free a moment ago (bind 0, read it, release it). */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

async function connectWithRetry(host: string, port: number, alive: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  for (let attempt = 0; ; attempt++) {
    try {
      const conn = await RawConnection.open(host, port);
      conn.close();
      return;
    } catch (e) {
      if (!alive()) throw new Error("redis-server exited before accepting connections", { cause: e });
      if (performance.now() > deadline) throw new Error(`nothing listening on ${host}:${port}`, { cause: e });
      // The process is still starting: back off briefly before the next connect attempt.
      await Bun.sleep(Math.min(2 ** attempt, 50));
    }
  }
}

/** Spawns `redis-server` on a free port with `config` as `--name value` arguments. */
export async function startRedis(config: Record<string, string> = {}, name = "redis"): Promise<Target> {
  let lastError: unknown;
  // A free port can be taken by someone else between probe and spawn; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort();
    const args = ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"];
    for (const [k, v] of Object.entries(config)) args.push(`--${k}`, v);
    const proc = Bun.spawn(["redis-server", ...args], {
      stdout: "pipe",
      stderr: "pipe",
    });
    let exited = false;
    void proc.exited.then(() => {
      exited = true;
    });
    try {
      await connectWithRetry("127.0.0.1", port, () => !exited);
      return {
        name,
        host: "127.0.0.1",
        port,
        close: async () => {
          proc.kill();
          await proc.exited;
        },
      };
    } catch (e) {
      proc.kill();
      await proc.exited;
      const out = await new Response(proc.stdout).text();
      lastError = new Error(`redis-server failed to start: ${out.trim().slice(-500)}`, { cause: e });
    }
  }
  throw lastError;
}

interface RedbunServer {
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

const REDBUN_ENTRY = new URL("../../src/server/index.ts", import.meta.url);

/** redbun in-process, with the same configuration as the redis-server it is compared to. */
export async function startRedbun(config: Record<string, string> = {}): Promise<Target> {
  // A computed specifier: the harness type-checks and runs before src/server exists.
  const mod = (await import(REDBUN_ENTRY.href)) as {
    startServer(o: { port: number; config?: Record<string, string> }): Promise<RedbunServer>;
  };
  const server = await mod.startServer({ port: 0, config });
  return { name: "redbun", host: server.host, port: server.port, close: () => server.close() };
}

export type PeerKind = "redbun" | "redis";

/** Which peer this run compares redis-server against (see the module comment). */
export function peerKind(): PeerKind {
  const env = process.env.COMPAT_PEER;
  if (env === "redis" || env === "redbun") return env;
  if (env) throw new Error(`COMPAT_PEER must be "redbun" or "redis", not ${JSON.stringify(env)}`);
  if (existsSync(fileURLToPath(REDBUN_ENTRY))) return "redbun";
  if (process.env.CI === "true") throw new Error("compat: src/server/index.ts is missing");
  console.warn(
    "\n*** compat: src/server/index.ts not found; comparing redis-server with a second redis-server ***\n",
  );
  return "redis";
}

// ---------------------------------------------------------------------------------------------
// Running cases

export interface StepResult {
  step: Step;
  label: string;
  replies: Reply[];
}

/** Plain arguments as they are; empty, long or non-printable ones escaped (and cut). */
function argLabel(a: Arg): string {
  if (typeof a === "string" && /^[\x21-\x7e]{1,64}$/.test(a)) return a;
  const bytes = toBytes(a);
  if (bytes.length <= 64) return escapeBytes(bytes);
  return `${escapeBytes(bytes.subarray(0, 48))}...(${bytes.length} bytes)`;
}

function stepLabel(step: Step, args: Arg[] | undefined): string {
  if (step.label) return step.label;
  const who = step.client ? `[client ${step.client}] ` : "";
  if (args) return who + args.map(argLabel).join(" ");
  if (step.send && "raw" in step.send) {
    const bytes = toBytes(step.send.raw);
    return `${who}raw ${bytes.length <= 64 ? escapeBytes(bytes) : argLabel(bytes)}`;
  }
  return `${who}(read ${step.replies ?? 1})`;
}

const flatSteps = (c: Case): Step[] => c.steps.flat();

function clientCount(steps: readonly Step[]): number {
  return Math.max(1, ...steps.map((s) => (s.client ?? 0) + 1));
}

/** The steps each connection starts with: HELLO 3 and/or authentication, compared by shape. */
function preamble(client: number, proto: 2 | 3, password: string | undefined, login: boolean): Step[] {
  const auth = password !== undefined && login;
  if (proto === 3) {
    const args = auth ? ["HELLO", "3", "AUTH", "default", password] : ["HELLO", "3"];
    return [{ client, send: args, cmp: "shape", label: `[client ${client}] ${args.join(" ")} (preamble)` }];
  }
  if (auth) return [{ client, send: ["AUTH", password], label: `[client ${client}] AUTH (preamble)` }];
  return [];
}

class Server {
  private constructor(
    readonly target: Target,
    private readonly admin: RawConnection,
    private readonly password: string | undefined,
  ) {}

  static async start(target: Target, password: string | undefined): Promise<Server> {
    const admin = await RawConnection.open(target.host, target.port);
    const s = new Server(target, admin, password);
    if (password !== undefined) await s.adminCommand(["AUTH", password]);
    return s;
  }

  async adminCommand(args: string[]): Promise<void> {
    const r = await this.admin.command(...args);
    if (r.kind !== "frame" || r.node.type === "-") {
      throw new Error(`${this.target.name}: admin ${args.join(" ")} failed: ${describeReply(r)}`);
    }
  }

  /** Runs all steps of one case on fresh connections, returning the replies of each step. */
  async run(kase: Case, proto: 2 | 3): Promise<StepResult[]> {
    await this.adminCommand(["FLUSHALL"]);
    const steps = flatSteps(kase);
    const n = clientCount(steps);
    const conns: RawConnection[] = [];
    const results: StepResult[] = [];
    try {
      for (let i = 0; i < n; i++) conns.push(await RawConnection.open(this.target.host, this.target.port));
      const all = [
        ...conns.flatMap((_, i) => preamble(i, proto, this.password, kase.login ?? true)),
        ...steps,
      ];
      const vars: Vars = {};
      for (const step of all) {
        const conn = conns[step.client ?? 0];
        const send = step.send;
        const args = typeof send === "function" ? send(vars) : Array.isArray(send) ? send : undefined;
        if (args) conn.write(encodeCommand(args));
        else if (send && "raw" in send) conn.write(toBytes(send.raw));
        const replies: Reply[] = [];
        const count = step.replies ?? 1;
        for (let r = 0; r < count; r++) replies.push(await conn.next());
        if (step.save && replies[0]) step.save(replies[0], vars);
        results.push({ step, label: stepLabel(step, args), replies });
      }
      // QUIT each connection that is still open and compare all it still receives.
      for (let i = 0; i < n; i++) {
        if (conns[i].isClosed) continue;
        conns[i].write(encodeCommand(["QUIT"]));
        const step: Step = { client: i };
        results.push({
          step,
          label: `[client ${i}] QUIT (end of case)`,
          replies: [await conns[i].untilClosed()],
        });
      }
    } finally {
      for (const conn of conns) if (!conn.isClosed) conn.close();
      for (const cmd of kase.cleanup ?? []) await this.adminCommand(cmd);
    }
    return results;
  }

  async close(): Promise<void> {
    this.admin.close();
    await this.target.close();
  }
}

/** Compares two runs of one case; returns one printable paragraph per mismatch. */
export function diffRuns(redis: StepResult[], peer: StepResult[], peerName: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(redis.length, peer.length); i++) {
    const a = redis[i];
    const b = peer[i];
    if (!a || !b) {
      out.push(`step ${i}: only one side ran it (${(a ?? b)!.label})`);
      continue;
    }
    for (let r = 0; r < a.replies.length; r++) {
      const why = compareReplies(a.replies[r], b.replies[r], a.step);
      if (!why) continue;
      const which = a.replies.length > 1 ? ` (reply ${r + 1} of ${a.replies.length})` : "";
      const ra = a.replies[r];
      const rb = b.replies[r];
      const at = ra.kind === "frame" && rb.kind === "frame" ? firstDifference(ra.bytes, rb.bytes) : -1;
      const where = at >= 0 && why === "bytes differ" ? ` at byte ${at}` : "";
      out.push(
        `> ${a.label}${which}: ${why}${where}\n` +
          `    redis:  ${describeReply(ra, at)}\n` +
          `    ${`${peerName}:`.padEnd(7)} ${describeReply(rb, at)}`,
      );
      break;
    }
  }
  return out;
}

export interface SuiteOptions {
  /** Configuration given to both servers (redis-server as `--name value`). */
  config?: Record<string, string>;
}

/**
 * Declares one describe block: starts redis-server and the peer before the cases, runs each
 * case in each of its protocols as one test, and prints the file's counts at the end.
 */
export function compatSuite(title: string, cases: readonly Case[], options: SuiteOptions = {}): void {
  const config = options.config ?? {};
  if (!Bun.which("redis-server")) {
    const message = `compat: redis-server is not installed; the "${title}" suite cannot run`;
    if (process.env.CI === "true") {
      test(title, () => {
        throw new Error(message);
      });
    } else {
      console.warn(`\n*** ${message} (skipped) ***\n`);
      describe.skip(title, () => {
        for (const k of cases) test(k.name, () => {});
      });
    }
    return;
  }

  const password = config.requirepass;
  let redis: Server | undefined;
  let peer: Server | undefined;
  const counts = { cases: 0, commands: 0, mismatches: 0 };
  const report: string[] = [];

  describe(title, () => {
    beforeAll(async () => {
      const kind = peerKind();
      const [r, p] = await Promise.all([
        startRedis(config),
        kind === "redis" ? startRedis(config, "redis#2") : startRedbun(config),
      ]);
      redis = await Server.start(r, password);
      peer = await Server.start(p, password);
    });

    afterAll(async () => {
      await Promise.all([redis?.close(), peer?.close()]);
      console.log(
        `compat[${title}]: ${counts.cases} cases, ${counts.commands} commands compared, ${counts.mismatches} mismatches`,
      );
      if (report.length && process.env.COMPAT_REPORT) {
        await Bun.write(`${process.env.COMPAT_REPORT}.${title}.txt`, report.join("\n\n"));
      }
    });

    for (const kase of cases) {
      const protos: (2 | 3)[] = kase.proto === 2 ? [2] : kase.proto === 3 ? [3] : [2, 3];
      for (const proto of protos) {
        (kase.todo ? test.todo : test)(
          `${kase.name} [RESP${proto}]${kase.todo ? ` (todo: ${kase.todo})` : ""}`,
          async () => {
            const a = await redis!.run(kase, proto);
            const b = await peer!.run(kase, proto);
            counts.cases++;
            counts.commands += a.reduce((n, r) => n + (r.step.send || r.label.includes("QUIT") ? 1 : 0), 0);
            if (process.env.COMPAT_DUMP) {
              const lines = a.map((r) => `  ${r.label} -> ${r.replies.map(describeReply).join(" | ")}`);
              console.log(`${kase.name} [RESP${proto}]\n${lines.join("\n")}`);
            }
            const diffs = diffRuns(a, b, peer!.target.name);
            counts.mismatches += diffs.length;
            if (diffs.length) {
              const text = `${title} / ${kase.name} [RESP${proto}]\n${diffs.join("\n")}`;
              report.push(text);
              console.log(text);
            }
            expect(diffs).toEqual([]);
          },
          CASE_TIMEOUT_MS,
        );
      }
    }
  });
}

/** Signed 64-bit edges as text, for range and overflow cases. */
export const I64_MAX = "9223372036854775807";
export const I64_MIN = "-9223372036854775808";
export const BEYOND = "9223372036854775808";

/** A command on `client` whose reply comes later (it blocks). */
export const blocks = (client: number, ...args: string[]): Step => ({ client, send: args, replies: 0 });
/** A round trip on `client`, so the server has seen what other clients sent before. */
export const sync = (client: number): Step => ({ client, send: ["PING"] });
