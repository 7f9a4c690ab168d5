/**
 * The one command table: name, arity, flags, key positions and documentation for every
 * command redbun knows, pointing at the module that runs it. Adding a command is one module
 * and one row here.
 */
import { LOOKUP_READ, LOOKUP_STATS } from "../db/keyspace.ts";
import { auth } from "./connection/auth.ts";
import * as client from "./connection/client.ts";
import { clientPause, clientUnpause } from "./connection/client-pause.ts";
import * as tracking from "./connection/client-tracking.ts";
import { clientUnblock } from "./connection/client-unblock.ts";
import { hello } from "./connection/hello.ts";
import { echo, ping } from "./connection/ping.ts";
import { quit, reset } from "./connection/quit.ts";
import { select } from "./connection/select.ts";
import { HASH_COMMANDS } from "./hashes/table.ts";
import { sortGetKeys, sortRoGetKeys } from "./key-specs.ts";
import { copy } from "./keys/copy.ts";
import { del } from "./keys/del.ts";
import { dump, restore } from "./keys/dump.ts";
import { exists } from "./keys/exists.ts";
import { expire, expireat, pexpire, pexpireat } from "./keys/expire.ts";
import { dbsize, flushall, flushdb } from "./keys/flush.ts";
import { keys } from "./keys/keys.ts";
import { move } from "./keys/move.ts";
import * as object from "./keys/object.ts";
import { persist } from "./keys/persist.ts";
import { randomkey, touch } from "./keys/randomkey.ts";
import { rename, renamenx } from "./keys/rename.ts";
import { scan } from "./keys/scan.ts";
import { sort, sortRo } from "./keys/sort.ts";
import { swapdb } from "./keys/swapdb.ts";
import { expiretime, pexpiretime, pttl, ttl } from "./keys/ttl.ts";
import { type } from "./keys/type.ts";
import { LIST_COMMANDS } from "./lists/table.ts";
import { publish, spublish } from "./pubsub/publish.ts";
import {
  pubsubChannels,
  pubsubHelp,
  pubsubNumpat,
  pubsubNumsub,
  pubsubShardchannels,
  pubsubShardnumsub,
} from "./pubsub/pubsub.ts";
import {
  psubscribe,
  punsubscribe,
  ssubscribe,
  subscribe,
  sunsubscribe,
  unsubscribe,
} from "./pubsub/subscribe.ts";
import { SCRIPTING_COMMANDS } from "./scripting/table.ts";
import * as cmd from "./server/command.ts";
import * as config from "./server/config.ts";
import { info } from "./server/info.ts";
import { monitor } from "./server/monitor.ts";
import * as redbun from "./server/redbun.ts";
import { shutdown } from "./server/shutdown.ts";
import * as slowlog from "./server/slowlog.ts";
import { time } from "./server/time.ts";
import { wait } from "./server/wait.ts";
import { SET_COMMANDS } from "./sets/table.ts";
import { ZSET_COMMANDS } from "./sorted-sets/table.ts";
import { ALLKEYS, container, KEY1, spec } from "./spec.ts";
import { STREAM_COMMANDS } from "./streams/table.ts";
import { append, strlen } from "./strings/append.ts";
import { get } from "./strings/get.ts";
import { getdel } from "./strings/getdel.ts";
import { getex } from "./strings/getex.ts";
import { getrange, setrange } from "./strings/getrange.ts";
import { getset } from "./strings/getset.ts";
import { decr, decrby, incr, incrby } from "./strings/incr.ts";
import { incrbyfloat } from "./strings/incrbyfloat.ts";
import { lcs } from "./strings/lcs.ts";
import { mget } from "./strings/mget.ts";
import { mset } from "./strings/mset.ts";
import { msetnx } from "./strings/msetnx.ts";
import { psetex, set, setex, setKeyFlags, setnx } from "./strings/set.ts";
import { TRANSACTION_COMMANDS } from "./transactions/table.ts";
import type { CommandSpec } from "./types.ts";

const S = "string";
const G = "generic";
const C = "connection";
const P = "pubsub";
const SV = "server";

// SORT's BY/GET patterns and its STORE destination: key specs only its getkeys procedure reads.
const SORT_BY_GET = {
  ks: "RO access unknown unknown",
  notes:
    "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
};
const SORT_STORE = {
  ks: "OW update unknown unknown",
  notes:
    "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
};

