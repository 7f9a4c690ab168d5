/**
 * The one command table: name, arity, flags, key positions and documentation for every
 * command redbun knows, pointing at the module that runs it. Adding a command is one module
 * and one row here.
 */
import { auth } from "./connection/auth.ts";
import * as client from "./connection/client.ts";
import { hello } from "./connection/hello.ts";
import { echo, ping } from "./connection/ping.ts";
import { quit, reset } from "./connection/quit.ts";
import { select } from "./connection/select.ts";
import { del } from "./keys/del.ts";
import { exists } from "./keys/exists.ts";
import { expire, expireat, pexpire, pexpireat } from "./keys/expire.ts";
import { dbsize, flushall, flushdb } from "./keys/flush.ts";
import { keys } from "./keys/keys.ts";
import { persist } from "./keys/persist.ts";
import { expiretime, pexpiretime, pttl, ttl } from "./keys/ttl.ts";
import { type } from "./keys/type.ts";
import { publish } from "./pubsub/publish.ts";
import { pubsubChannels, pubsubHelp, pubsubNumpat, pubsubNumsub } from "./pubsub/pubsub.ts";
import { psubscribe, punsubscribe, subscribe, unsubscribe } from "./pubsub/subscribe.ts";
import * as cmd from "./server/command.ts";
import * as config from "./server/config.ts";
import { info } from "./server/info.ts";
import { shutdown } from "./server/shutdown.ts";
import { time } from "./server/time.ts";
import { append, strlen } from "./strings/append.ts";
import { get } from "./strings/get.ts";
import { getdel } from "./strings/getdel.ts";
import { getex } from "./strings/getex.ts";
import { decr, decrby, incr, incrby } from "./strings/incr.ts";
import { mget } from "./strings/mget.ts";
import { mset } from "./strings/mset.ts";
import { psetex, set, setex, setnx } from "./strings/set.ts";
import type { CommandFlag, CommandSpec, Handler } from "./types.ts";

type Keys = readonly [number, number, number];
const NOKEYS: Keys = [0, 0, 0];
const KEY1: Keys = [1, 1, 1];
const ALLKEYS: Keys = [1, -1, 1];

interface Row {
  arity: number;
  flags: string;
  keys?: Keys;
  acl: string;
  since: string;
  summary: string;
  complexity?: string;
  run: Handler;
}

function spec(name: string, group: string, r: Row): CommandSpec {
  return {
    name,
    arity: r.arity,
    flags: r.flags.split(" ").filter(Boolean) as CommandFlag[],
    keys: r.keys ?? NOKEYS,
    group,
    since: r.since,
    summary: r.summary,
    complexity: r.complexity,
    aclCategories: r.acl.split(" ").filter(Boolean),
    run: r.run,
  };
}

function container(
  name: string,
  group: string,
  since: string,
  summary: string,
  flags: string,
  acl: string,
  subs: Record<string, Omit<Row, "since"> & { since?: string }>,
): CommandSpec {
  const map = new Map<string, CommandSpec>();
  for (const [sub, row] of Object.entries(subs)) {
    map.set(sub, spec(`${name}|${sub}`, group, { since, ...row }));
  }
  return {
    name,
    arity: -2,
    flags: flags.split(" ").filter(Boolean) as CommandFlag[],
    keys: NOKEYS,
    group,
    since,
    summary,
    aclCategories: acl.split(" ").filter(Boolean),
    subcommands: map,
  };
}

const S = "string";
const G = "generic";
const C = "connection";
const P = "pubsub";
const SV = "server";

