/**
 * SLOWLOG GET [count] | LEN | RESET | HELP, and the log itself (Redis's slowlog.c).
 *
 * A command is logged when it took at least `slowlog-log-slower-than` microseconds (negative:
 * never; 0: every command), keeping the newest `slowlog-max-len` entries. An entry is: id,
 * Unix time in seconds (server clock), duration in microseconds, the arguments (at most 32,
 * the last one then saying "... (N more arguments)"; each cut to 128 bytes plus
 * "... (N more bytes)"; AUTH/HELLO passwords redacted as MONITOR shows them), client address
 * and client name.
 *
 * Timing is the connection's (src/server/connection.ts), which reads the clock once per read
 * rather than per command: a read of one command is timed exactly; a pipelined read that took
 * less than the threshold cannot hold a slow command; only when it took longer does the
 * connection time its following reads command by command. With a threshold of 0 every
 * command is timed on its own.
 */
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { redactedArgs } from "../../pubsub/monitor.ts";
import type { CommandSpec, Context, Handler, ServerState } from "../types.ts";
import { helpReply } from "./help.ts";

const MAX_ARGC = 32;
const MAX_STRING = 128;
const REDACTED = new TextEncoder().encode("(redacted)");
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

export interface SlowLogEntry {
  readonly id: number;
  readonly time: number;
  readonly duration: number;
  readonly argv: readonly Uint8Array[];
  readonly addr: string;
  readonly name: string;
}

export class SlowLog {
  /** Oldest first. */
  entries: SlowLogEntry[] = [];
  private nextId = 0;
  /** `slowlog-log-slower-than` in µs (negative: off), kept current by CONFIG SET. */
  threshold: number;
  maxLen: number;

  constructor(private readonly server: ServerState) {
    const config = server.config;
    this.threshold = config.getNumber("slowlog-log-slower-than");
    this.maxLen = config.getNumber("slowlog-max-len");
    config.onChange((name) => {
      if (name === "slowlog-log-slower-than") this.threshold = config.getNumber(name);
      else if (name === "slowlog-max-len") this.maxLen = config.getNumber(name);
    });
  }

  /** Redis's slowlogPushEntryIfNeeded: `spec` just ran with `args` and took `micros`. */
  consider(ctx: Context, spec: CommandSpec, args: Args, micros: number): void {
    if (this.threshold < 0 || micros < this.threshold) return;
    if (spec.flags.includes("skip_slowlog")) return;
    const client = ctx.client;
    this.entries.push({
      id: this.nextId++,
      time: Math.floor(this.server.dbs.clock.now() / 1000),
      duration: Math.floor(micros),
      argv: entryArgs(spec, args),
      addr: client.addr,
      name: client.name,
    });
    while (this.entries.length > this.maxLen) this.entries.shift();
  }

  reset(): void {
    this.entries = [];
  }
}

function entryArgs(spec: CommandSpec, args: Args): Uint8Array[] {
  const name = spec.name.includes("|") ? spec.name.slice(0, spec.name.indexOf("|")) : spec.name;
  const redact = redactedArgs(name, args);
  const argc = args.length;
  const n = Math.min(argc, MAX_ARGC);
  const out: Uint8Array[] = [];
  for (let j = 0; j < n; j++) {
    if (n !== argc && j === n - 1) {
      out.push(latin1(`... (${argc - n + 1} more arguments)`));
    } else if (redact?.has(j)) {
      out.push(REDACTED);
    } else if (args.len(j) > MAX_STRING) {
      const head = args.bytes(j).subarray(0, MAX_STRING);
      const tail = latin1(`... (${args.len(j) - MAX_STRING} more bytes)`);
      const b = new Uint8Array(head.length + tail.length);
      b.set(head);
      b.set(tail, head.length);
      out.push(b);
    } else {
      out.push(args.copy(j));
    }
  }
  return out;
}

const logs = new WeakMap<ServerState, SlowLog>();

/** The slow log of a server (created on first use). */
export function slowlogOf(server: ServerState): SlowLog {
  let log = logs.get(server);
  if (log === undefined) {
    log = new SlowLog(server);
    logs.set(server, log);
  }
  return log;
}

export const slowlogGet: Handler = (ctx, args) => {
  if (args.length > 3) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "SLOWLOG"));
  let count = 10;
  if (args.length === 3) {
    const v = args.int64(2);
    if (typeof v !== "number" || v < -1) throw new ReplyError(ERR.slowlogCount);
    count = v;
  }
  const entries = slowlogOf(ctx.server).entries;
  const n = count === -1 ? entries.length : Math.min(count, entries.length);
  const out = ctx.out;
  out.array(n);
  for (let i = entries.length - 1; i >= entries.length - n; i--) {
    const e = entries[i]!;
    out.array(6);
    out.integer(e.id);
    out.integer(e.time);
    out.integer(e.duration);
    out.array(e.argv.length);
    for (const a of e.argv) out.bulk(a);
    out.bulkString(e.addr);
    out.bulkString(e.name);
  }
};

export const slowlogLen: Handler = (ctx) => ctx.out.integer(slowlogOf(ctx.server).entries.length);

export const slowlogReset: Handler = (ctx) => {
  slowlogOf(ctx.server).reset();
  ctx.out.ok();
};

export const slowlogHelp: Handler = (ctx) =>
  helpReply(ctx, "SLOWLOG", [
    "GET [<count>]",
    "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
    "    Entries are made of:",
    "    id, timestamp, time in microseconds, arguments array, client IP and port,",
    "    client name",
    "LEN",
    "    Return the length of the slowlog.",
    "RESET",
    "    Reset the slowlog.",
  ]);