// biome-ignore format: one row per command reads as a table
const CORE_COMMANDS: readonly CommandSpec[] = [
  // connection
  spec("ping", C, { arity: -1, flags: "fast", acl: "fast connection", tips: "request_policy:all_shards response_policy:all_succeeded", since: "1.0.0", summary: "Ping the server", complexity: "O(1)", run: ping }),
  spec("echo", C, { arity: 2, flags: "loading stale fast", acl: "fast connection", since: "1.0.0", summary: "Echo the given string", complexity: "O(1)", run: echo }),
  spec("hello", C, { arity: -1, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "6.0.0", summary: "Handshake with Redis", complexity: "O(1)", history: [["6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."]], run: hello }),
  spec("auth", C, { arity: -2, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "1.0.0", summary: "Authenticate to the server", complexity: "O(N) where N is the number of passwords defined for the user", history: [["6.0.0", "Added ACL style (username and password)."]], run: auth }),
  spec("select", C, { arity: 2, flags: "loading stale fast", acl: "fast connection", since: "1.0.0", summary: "Change the selected database for the current connection", complexity: "O(1)", run: select }),
  spec("quit", C, { arity: -1, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "1.0.0", summary: "Close the connection", complexity: "O(1)", docArgs: false, run: quit }),
  spec("reset", C, { arity: 1, flags: "noscript loading stale fast no_auth allow_busy", acl: "fast connection", since: "6.2.0", summary: "Reset the connection", complexity: "O(1)", run: reset }),
  container("client", C, { flags: "", acl: "slow", since: "2.4.0", summary: "A container for client connection commands", complexity: "Depends on subcommand." }, {
    id: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "5.0.0", summary: "Returns the client ID for the current connection", complexity: "O(1)", run: client.clientId },
    setname: { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "2.6.9", summary: "Set the current connection name", complexity: "O(1)", run: client.clientSetname },
    getname: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "2.6.9", summary: "Get the current connection name", complexity: "O(1)", run: client.clientGetname },
    // Redis 7.2 (redbun keeps it for client libraries that send it on connect): 7.2's row.
    setinfo: { arity: 4, flags: "noscript loading stale", acl: "slow connection", since: "7.2.0", summary: "Sets information specific to the client or connection.", complexity: "O(1)", run: client.clientSetinfo },
    list: { arity: -2, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", tips: "nondeterministic_output", since: "2.4.0", summary: "Get the list of client connections", complexity: "O(N) where N is the number of client connections", history: [["2.8.12", "Added unique client `id` field."], ["5.0.0", "Added optional `TYPE` filter."], ["6.0.0", "Added `user` field."], ["6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."], ["7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."], ["7.0.3", "Added `ssub` field."]], run: client.clientList },
    info: { arity: 2, flags: "noscript loading stale", acl: "slow connection", tips: "nondeterministic_output", since: "6.2.0", summary: "Returns information about the current client connection.", complexity: "O(1)", run: client.clientInfo },
    kill: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "2.4.0", summary: "Kill the connection of a client", complexity: "O(N) where N is the number of client connections", history: [["2.8.12", "Added new filter format."], ["2.8.12", "`ID` option."], ["3.2.0", "Added `master` type in for `TYPE` option."], ["5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."], ["6.2.0", "`LADDR` option."]], run: client.clientKill },
    "no-evict": { arity: 3, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "7.0.0", summary: "Set client eviction mode for the current connection", complexity: "O(1)", run: client.clientNoEvict },
    // Redis 7.2, like SETINFO: 7.2's row.
    "no-touch": { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "7.2.0", summary: "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.", complexity: "O(1)", run: client.clientNoTouch },
    pause: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "2.9.50", summary: "Stop processing commands from clients for some time", complexity: "O(1)", history: [["6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option."]], run: clientPause },
    unpause: { arity: 2, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "6.2.0", summary: "Resume processing of clients that were paused", complexity: "O(N) Where N is the number of paused clients", run: clientUnpause },
    unblock: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous connection", since: "5.0.0", summary: "Unblock a client blocked in a blocking command from a different connection", complexity: "O(log N) where N is the number of client connections", run: clientUnblock },
    reply: { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "3.2.0", summary: "Instruct the server whether to reply to commands", complexity: "O(1)", run: client.clientReply },
    tracking: { arity: -3, flags: "noscript loading stale", acl: "slow connection", since: "6.0.0", summary: "Enable or disable server assisted client side caching support", complexity: "O(1). Some options may introduce additional complexity.", run: tracking.clientTracking },
    caching: { arity: 3, flags: "noscript loading stale", acl: "slow connection", since: "6.0.0", summary: "Instruct the server about tracking or not keys in the next request", complexity: "O(1)", run: tracking.clientCaching },
    getredir: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "6.0.0", summary: "Get tracking notifications redirection client ID if any", complexity: "O(1)", run: tracking.clientGetredir },
    trackinginfo: { arity: 2, flags: "noscript loading stale", acl: "slow connection", since: "6.2.0", summary: "Return information about server assisted client side caching for the current connection", complexity: "O(1)", run: tracking.clientTrackinginfo },
    help: { arity: 2, flags: "loading stale", acl: "slow connection", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: client.clientHelp },
  }),
  // strings
  spec("get", S, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "read string fast", since: "1.0.0", summary: "Get the value of a key", complexity: "O(1)", run: get }),
  spec("set", S, { arity: -3, flags: "write denyoom", keys: KEY1, ks: "RW access update variable_flags", ksNotes: "RW and ACCESS due to the optional `GET` argument", keyFlags: setKeyFlags, acl: "write string slow", since: "1.0.0", summary: "Set the string value of a key", complexity: "O(1)", history: [["2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."], ["6.0.0", "Added the `KEEPTTL` option."], ["6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."], ["7.0.0", "Allowed the `NX` and `GET` options to be used together."]], run: set }),
  spec("setnx", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, ks: "OW insert", acl: "write string fast", since: "1.0.0", summary: "Set the value of a key, only if the key does not exist", complexity: "O(1)", run: setnx }),
  spec("setex", S, { arity: 4, flags: "write denyoom", keys: KEY1, ks: "OW update", acl: "write string slow", since: "2.0.0", summary: "Set the value and expiration of a key", complexity: "O(1)", run: setex }),
  spec("psetex", S, { arity: 4, flags: "write denyoom", keys: KEY1, ks: "OW update", acl: "write string slow", since: "2.6.0", summary: "Set the value and expiration in milliseconds of a key", complexity: "O(1)", run: psetex }),
  spec("getdel", S, { arity: 2, flags: "write fast", keys: KEY1, ks: "RW access delete", acl: "write string fast", since: "6.2.0", summary: "Get the value of a key and delete the key", complexity: "O(1)", run: getdel }),
  spec("getex", S, { arity: -2, flags: "write fast", keys: KEY1, ks: "RW access update", ksNotes: "RW and UPDATE because it changes the TTL", acl: "write string fast", since: "6.2.0", summary: "Get the value of a key and optionally set its expiration", complexity: "O(1)", run: getex }),
  spec("mget", S, { arity: -2, flags: "readonly fast", keys: ALLKEYS, ks: "RO access", acl: "read string fast", tips: "request_policy:multi_shard", since: "1.0.0", summary: "Get the values of all the given keys", complexity: "O(N) where N is the number of keys to retrieve.", run: mget }),
  spec("mset", S, { arity: -3, flags: "write denyoom", keys: [1, -1, 2], ks: "OW update", acl: "write string slow", tips: "request_policy:multi_shard response_policy:all_succeeded", since: "1.0.1", summary: "Set multiple keys to multiple values", complexity: "O(N) where N is the number of keys to set.", run: mset }),
  spec("incr", S, { arity: 2, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write string fast", since: "1.0.0", summary: "Increment the integer value of a key by one", complexity: "O(1)", run: incr }),
  spec("decr", S, { arity: 2, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write string fast", since: "1.0.0", summary: "Decrement the integer value of a key by one", complexity: "O(1)", run: decr }),
  spec("incrby", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write string fast", since: "1.0.0", summary: "Increment the integer value of a key by the given amount", complexity: "O(1)", run: incrby }),
  spec("decrby", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write string fast", since: "1.0.0", summary: "Decrement the integer value of a key by the given number", complexity: "O(1)", run: decrby }),
  spec("append", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write string fast", since: "2.0.0", summary: "Append a value to a key", complexity: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.", run: append }),
  spec("strlen", S, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read string fast", since: "2.2.0", summary: "Get the length of the value stored in a key", complexity: "O(1)", run: strlen }),
  // strings: issue #3
  spec("getset", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write string fast", since: "1.0.0", summary: "Set the string value of a key and return its old value", complexity: "O(1)", deprecated: ["6.2.0", "`SET` with the `!GET` argument"], run: getset }),
  spec("getrange", S, { arity: 4, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read string slow", since: "2.4.0", summary: "Get a substring of the string stored at a key", complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", run: getrange }),
  spec("substr", S, { arity: 4, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read string slow", since: "1.0.0", summary: "Get a substring of the string stored at a key", complexity: "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.", deprecated: ["2.0.0", "`GETRANGE`"], run: getrange }),
  spec("setrange", S, { arity: 4, flags: "write denyoom", keys: KEY1, ks: "RW update", acl: "write string slow", since: "2.2.0", summary: "Overwrite part of a string at key starting at the specified offset", complexity: "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.", run: setrange }),
  spec("incrbyfloat", S, { arity: 3, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write string fast", since: "2.6.0", summary: "Increment the float value of a key by the given amount", complexity: "O(1)", run: incrbyfloat }),
  spec("msetnx", S, { arity: -3, flags: "write denyoom", keys: [1, -1, 2], ks: "OW insert", acl: "write string slow", tips: "request_policy:multi_shard response_policy:agg_min", since: "1.0.1", summary: "Set multiple keys to multiple values, only if none of the keys exist", complexity: "O(N) where N is the number of keys to set.", run: msetnx }),
  spec("lcs", S, { arity: -3, flags: "readonly", keys: [1, 2, 1], ks: "RO access", acl: "read string slow", since: "7.0.0", summary: "Find longest common substring", complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively", run: lcs }),
  // keys
  spec("del", G, { arity: -2, flags: "write", keys: ALLKEYS, ks: "RM delete", acl: "keyspace write slow", tips: "request_policy:multi_shard response_policy:agg_sum", since: "1.0.0", summary: "Delete a key", complexity: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).", run: del }),
  spec("unlink", G, { arity: -2, flags: "write fast", keys: ALLKEYS, ks: "RM delete", acl: "keyspace write fast", tips: "request_policy:multi_shard response_policy:agg_sum", since: "4.0.0", summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", complexity: "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.", run: del }),
  spec("exists", G, { arity: -2, flags: "readonly fast", keys: ALLKEYS, ks: "RO", acl: "keyspace read fast", tips: "request_policy:multi_shard response_policy:agg_sum", since: "1.0.0", summary: "Determine if a key exists", complexity: "O(N) where N is the number of keys to check.", history: [["3.0.3", "Accepts multiple `key` arguments."]], run: exists }),
  spec("expire", G, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW update", acl: "keyspace write fast", since: "1.0.0", summary: "Set a key's time to live in seconds", complexity: "O(1)", history: [["7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."]], run: expire }),
  spec("pexpire", G, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW update", acl: "keyspace write fast", since: "2.6.0", summary: "Set a key's time to live in milliseconds", complexity: "O(1)", history: [["7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."]], run: pexpire }),
  spec("expireat", G, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW update", acl: "keyspace write fast", since: "1.2.0", summary: "Set the expiration for a key as a UNIX timestamp", complexity: "O(1)", history: [["7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."]], run: expireat }),
  spec("pexpireat", G, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW update", acl: "keyspace write fast", since: "2.6.0", summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds", complexity: "O(1)", history: [["7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."]], run: pexpireat }),
  spec("ttl", G, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "keyspace read fast", tips: "nondeterministic_output", since: "1.0.0", summary: "Get the time to live for a key in seconds", complexity: "O(1)", history: [["2.8.0", "Added the -2 reply."]], run: ttl }),
  spec("pttl", G, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "keyspace read fast", tips: "nondeterministic_output", since: "2.6.0", summary: "Get the time to live for a key in milliseconds", complexity: "O(1)", history: [["2.8.0", "Added the -2 reply."]], run: pttl }),
  spec("expiretime", G, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "keyspace read fast", since: "7.0.0", summary: "Get the expiration Unix timestamp for a key", complexity: "O(1)", run: expiretime }),
  spec("pexpiretime", G, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "keyspace read fast", since: "7.0.0", summary: "Get the expiration Unix timestamp for a key in milliseconds", complexity: "O(1)", run: pexpiretime }),
  spec("persist", G, { arity: 2, flags: "write fast", keys: KEY1, ks: "RW update", acl: "keyspace write fast", since: "2.2.0", summary: "Remove the expiration from a key", complexity: "O(1)", run: persist }),
  spec("type", G, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "keyspace read fast", since: "1.0.0", summary: "Determine the type stored at key", complexity: "O(1)", run: type }),
  spec("scan", G, { arity: -2, flags: "readonly", acl: "keyspace read slow", tips: "nondeterministic_output request_policy:special", since: "2.8.0", summary: "Incrementally iterate the keys space", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.", history: [["6.0.0", "Added the `TYPE` subcommand."]], run: scan }),
  spec("keys", G, { arity: 2, flags: "readonly", acl: "keyspace read slow dangerous", tips: "request_policy:all_shards nondeterministic_output_order", since: "1.0.0", summary: "Find all keys matching the given pattern", complexity: "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.", run: keys }),
  // generic keys: issue #3
  spec("rename", G, { arity: 3, flags: "write", ks: ["RW access delete @1", "OW update @2"], acl: "keyspace write slow", since: "1.0.0", summary: "Rename a key", complexity: "O(1)", run: rename }),
  spec("renamenx", G, { arity: 3, flags: "write fast", ks: ["RW access delete @1", "OW insert @2"], acl: "keyspace write fast", since: "1.0.0", summary: "Rename a key, only if the new key does not exist", complexity: "O(1)", history: [["3.2.0", "The command no longer returns an error when source and destination names are the same."]], run: renamenx }),
  spec("copy", G, { arity: -3, flags: "write denyoom", ks: ["RO access @1", "OW update @2"], acl: "keyspace write slow", since: "6.2.0", summary: "Copy a key", complexity: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.", run: copy }),
  spec("move", G, { arity: 3, flags: "write fast", keys: KEY1, ks: "RW access update", acl: "keyspace write fast", since: "1.0.0", summary: "Move a key to another database", complexity: "O(1)", run: move }),
  spec("swapdb", SV, { arity: 3, flags: "write fast", acl: "keyspace write fast dangerous", since: "4.0.0", summary: "Swaps two Redis databases", complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.", run: swapdb }),
  spec("randomkey", G, { arity: 1, flags: "readonly", acl: "keyspace read slow", tips: "request_policy:all_shards nondeterministic_output", since: "1.0.0", summary: "Return a random key from the keyspace", complexity: "O(1)", run: randomkey }),
  spec("touch", G, { arity: -2, flags: "readonly fast", keys: ALLKEYS, ks: "RO", acl: "keyspace read fast", tips: "request_policy:multi_shard response_policy:agg_sum", since: "3.2.1", summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.", complexity: "O(N) where N is the number of keys that will be touched.", run: touch }),
  spec("sort", G, { arity: -2, flags: "write denyoom", ks: ["RO access @1", SORT_BY_GET, SORT_STORE], getkeys: sortGetKeys, acl: "write set sortedset list slow dangerous", since: "1.0.0", summary: "Sort the elements in a list, set or sorted set", complexity: "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", run: sort }),
  spec("sort_ro", G, { arity: -2, flags: "readonly", ks: ["RO access @1", SORT_BY_GET], getkeys: sortRoGetKeys, acl: "read set sortedset list slow dangerous", since: "7.0.0", summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", complexity: "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).", run: sortRo }),
  spec("dump", G, { arity: 2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "keyspace read slow", tips: "nondeterministic_output", since: "2.6.0", summary: "Return a serialized version of the value stored at the specified key.", complexity: "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).", run: dump }),
  spec("restore", G, { arity: -4, flags: "write denyoom", keys: KEY1, ks: "OW update", acl: "keyspace write slow dangerous", since: "2.6.0", summary: "Create a key using the provided serialized value, previously obtained using DUMP.", complexity: "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).", history: [["3.0.0", "Added the `REPLACE` modifier."], ["5.0.0", "Added the `ABSTTL` modifier."], ["5.0.0", "Added the `IDLETIME` and `FREQ` options."]], run: restore }),
  container("object", G, { flags: "", acl: "slow", since: "2.2.3", summary: "A container for object introspection commands", complexity: "Depends on subcommand." }, {
    encoding: { arity: 3, flags: "readonly", keys: [2, 2, 1], ks: "RO", acl: "keyspace read slow", tips: "nondeterministic_output", since: "2.2.3", summary: "Inspect the internal encoding of a Redis object", complexity: "O(1)", run: object.objectEncoding },
    freq: { arity: 3, flags: "readonly", keys: [2, 2, 1], ks: "RO", acl: "keyspace read slow", tips: "nondeterministic_output", since: "4.0.0", summary: "Get the logarithmic access frequency counter of a Redis object", complexity: "O(1)", run: object.objectFreq },
    idletime: { arity: 3, flags: "readonly", keys: [2, 2, 1], ks: "RO", acl: "keyspace read slow", tips: "nondeterministic_output", since: "2.2.3", summary: "Get the time since a Redis object was last accessed", complexity: "O(1)", run: object.objectIdletime },
    refcount: { arity: 3, flags: "readonly", keys: [2, 2, 1], ks: "RO", acl: "keyspace read slow", tips: "nondeterministic_output", since: "2.2.3", summary: "Get the number of references to the value of the key", complexity: "O(1)", run: object.objectRefcount },
    help: { arity: 2, flags: "loading stale", acl: "keyspace slow", since: "6.2.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: object.objectHelp },
  }),
  spec("dbsize", SV, { arity: 1, flags: "readonly fast", acl: "keyspace read fast", tips: "request_policy:all_shards response_policy:agg_sum", since: "1.0.0", summary: "Return the number of keys in the selected database", complexity: "O(1)", run: dbsize }),
  spec("flushdb", SV, { arity: -1, flags: "write", acl: "keyspace write slow dangerous", tips: "request_policy:all_shards response_policy:all_succeeded", since: "1.0.0", summary: "Remove all keys from the current database", complexity: "O(N) where N is the number of keys in the selected database", history: [["4.0.0", "Added the `ASYNC` flushing mode modifier."], ["6.2.0", "Added the `SYNC` flushing mode modifier."]], run: flushdb }),
  spec("flushall", SV, { arity: -1, flags: "write", acl: "keyspace write slow dangerous", tips: "request_policy:all_shards response_policy:all_succeeded", since: "1.0.0", summary: "Remove all keys from all databases", complexity: "O(N) where N is the total number of keys in all databases", history: [["4.0.0", "Added the `ASYNC` flushing mode modifier."], ["6.2.0", "Added the `SYNC` flushing mode modifier."]], run: flushall }),
  // pub/sub
  spec("publish", P, { arity: 3, flags: "pubsub loading stale fast", acl: "pubsub fast", since: "2.0.0", summary: "Post a message to a channel", complexity: "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).", run: publish }),
  spec("subscribe", P, { arity: -2, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Listen for messages published to the given channels", complexity: "O(N) where N is the number of channels to subscribe to.", run: subscribe }),
  spec("unsubscribe", P, { arity: -1, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Stop listening for messages posted to the given channels", complexity: "O(N) where N is the number of clients already subscribed to a channel.", run: unsubscribe }),
  spec("psubscribe", P, { arity: -2, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Listen for messages published to channels matching the given patterns", complexity: "O(N) where N is the number of patterns the client is already subscribed to.", run: psubscribe }),
  spec("punsubscribe", P, { arity: -1, flags: "pubsub noscript loading stale", acl: "pubsub slow", since: "2.0.0", summary: "Stop listening for messages posted to channels matching the given patterns", complexity: "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).", run: punsubscribe }),
  // sharded pub/sub: the channel is a key spec flagged not_key (cluster slot routing only)
  spec("spublish", P, { arity: 3, flags: "pubsub loading stale fast", keys: KEY1, ks: "not_key", acl: "pubsub fast", since: "7.0.0", summary: "Post a message to a shard channel", complexity: "O(N) where N is the number of clients subscribed to the receiving shard channel.", run: spublish }),
  spec("ssubscribe", P, { arity: -2, flags: "pubsub noscript loading stale", keys: ALLKEYS, ks: "not_key", acl: "pubsub slow", since: "7.0.0", summary: "Listen for messages published to the given shard channels", complexity: "O(N) where N is the number of shard channels to subscribe to.", run: ssubscribe }),
  spec("sunsubscribe", P, { arity: -1, flags: "pubsub noscript loading stale", keys: ALLKEYS, ks: "not_key", acl: "pubsub slow", since: "7.0.0", summary: "Stop listening for messages posted to the given shard channels", complexity: "O(N) where N is the number of clients already subscribed to a shard channel.", run: sunsubscribe }),
  container("pubsub", P, { flags: "", acl: "slow", since: "2.8.0", summary: "A container for Pub/Sub commands", complexity: "Depends on subcommand." }, {
    channels: { arity: -2, flags: "pubsub loading stale", acl: "pubsub slow", since: "2.8.0", summary: "List active channels", complexity: "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)", run: pubsubChannels },
    numsub: { arity: -2, flags: "pubsub loading stale", acl: "pubsub slow", since: "2.8.0", summary: "Get the count of subscribers for channels", complexity: "O(N) for the NUMSUB subcommand, where N is the number of requested channels", run: pubsubNumsub },
    numpat: { arity: 2, flags: "pubsub loading stale", acl: "pubsub slow", since: "2.8.0", summary: "Get the count of unique patterns pattern subscriptions", complexity: "O(1)", run: pubsubNumpat },
    shardchannels: { arity: -2, flags: "pubsub loading stale", acl: "pubsub slow", since: "7.0.0", summary: "List active shard channels", complexity: "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).", run: pubsubShardchannels },
    shardnumsub: { arity: -2, flags: "pubsub loading stale", acl: "pubsub slow", since: "7.0.0", summary: "Get the count of subscribers for shard channels", complexity: "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels", run: pubsubShardnumsub },
    help: { arity: 2, flags: "loading stale", acl: "slow", since: "6.2.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: pubsubHelp },
  }),
  // server
  spec("info", SV, { arity: -1, flags: "loading stale", acl: "slow dangerous", tips: "nondeterministic_output request_policy:all_shards response_policy:special", since: "1.0.0", summary: "Get information and statistics about the server", complexity: "O(1)", history: [["7.0.0", "Added support for taking multiple section arguments."]], run: info }),
  container("config", SV, { flags: "", acl: "slow", since: "2.0.0", summary: "A container for server configuration commands", complexity: "Depends on subcommand." }, {
    get: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous", since: "2.0.0", summary: "Get the values of configuration parameters", complexity: "O(N) when N is the number of configuration parameters provided", history: [["7.0.0", "Added the ability to pass multiple pattern parameters in one call"]], run: config.configGet },
    set: { arity: -4, flags: "admin noscript loading stale", acl: "admin slow dangerous", tips: "request_policy:all_nodes response_policy:all_succeeded", since: "2.0.0", summary: "Set configuration parameters to the given values", complexity: "O(N) when N is the number of configuration parameters provided", history: [["7.0.0", "Added the ability to set multiple parameters in one call."]], run: config.configSet },
    resetstat: { arity: 2, flags: "admin noscript loading stale", acl: "admin slow dangerous", since: "2.0.0", summary: "Reset the stats returned by INFO", complexity: "O(1)", run: config.configResetstat },
    rewrite: { arity: 2, flags: "admin noscript loading stale", acl: "admin slow dangerous", since: "2.8.0", summary: "Rewrite the configuration file with the in memory configuration", complexity: "O(1)", run: config.configRewrite },
    help: { arity: 2, flags: "loading stale", acl: "slow", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: config.configHelp },
  }),
  container("command", SV, { arity: -1, flags: "loading stale", acl: "slow connection", tips: "nondeterministic_output_order", since: "2.8.13", summary: "Get array of Redis command details", complexity: "O(N) where N is the total number of Redis commands", run: cmd.command }, {
    count: { arity: 2, flags: "loading stale", acl: "slow connection", since: "2.8.13", summary: "Get total number of Redis commands", complexity: "O(1)", run: cmd.commandCount },
    info: { arity: -2, flags: "loading stale", acl: "slow connection", tips: "nondeterministic_output_order", since: "2.8.13", summary: "Get array of specific Redis command details, or all when no argument is given.", complexity: "O(N) where N is the number of commands to look up", history: [["7.0.0", "Allowed to be called with no argument to get info on all commands."]], run: cmd.commandInfo },
    docs: { arity: -2, flags: "loading stale", acl: "slow connection", tips: "nondeterministic_output_order", since: "7.0.0", summary: "Get array of specific Redis command documentation", complexity: "O(N) where N is the number of commands to look up", run: cmd.commandDocs },
    list: { arity: -2, flags: "loading stale", acl: "slow connection", tips: "nondeterministic_output_order", since: "7.0.0", summary: "Get an array of Redis command names", complexity: "O(N) where N is the total number of Redis commands", run: cmd.commandList },
    getkeys: { arity: -4, flags: "loading stale", acl: "slow connection", since: "2.8.13", summary: "Extract keys given a full Redis command", complexity: "O(N) where N is the number of arguments to the command", docArgs: false, run: cmd.commandGetkeys },
    getkeysandflags: { arity: -4, flags: "loading stale", acl: "slow connection", since: "7.0.0", summary: "Extract keys and access flags given a full Redis command", complexity: "O(N) where N is the number of arguments to the command", docArgs: false, run: cmd.commandGetkeysandflags },
    help: { arity: 2, flags: "loading stale", acl: "slow connection", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: cmd.commandHelp },
  }),
  container("slowlog", SV, { flags: "", acl: "slow", since: "2.2.12", summary: "A container for slow log commands", complexity: "Depends on subcommand." }, {
    help: { arity: 2, flags: "loading stale", acl: "slow", since: "6.2.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: slowlog.slowlogHelp },
    get: { arity: -2, flags: "admin loading stale", acl: "admin slow dangerous", tips: "request_policy:all_nodes nondeterministic_output", since: "2.2.12", summary: "Get the slow log's entries", complexity: "O(N) where N is the number of entries returned", history: [["4.0.0", "Added client IP address, port and name to the reply."]], run: slowlog.slowlogGet },
    reset: { arity: 2, flags: "admin loading stale", acl: "admin slow dangerous", tips: "request_policy:all_nodes response_policy:all_succeeded", since: "2.2.12", summary: "Clear all entries from the slow log", complexity: "O(N) where N is the number of entries in the slowlog", run: slowlog.slowlogReset },
    len: { arity: 2, flags: "admin loading stale", acl: "admin slow dangerous", tips: "request_policy:all_nodes response_policy:agg_sum nondeterministic_output", since: "2.2.12", summary: "Get the slow log's length", complexity: "O(1)", run: slowlog.slowlogLen },
  }),
  // redbun's own (not in Redis): fault injection for test suites that run redbun-server as a process.
  container("redbun", SV, { flags: "", acl: "slow", since: "0.1.0", summary: "A container for redbun's own commands", complexity: "Depends on subcommand." }, {
    fault: { arity: -3, flags: "admin noscript loading stale", acl: "admin slow dangerous", since: "0.1.0", summary: "Add, list or clear fault-injection rules (needs --enable-faults yes)", complexity: "O(N) where N is the number of rules", run: redbun.redbunFault },
  }),
  spec("monitor", SV, { arity: 1, flags: "admin noscript loading stale", acl: "admin slow dangerous", since: "1.0.0", summary: "Listen for all requests received by the server in real time", complexity: "", run: monitor }),
  spec("wait", G, { arity: 3, flags: "noscript", acl: "slow connection", tips: "request_policy:all_shards response_policy:agg_min", since: "3.0.0", summary: "Wait for the synchronous replication of all the write commands sent in the context of the current connection", complexity: "O(1)", run: wait }),
  spec("time", SV, { arity: 1, flags: "loading stale fast", acl: "fast", tips: "nondeterministic_output", since: "2.6.0", summary: "Return the current server time", complexity: "O(1)", run: time }),
  spec("shutdown", SV, { arity: -1, flags: "admin noscript loading stale no_multi allow_busy", acl: "admin slow dangerous", since: "1.0.0", summary: "Synchronously save the dataset to disk and then shut down the server", complexity: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)", history: [["7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."]], run: shutdown }),
];

/** Every command: the core rows above plus each data-type group's table. */
export const COMMANDS: readonly CommandSpec[] = [
  ...CORE_COMMANDS,
  ...LIST_COMMANDS,
  ...HASH_COMMANDS,
  ...SET_COMMANDS,
  ...ZSET_COMMANDS,
  ...STREAM_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...SCRIPTING_COMMANDS,
];

/** Commands whose lookups Redis 7.0 makes with LOOKUP_NOTOUCH: they do not reset OBJECT IDLETIME. */
const NO_TOUCH = ["type", "exists", "ttl", "pttl", "expiretime", "pexpiretime", "object", "scan"];
for (const s of COMMANDS) {
  if (!NO_TOUCH.includes(s.name)) continue;
  s.noTouch = true;
  for (const sub of s.subcommands?.values() ?? []) sub.noTouch = true;
}

/*
 * Where Redis's lookups differ from "readonly: lookupKeyRead, else lookupKeyWrite" (checked
 * against redis-server 7.0.15 with INFO keyspace_hits/misses and keymiss events): write
 * commands that read their sources, or their one key, with lookupKeyRead, and OBJECT, which
 * counts but never publishes keymiss (LOOKUP_NONOTIFY). Their writes go through Keyspace's
 * write methods (set, delete, ...), which count nothing. SET ... GET and COPY's destination
 * switch modes inside the command (set.ts, copy.ts).
 */
const READS_FROM_WRITE = [
  "getset",
  "getdel",
  "getex",
  "copy",
  "sort",
  "sinterstore",
  "sunionstore",
  "sdiffstore",
  "zunionstore",
  "zinterstore",
  "zdiffstore",
  "zrangestore",
  "xreadgroup",
  "xack",
  "xclaim",
  "xautoclaim",
];
for (const s of COMMANDS) {
  const mode = READS_FROM_WRITE.includes(s.name) ? LOOKUP_READ : s.name === "object" ? LOOKUP_STATS : -1;
  if (mode < 0) continue;
  s.lookupMode = mode;
  for (const sub of s.subcommands?.values() ?? []) sub.lookupMode = mode;
}

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
