/**
 * The sets group's rows of the command table (joined into the one table by registry.ts).
 * Rows follow Redis 7.0.15's COMMAND INFO / COMMAND DOCS, as the core rows do.
 * SMOVE and the STORE forms have two key specs (the destination, then the sources); SINTERCARD
 * finds its keys through numkeys.
 */
import { numkeysGetKeys } from "../key-specs.ts";
import { ALLKEYS, KEY1, spec } from "../spec.ts";
import type { CommandSpec } from "../types.ts";
import { scard, sismember, smembers, smismember } from "./members.ts";
import { sadd, srem } from "./sadd.ts";
import { sinter, sintercard, sinterstore } from "./sinter.ts";
import { smove } from "./smove.ts";
import { spop, srandmember } from "./spop.ts";
import { sscan } from "./sscan.ts";
import { sdiff, sdiffstore, sunion, sunionstore } from "./sunion.ts";

const T = "set";
const INTER = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.";
const UNION = "O(N) where N is the total number of elements in all given sets.";

// biome-ignore format: one row per command reads as a table
export const SET_COMMANDS: readonly CommandSpec[] = [
  spec("sadd", T, { arity: -3, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write set fast", since: "1.0.0", summary: "Add one or more members to a set", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.", history: [["2.4.0", "Accepts multiple `member` arguments."]], run: sadd }),
  spec("srem", T, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW delete", acl: "write set fast", since: "1.0.0", summary: "Remove one or more members from a set", complexity: "O(N) where N is the number of members to be removed.", history: [["2.4.0", "Accepts multiple `member` arguments."]], run: srem }),
  spec("scard", T, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read set fast", since: "1.0.0", summary: "Get the number of members in a set", complexity: "O(1)", run: scard }),
  spec("sismember", T, { arity: 3, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read set fast", since: "1.0.0", summary: "Determine if a given value is a member of a set", complexity: "O(1)", run: sismember }),
  spec("smismember", T, { arity: -3, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "read set fast", since: "6.2.0", summary: "Returns the membership associated with the given elements for a set", complexity: "O(N) where N is the number of elements being checked for membership", run: smismember }),
  spec("sscan", T, { arity: -3, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read set slow", tips: "nondeterministic_output", since: "2.8.0", summary: "Incrementally iterate Set elements", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", run: sscan }),
  spec("smembers", T, { arity: 2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read set slow", tips: "nondeterministic_output_order", since: "1.0.0", summary: "Get all the members in a set", complexity: "O(N) where N is the set cardinality.", run: smembers }),
  spec("spop", T, { arity: -2, flags: "write fast", keys: KEY1, ks: "RW access delete", acl: "write set fast", tips: "nondeterministic_output", since: "1.0.0", summary: "Remove and return one or multiple random members from a set", complexity: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.", history: [["3.2.0", "Added the `count` argument."]], run: spop }),
  spec("srandmember", T, { arity: -2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read set slow", tips: "nondeterministic_output", since: "1.0.0", summary: "Get one or multiple random members from a set", complexity: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.", history: [["2.6.0", "Added the optional `count` argument."]], run: srandmember }),
  spec("smove", T, { arity: 4, flags: "write fast", ks: ["RW access delete @1", "RW insert @2"], acl: "write set fast", since: "1.0.0", summary: "Move a member from one set to another", complexity: "O(1)", run: smove }),
  spec("sinter", T, { arity: -2, flags: "readonly", keys: ALLKEYS, ks: "RO access", acl: "read set slow", tips: "nondeterministic_output_order", since: "1.0.0", summary: "Intersect multiple sets", complexity: INTER, run: sinter }),
  spec("sintercard", T, { arity: -3, flags: "readonly", ks: ["RO access @1 keynum"], getkeys: numkeysGetKeys(0, 1, 2), acl: "read set slow", since: "7.0.0", summary: "Intersect multiple sets and return the cardinality of the result", complexity: INTER, run: sintercard }),
  spec("sinterstore", T, { arity: -3, flags: "write denyoom", ks: ["RW update @1", "RO access @2 range(-1)"], acl: "write set slow", since: "1.0.0", summary: "Intersect multiple sets and store the resulting set in a key", complexity: INTER, run: sinterstore }),
  spec("sunion", T, { arity: -2, flags: "readonly", keys: ALLKEYS, ks: "RO access", acl: "read set slow", tips: "nondeterministic_output_order", since: "1.0.0", summary: "Add multiple sets", complexity: UNION, run: sunion }),
  spec("sunionstore", T, { arity: -3, flags: "write denyoom", ks: ["OW update @1", "RO access @2 range(-1)"], acl: "write set slow", since: "1.0.0", summary: "Add multiple sets and store the resulting set in a key", complexity: UNION, run: sunionstore }),
  spec("sdiff", T, { arity: -2, flags: "readonly", keys: ALLKEYS, ks: "RO access", acl: "read set slow", tips: "nondeterministic_output_order", since: "1.0.0", summary: "Subtract multiple sets", complexity: UNION, run: sdiff }),
  spec("sdiffstore", T, { arity: -3, flags: "write denyoom", ks: ["OW update @1", "RO access @2 range(-1)"], acl: "write set slow", since: "1.0.0", summary: "Subtract multiple sets and store the resulting set in a key", complexity: UNION, run: sdiffstore }),
];
