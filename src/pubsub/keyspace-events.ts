/**
 * Keyspace notifications (Redis's notify.c): when `notify-keyspace-events` enables an event's
 * class, a change to a key is published as
 *
 *   `__keyspace@<db>__:<key>`   with the event name as message   (class K)
 *   `__keyevent@<db>__:<event>` with the key as message          (class E)
 *
 * Commands report changes through ServerState.keyChanged(db, key, event) with Redis's event
 * names; the class of an event (g $ l s h z x e t n m) is looked up here from its name, since
 * every Redis event name belongs to exactly one class. `keymiss` (class m) comes from the
 * keyspace's read lookups, only while `wants("keymiss")` (the server then sets onKeyMiss).
 *
 * @example
 * const events = new KeyspaceEvents(hub);
 * events.configure("KEA");
 * events.notify(0, "k", "set"); // "__keyspace@0__:k" -> "set", "__keyevent@0__:set" -> "k"
 */
import { keyToBytes } from "../protocol/bytes.ts";
import type { PubSub } from "./hub.ts";

const CLASS_OF: Record<string, string> = {};
function classOf(letter: string, events: string): void {
  for (const e of events.split(" ")) CLASS_OF[e] = letter;
}
// Generic: commands that apply to any type.
classOf("g", "del expire persist rename_from rename_to move_from move_to copy_to restore sortstore");
classOf("$", "set setrange incrby incrbyfloat append");
classOf("l", "lpush rpush lpop rpop linsert lset lrem ltrim");
classOf("h", "hset hdel hincrby hincrbyfloat");
classOf("s", "sadd srem spop sinterstore sunionstore sdiffstore");
classOf(
  "z",
  "zadd zincr zrem zremrangebyscore zremrangebyrank zremrangebylex zpopmin zpopmax zinterstore zunionstore zdiffstore zrangestore",
);
classOf("x", "expired");
classOf("e", "evicted");
classOf(
  "t",
  "xadd xdel xtrim xsetid xgroup-create xgroup-destroy xgroup-createconsumer xgroup-delconsumer xgroup-setid",
);
classOf("n", "new");
// Published by the keyspace itself when a read lookup misses (Keyspace.lookup, onKeyMiss).
classOf("m", "keymiss");

const encoder = new TextEncoder();

export class KeyspaceEvents {
  /** The enabled class letters (K and E decide the channel kinds). */
  #classes = new Set<string>();
  #keyspace = false;
  #keyevent = false;

  constructor(private readonly hub: PubSub) {}

  /** True when some notification can be published: the dispatcher then reports every change. */
  get enabled(): boolean {
    return (this.#keyspace || this.#keyevent) && this.#classes.size > 0;
  }

  /** Apply `notify-keyspace-events` (its canonical text, as the config stores it). */
  configure(flags: string): void {
    const classes = new Set<string>();
    for (const c of flags) {
      if (c === "A") for (const a of "g$lshzxetd") classes.add(a);
      else if (c !== "K" && c !== "E") classes.add(c);
    }
    this.#classes = classes;
    this.#keyspace = flags.includes("K");
    this.#keyevent = flags.includes("E");
  }

  /** Whether `event` would be published (so callers can skip building what it needs). */
  wants(event: string): boolean {
    const cls = CLASS_OF[event];
    return cls !== undefined && this.#classes.has(cls) && (this.#keyspace || this.#keyevent);
  }

  /** Publish one event on `key` of database `db`, as the configured classes allow. */
  notify(db: number, key: string, event: string): void {
    if (!this.wants(event)) return;
    if (this.#keyspace) this.hub.publish(`__keyspace@${db}__:${key}`, encoder.encode(event));
    if (this.#keyevent) this.hub.publish(`__keyevent@${db}__:${event}`, keyToBytes(key));
  }
}
