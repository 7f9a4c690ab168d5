/**
 * The transactions group's rows of the command table (joined into the one table by
 * registry.ts), with Redis 7.0.15's COMMAND INFO / COMMAND DOCS values.
 */
import { ALLKEYS, spec } from "../spec.ts";
import type { CommandSpec } from "../types.ts";
import { exec } from "./exec.ts";
import { discard, multi } from "./multi.ts";
import { unwatch, watch } from "./watch.ts";

const T = "transactions";

// biome-ignore format: one row per command reads as a table
export const TRANSACTION_COMMANDS: readonly CommandSpec[] = [
  spec("multi", T, { arity: 1, flags: "noscript loading stale fast allow_busy", acl: "fast transaction", since: "1.2.0", summary: "Mark the start of a transaction block", complexity: "O(1)", run: multi }),
  spec("exec", T, { arity: 1, flags: "noscript loading stale skip_slowlog", acl: "slow transaction", since: "1.2.0", summary: "Execute all commands issued after MULTI", complexity: "Depends on commands in the transaction", run: exec }),
  spec("discard", T, { arity: 1, flags: "noscript loading stale fast allow_busy", acl: "fast transaction", since: "2.0.0", summary: "Discard all commands issued after MULTI", complexity: "O(N), when N is the number of queued commands", run: discard }),
  spec("watch", T, { arity: -2, flags: "noscript loading stale fast allow_busy", keys: ALLKEYS, ks: "RO", acl: "fast transaction", since: "2.2.0", summary: "Watch the given keys to determine execution of the MULTI/EXEC block", complexity: "O(1) for every key.", run: watch }),
  spec("unwatch", T, { arity: 1, flags: "noscript loading stale fast allow_busy", acl: "fast transaction", since: "2.2.0", summary: "Forget about all watched keys", complexity: "O(1)", run: unwatch }),
];
