/**
 * The command journal of a server in a test: what every client ran, in order, with the reply's
 * type and the virtual time, so a test can assert what an application sent without wrapping
 * its client.
 *
 * Off until first asked for (`server.journal`): recording costs an object and a copy of the
 * arguments per command, which a server outside tests should not pay.
 *
 * @example
 * const mark = server.journal.mark();
 * await app.checkout(cart);
 * expect(server.journal.since(mark).map((e) => e.command)).toEqual(["multi", "decrby", "exec"]);
 * console.log(server.journal.toMonitorFormat()); // MONITOR-style lines
 */
import { bytesToKey } from "../protocol/bytes.ts";
import { monitorTime, quoteRepr } from "../pubsub/monitor.ts";

/** RESP type of a reply, from its first byte. */
export type ReplyType =
  | "simple"
  | "error"
  | "integer"
  | "bulk"
  | "null"
  | "array"
  | "map"
  | "set"
  | "double"
  | "boolean"
  | "bignum"
  | "verbatim"
  | "push"
  | "none";

export interface JournalEntry {
  /** Position in the journal, from 1 (what `mark()` counts). */
  seq: number;
  /** Server clock time, Unix ms. */
  time: number;
  db: number;
  clientId: number;
  clientAddr: string;
  /** CLIENT SETNAME / HELLO SETNAME, or "" */
  clientName: string;
  /** CLIENT SETINFO LIB-NAME / LIB-VER, or "" */
  libName: string;
  libVer: string;
  /** Lower-case command name (`client|setname` for subcommands: the first argument is kept in `args`). */
  command: string;
  /** Every argument after the name, as UTF-8 text. */
  args: string[];
  /** Every argument including the name, as bytes. */
  argv: Uint8Array[];
  /** The reply's RESP type ("none" when no reply was written: CLIENT REPLY OFF, a held or blocked command). */
  reply: ReplyType;
  /** The error text, for an error reply. */
  error?: string;
}

const TYPES: Record<number, ReplyType> = {
  43: "simple", // +
  45: "error", // -
  58: "integer", // :
  36: "bulk", // $
  42: "array", // *
  37: "map", // %
  126: "set", // ~
  44: "double", // ,
  35: "boolean", // #
  95: "null", // _
  40: "bignum", // (
  61: "verbatim", // =
  62: "push", // >
};

/** The type of the reply starting at `buf[at]` (RESP2 nil bulk and nil array count as null). */
export function replyTypeAt(buf: Uint8Array, at: number, end: number): ReplyType {
  if (at >= end) return "none";
  const t = TYPES[buf[at]!] ?? "none";
  if ((t === "bulk" || t === "array") && buf[at + 1] === 45) return "null"; // $-1, *-1
  return t;
}

const decoder = new TextDecoder();

export class Journal {
  #entries: JournalEntry[] = [];
  #seq = 0;
  /** Oldest entries are dropped beyond this many (a long test must not grow without bound). */
  limit = 100_000;

  /** @internal Called by the dispatcher after a command ran. */
  record(entry: Omit<JournalEntry, "seq" | "args">): void {
    const e = entry as JournalEntry;
    e.seq = ++this.#seq;
    e.args = entry.argv.slice(1).map((a) => decoder.decode(a));
    this.#entries.push(e);
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
  }

  /** Every entry kept, oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#entries;
  }

  /** A position to read from later with `since`. */
  mark(): number {
    return this.#seq;
  }

  /** Entries recorded after `mark`. */
  since(mark: number): JournalEntry[] {
    return this.#entries.filter((e) => e.seq > mark);
  }

  /** Entries of one command (lower-case name, `client|setname` for subcommands). */
  commands(name: string): JournalEntry[] {
    const n = name.toLowerCase();
    return this.#entries.filter((e) => e.command === n);
  }

  /**
   * Whether some entry is `name` with arguments starting with `args` (each a string, or a
   * RegExp tested against the argument's text).
   */
  received(name: string, ...args: (string | RegExp)[]): boolean {
    return this.commands(name).some((e) =>
      args.every((want, i) => {
        const got = e.args[i];
        if (got === undefined) return false;
        return typeof want === "string" ? got === want : want.test(got);
      }),
    );
  }

  clear(): void {
    this.#entries = [];
  }

  /** The entries (all, or those given) as MONITOR prints them, one line each. */
  toMonitorFormat(entries: readonly JournalEntry[] = this.#entries): string {
    let out = "";
    for (const e of entries) {
      const words = e.argv.map((a) => quoteRepr(bytesToKey(a)));
      out += `${monitorTime(e.time)} [${e.db} ${e.clientAddr}] ${words.join(" ")}\n`;
    }
    return out;
  }
}
