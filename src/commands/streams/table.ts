/**
 * The streams group's rows of the command table (joined into the one table by registry.ts),
 * with Redis 7.0.15's COMMAND INFO / COMMAND DOCS values.
 */
import { container, KEY1, spec } from "../spec.ts";
import type { CommandSpec } from "../types.ts";
import { xack } from "./xack.ts";
import { xadd, xtrim } from "./xadd.ts";
import { xautoclaim, xclaim } from "./xclaim.ts";
import { xdel } from "./xdel.ts";
import {
  xgroupCreate,
  xgroupCreateConsumer,
  xgroupDelConsumer,
  xgroupDestroy,
  xgroupHelp,
  xgroupSetid,
} from "./xgroup.ts";
import { xinfoConsumers, xinfoGroups, xinfoHelp, xinfoStream } from "./xinfo.ts";
import { xpending } from "./xpending.ts";
import { xlen, xrange, xrevrange } from "./xrange.ts";
import { xread, xreadgroup } from "./xread.ts";
import { xsetid } from "./xsetid.ts";

const X = "stream";

// biome-ignore format: one row per command reads as a table
export const STREAM_COMMANDS: readonly CommandSpec[] = [
  spec("xadd", X, { arity: -5, flags: "write denyoom fast", keys: KEY1, ks: "RW update", ksNotes: "UPDATE instead of INSERT because of the optional trimming feature", acl: "write stream fast", tips: "nondeterministic_output", since: "5.0.0", summary: "Appends a new entry to a stream", complexity: "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.", history: [["6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option."], ["7.0.0", "Added support for the `<ms>-*` explicit ID form."]], run: xadd }),
  spec("xtrim", X, { arity: -4, flags: "write", keys: KEY1, ks: "RW delete", acl: "write stream slow", tips: "nondeterministic_output", since: "5.0.0", summary: "Trims the stream to (approximately if '~' is passed) a certain size", complexity: "O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.", history: [["6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option."]], run: xtrim }),
  spec("xdel", X, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW delete", acl: "write stream fast", since: "5.0.0", summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", complexity: "O(1) for each single item to delete in the stream, regardless of the stream size.", run: xdel }),
  spec("xrange", X, { arity: -4, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read stream slow", since: "5.0.0", summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval", complexity: "O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).", history: [["6.2.0", "Added exclusive ranges."]], run: xrange }),
  spec("xrevrange", X, { arity: -4, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read stream slow", since: "5.0.0", summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", complexity: "O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).", history: [["6.2.0", "Added exclusive ranges."]], run: xrevrange }),
  spec("xlen", X, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read stream fast", since: "5.0.0", summary: "Return the number of entries in a stream", complexity: "O(1)", run: xlen }),
  spec("xread", X, { arity: -4, flags: "readonly blocking", ks: ["RO access keyword(STREAMS,1) range(-1,1,2)"], acl: "read stream slow blocking", since: "5.0.0", summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", complexity: "For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.", run: xread }),
  spec("xsetid", X, { arity: -3, flags: "write denyoom fast", keys: KEY1, ks: "RW update", acl: "write stream fast", since: "5.0.0", summary: "An internal command for replicating stream values", complexity: "O(1)", history: [["7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments."]], run: xsetid }),
  container("xinfo", X, { flags: "", acl: "slow", since: "5.0.0", summary: "A container for stream introspection commands", complexity: "Depends on subcommand.", docArgs: false }, {
    stream: { arity: -3, flags: "readonly", keys: [2, 2, 1], ks: "RO access", acl: "read stream slow", since: "5.0.0", summary: "Get information about a stream", complexity: "O(1)", history: [["6.0.0", "Added the `FULL` modifier."], ["7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields"]], run: xinfoStream },
    groups: { arity: 3, flags: "readonly", keys: [2, 2, 1], ks: "RO access", acl: "read stream slow", since: "5.0.0", summary: "List the consumer groups of a stream", complexity: "O(1)", history: [["7.0.0", "Added the `entries-read` and `lag` fields"]], run: xinfoGroups },
    help: { arity: 2, flags: "loading stale", acl: "stream slow", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: xinfoHelp },
    consumers: { arity: 4, flags: "readonly", keys: [2, 2, 1], ks: "RO access", acl: "read stream slow", tips: "nondeterministic_output", since: "5.0.0", summary: "List the consumers in a consumer group", complexity: "O(1)", run: xinfoConsumers },
  }),
  container("xgroup", X, { flags: "", acl: "slow", since: "5.0.0", summary: "A container for consumer groups commands", complexity: "Depends on subcommand.", docArgs: false }, {
    delconsumer: { arity: 5, flags: "write", keys: [2, 2, 1], ks: "RW delete", acl: "write stream slow", since: "5.0.0", summary: "Delete a consumer from a consumer group.", complexity: "O(1)", run: xgroupDelConsumer },
    create: { arity: -5, flags: "write denyoom", keys: [2, 2, 1], ks: "RW insert", acl: "write stream slow", since: "5.0.0", summary: "Create a consumer group.", complexity: "O(1)", history: [["7.0.0", "Added the `entries_read` named argument."]], run: xgroupCreate },
    createconsumer: { arity: 5, flags: "write denyoom", keys: [2, 2, 1], ks: "RW insert", acl: "write stream slow", since: "6.2.0", summary: "Create a consumer in a consumer group.", complexity: "O(1)", run: xgroupCreateConsumer },
    destroy: { arity: 4, flags: "write", keys: [2, 2, 1], ks: "RW delete", acl: "write stream slow", since: "5.0.0", summary: "Destroy a consumer group.", complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL).", run: xgroupDestroy },
    help: { arity: 2, flags: "loading stale", acl: "stream slow", since: "5.0.0", summary: "Show helpful text about the different subcommands", complexity: "O(1)", run: xgroupHelp },
    setid: { arity: -5, flags: "write", keys: [2, 2, 1], ks: "RW update", acl: "write stream slow", since: "5.0.0", summary: "Set a consumer group to an arbitrary last delivered ID value.", complexity: "O(1)", history: [["7.0.0", "Added the optional `entries_read` argument."]], run: xgroupSetid },
  }),
  spec("xreadgroup", X, { arity: -7, flags: "write blocking", ks: ["RO access keyword(STREAMS,4) range(-1,1,2)"], acl: "write stream slow blocking", since: "5.0.0", summary: "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.", complexity: "For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.", run: xreadgroup }),
  spec("xack", X, { arity: -4, flags: "write fast", keys: KEY1, ks: "RW update", acl: "write stream fast", since: "5.0.0", summary: "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.", complexity: "O(1) for each message ID processed.", run: xack }),
  spec("xpending", X, { arity: -3, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read stream slow", tips: "nondeterministic_output", since: "5.0.0", summary: "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.", complexity: "O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.", history: [["6.2.0", "Added the `IDLE` option and exclusive range intervals."]], run: xpending }),
  spec("xclaim", X, { arity: -6, flags: "write fast", keys: KEY1, ks: "RW update", acl: "write stream fast", tips: "nondeterministic_output", since: "5.0.0", summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.", complexity: "O(log N) with N being the number of messages in the PEL of the consumer group.", run: xclaim }),
  spec("xautoclaim", X, { arity: -6, flags: "write fast", keys: KEY1, ks: "RW delete", acl: "write stream fast", tips: "nondeterministic_output", since: "6.2.0", summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.", complexity: "O(1) if COUNT is small.", history: [["7.0.0", "Added an element to the reply array, containing deleted entries the command cleared from the PEL"]], run: xautoclaim }),
];