// biome-ignore format: one row per command reads as a table
export const COMMANDS: readonly CommandSpec[] = [
  // connection
  spec("ping", C, { arity: -1, flags: "fast", acl: "fast connection", since: "1.0.0", summary: "Returns the server's liveliness response.", run: ping }),
  spec("echo", C, { arity: 2, flags: "fast", acl: "fast connection", since: "1.0.0", summary: "Returns the given string.", run: echo }),
  spec("hello", C, { arity: -1, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "6.0.0", summary: "Handshakes with the Redis server.", run: hello }),
  spec("auth", C, { arity: -2, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "1.0.0", summary: "Authenticates the connection.", run: auth }),
  spec("select", C, { arity: 2, flags: "loading stale fast", acl: "fast connection", since: "1.0.0", summary: "Changes the selected database.", run: select }),
  spec("quit", C, { arity: -1, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "1.0.0", summary: "Closes the connection.", run: quit }),
  spec("reset", C, { arity: 1, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "6.2.0", summary: "Resets the connection.", run: reset }),
  container("client", C, "2.4.0", "A container for client connection commands.", "", "slow", {
    id: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "5.0.0", summary: "Returns the unique client ID of the connection.", run: client.clientId },
    setname: { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "2.6.9", summary: "Sets the connection name.", run: client.clientSetname },
    getname: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "2.6.9", summary: "Returns the name of the connection.", run: client.clientGetname },
    setinfo: { arity: 4, flags: "noscript loading stale", acl: "slow connection", since: "7.2.0", summary: "Sets information specific to the client or connection.", run: client.clientSetinfo },
    list: { arity: -2, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "2.4.0", summary: "Lists open connections.", run: client.clientList },
    info: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "6.2.0", summary: "Returns information about the connection.", run: client.clientInfo },
    kill: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "2.4.0", summary: "Terminates open connections.", run: client.clientKill },
    "no-evict": { arity: 3, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "7.0.0", summary: "Sets the client eviction mode of the connection.", run: client.clientNoEvict },
    "no-touch": { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "7.2.0", summary: "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.", run: client.clientNoTouch },
    reply: { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "3.2.0", summary: "Instructs the server whether to reply to commands.", run: client.clientReply },
    help: { arity: 2, flags: "loading stale", acl: "slow connection", since: "5.0.0", summary: "Returns helpful text about the different subcommands.", run: client.clientHelp },
  }),
  // strings
  spec("get", S, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "read string fast", since: "1.0.0", summary: "Returns the string value of a key.", complexity: "O(1)", run: get }),
  spec("set", S, { arity: -3, flags: "write denyoom", keys: KEY1, acl: "write string slow", since: "1.0.0", summary: "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", complexity: "O(1)", run: set }),
  spec("setnx", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, acl: "write string fast", since: "1.0.0", summary: "Set the string value of a key only when the key doesn't exist.", complexity: "O(1)", run: setnx }),
  spec("setex", S, { arity: 4, flags: "write denyoom", keys: KEY1, acl: "write string slow", since: "2.0.0", summary: "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.", complexity: "O(1)", run: setex }),
  spec("psetex", S, { arity: 4, flags: "write denyoom", keys: KEY1, acl: "write string slow", since: "2.6.0", summary: "Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.", complexity: "O(1)", run: psetex }),
  spec("getdel", S, { arity: 2, flags: "write fast", keys: KEY1, acl: "write string fast", since: "6.2.0", summary: "Returns the string value of a key after deleting the key.", complexity: "O(1)", run: getdel }),
  spec("getex", S, { arity: -2, flags: "write fast", keys: KEY1, acl: "write string fast", since: "6.2.0", summary: "Returns the string value of a key after setting its expiration time.", complexity: "O(1)", run: getex }),
  spec("mget", S, { arity: -2, flags: "readonly fast", keys: ALLKEYS, acl: "read string fast", since: "1.0.0", summary: "Atomically returns the string values of one or more keys.", complexity: "O(N) where N is the number of keys to retrieve.", run: mget }),
  spec("mset", S, { arity: -3, flags: "write denyoom", keys: [1, -1, 2], acl: "write string slow", since: "1.0.1", summary: "Atomically creates or modifies the string values of one or more keys.", complexity: "O(N) where N is the number of keys to set.", run: mset }),
  spec("incr", S, { arity: 2, flags: "write denyoom fast", keys: KEY1, acl: "write string fast", since: "1.0.0", summary: "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", complexity: "O(1)", run: incr }),
  spec("decr", S, { arity: 2, flags: "write denyoom fast", keys: KEY1, acl: "write string fast", since: "1.0.0", summary: "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", complexity: "O(1)", run: decr }),
  spec("incrby", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, acl: "write string fast", since: "1.0.0", summary: "Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.", complexity: "O(1)", run: incrby }),
  spec("decrby", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, acl: "write string fast", since: "1.0.0", summary: "Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.", complexity: "O(1)", run: decrby }),
  spec("append", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, acl: "write string fast", since: "2.0.0", summary: "Appends a string to the value of a key. Creates the key if it doesn't exist.", complexity: "O(1)", run: append }),
  spec("strlen", S, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "read string fast", since: "2.2.0", summary: "Returns the length of a string value.", complexity: "O(1)", run: strlen }),
  // keys
  spec("del", G, { arity: -2, flags: "write", keys: ALLKEYS, acl: "keyspace write slow", since: "1.0.0", summary: "Deletes one or more keys.", run: del }),
  spec("unlink", G, { arity: -2, flags: "write fast", keys: ALLKEYS, acl: "keyspace write fast", since: "4.0.0", summary: "Asynchronously deletes one or more keys.", run: del }),
  spec("exists", G, { arity: -2, flags: "readonly fast", keys: ALLKEYS, acl: "keyspace read fast", since: "1.0.0", summary: "Determines whether one or more keys exist.", run: exists }),
  spec("expire", G, { arity: -3, flags: "write fast", keys: KEY1, acl: "keyspace write fast", since: "1.0.0", summary: "Sets the expiration time of a key in seconds.", run: expire }),
  spec("pexpire", G, { arity: -3, flags: "write fast", keys: KEY1, acl: "keyspace write fast", since: "2.6.0", summary: "Sets the expiration time of a key in milliseconds.", run: pexpire }),
  spec("expireat", G, { arity: -3, flags: "write fast", keys: KEY1, acl: "keyspace write fast", since: "1.2.0", summary: "Sets the expiration time of a key to a Unix timestamp.", run: expireat }),
  spec("pexpireat", G, { arity: -3, flags: "write fast", keys: KEY1, acl: "keyspace write fast", since: "2.6.0", summary: "Sets the expiration time of a key to a Unix milliseconds timestamp.", run: pexpireat }),
  spec("ttl", G, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "keyspace read fast", since: "1.0.0", summary: "Returns the expiration time in seconds of a key.", run: ttl }),
  spec("pttl", G, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "keyspace read fast", since: "2.6.0", summary: "Returns the expiration time in milliseconds of a key.", run: pttl }),
  spec("expiretime", G, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "keyspace read fast", since: "7.0.0", summary: "Returns the expiration time of a key as a Unix timestamp.", run: expiretime }),
  spec("pexpiretime", G, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "keyspace read fast", since: "7.0.0", summary: "Returns the expiration time of a key as a Unix milliseconds timestamp.", run: pexpiretime }),
  spec("persist", G, { arity: 2, flags: "write fast", keys: KEY1, acl: "keyspace write fast", since: "2.2.0", summary: "Removes the expiration time of a key.", run: persist }),
  spec("type", G, { arity: 2, flags: "readonly fast", keys: KEY1, acl: "keyspace read fast", since: "1.0.0", summary: "Determines the type of value stored at a key.", run: type }),
  spec("keys", G, { arity: 2, flags: "readonly", acl: "keyspace read slow dangerous", since: "1.0.0", summary: "Returns all key names that match a pattern.", run: keys }),
  spec("dbsize", SV, { arity: 1, flags: "readonly fast", acl: "keyspace read fast", since: "1.0.0", summary: "Returns the number of keys in the database.", run: dbsize }),
  spec("flushdb", SV, { arity: -1, flags: "write", acl: "keyspace write slow dangerous", since: "1.0.0", summary: "Remove all keys from the current database.", run: flushdb }),
  spec("flushall", SV, { arity: -1, flags: "write", acl: "keyspace write slow dangerous", since: "1.0.0", summary: "Removes all keys from all databases.", run: flushall }),
  // pub/sub
  spec("publish", P, { arity: 3, flags: "pubsub loading stale fast may_replicate", acl: "pubsub fast", since: "2.0.0", summary: "Posts a message to a channel.", run: publish }),
  spec("subscribe", P, { arity: -2, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Listens for messages published to channels.", run: subscribe }),
  spec("unsubscribe", P, { arity: -1, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Stops listening to messages posted to channels.", run: unsubscribe }),
  spec("psubscribe", P, { arity: -2, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Listens for messages published to channels that match one or more patterns.", run: psubscribe }),
  spec("punsubscribe", P, { arity: -1, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Stops listening to messages published to channels that match one or more patterns.", run: punsubscribe }),
  container("pubsub", P, "2.8.0", "A container for Pub/Sub commands.", "", "slow", {
    channels: { arity: -2, flags: "pubsub loading stale", acl: "pubsub slow", summary: "Returns the active channels.", run: pubsubChannels },
    numsub: { arity: -2, flags: "pubsub loading stale", acl: "pubsub slow", summary: "Returns a count of subscribers to channels.", run: pubsubNumsub },
    numpat: { arity: 2, flags: "pubsub loading stale", acl: "pubsub slow", summary: "Returns a count of unique pattern subscriptions.", run: pubsubNumpat },
    help: { arity: 2, flags: "loading stale", acl: "slow", since: "6.2.0", summary: "Returns helpful text about the different subcommands.", run: pubsubHelp },
  }),
  // server
  spec("info", SV, { arity: -1, flags: "loading stale", acl: "slow dangerous", since: "1.0.0", summary: "Returns information and statistics about the server.", run: info }),
  container("config", SV, "2.0.0", "A container for server configuration commands.", "", "slow", {
    get: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous", summary: "Returns the effective values of configuration parameters.", run: config.configGet },
    set: { arity: -4, flags: "admin noscript loading stale", acl: "admin slow dangerous", summary: "Sets configuration parameters in-flight.", run: config.configSet },
    resetstat: { arity: 2, flags: "admin noscript loading stale", acl: "admin slow dangerous", summary: "Resets the server's statistics.", run: config.configResetstat },
    rewrite: { arity: 2, flags: "admin noscript loading stale", acl: "admin slow dangerous", summary: "Persists the effective configuration to file.", run: config.configRewrite },
    help: { arity: 2, flags: "loading stale", acl: "slow", since: "5.0.0", summary: "Returns helpful text about the different subcommands.", run: config.configHelp },
  }),
  {
    ...container("command", SV, "2.8.13", "Returns detailed information about all commands.", "loading stale", "slow connection", {
      count: { arity: 2, flags: "loading stale", acl: "slow connection", summary: "Returns a count of commands.", run: cmd.commandCount },
      info: { arity: -2, flags: "loading stale", acl: "slow connection", since: "7.0.0", summary: "Returns information about one, multiple or all commands.", run: cmd.commandInfo },
      docs: { arity: -2, flags: "loading stale", acl: "slow connection", since: "7.0.0", summary: "Returns documentary information about one, multiple or all commands.", run: cmd.commandDocs },
      list: { arity: -2, flags: "loading stale", acl: "slow connection", since: "7.0.0", summary: "Returns a list of command names.", run: cmd.commandList },
      help: { arity: 2, flags: "loading stale", acl: "slow connection", since: "5.0.0", summary: "Returns helpful text about the different subcommands.", run: cmd.commandHelp },
    }),
    arity: -1,
    run: cmd.command,
  },
  spec("time", SV, { arity: 1, flags: "loading stale fast", acl: "fast", since: "2.6.0", summary: "Returns the server time.", run: time }),
  spec("shutdown", SV, { arity: -1, flags: "admin noscript loading stale no_multi allow_busy", acl: "admin slow dangerous", since: "1.0.0", summary: "Synchronously saves the database(s) to disk and shuts down the Redis server.", run: shutdown }),
];

const byName = new Map<string, CommandSpec>();
for (const s of COMMANDS) {
  byName.set(s.name, s);
  // The upper-case spelling too, so the common cases skip a toLowerCase() per command.
  byName.set(s.name.toUpperCase(), s);
}

/** Look a command up by name as sent (any case). */
export function findCommand(name: string): CommandSpec | undefined {
  return byName.get(name) ?? byName.get(name.toLowerCase());
}
