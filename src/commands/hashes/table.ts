/**
 * The hashes group's rows of the command table (joined into the one table by registry.ts).
 * Rows follow Redis 7.0's COMMAND INFO / COMMAND DOCS, as the core rows do.
 */

import { KEY1, spec } from "../spec.ts";
import type { CommandSpec } from "../types.ts";
import { hdel } from "./hdel.ts";
import { hexists, hget, hlen, hmget, hstrlen } from "./hget.ts";
import { hgetall, hkeys, hvals } from "./hgetall.ts";
import { hincrby, hincrbyfloat } from "./hincrby.ts";
import { hrandfield } from "./hrandfield.ts";
import { hscan } from "./hscan.ts";
import { hmset, hset, hsetnx } from "./hset.ts";

const H = "hash";

// biome-ignore format: one row per command reads as a table
export const HASH_COMMANDS: readonly CommandSpec[] = [
  spec("hset", H, { arity: -4, flags: "write denyoom fast", keys: KEY1, ks: "RW update", acl: "write hash fast", since: "2.0.0", summary: "Set the string value of a hash field", complexity: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.", history: [["4.0.0", "Accepts multiple `field` and `value` arguments."]], run: hset }),
  spec("hsetnx", H, { arity: 4, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write hash fast", since: "2.0.0", summary: "Set the value of a hash field, only if the field does not exist", complexity: "O(1)", run: hsetnx }),
  spec("hget", H, { arity: 3, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "read hash fast", since: "2.0.0", summary: "Get the value of a hash field", complexity: "O(1)", run: hget }),
  spec("hmget", H, { arity: -3, flags: "readonly fast", keys: KEY1, ks: "RO access", acl: "read hash fast", since: "2.0.0", summary: "Get the values of all the given hash fields", complexity: "O(N) where N is the number of fields being requested.", run: hmget }),
  spec("hmset", H, { arity: -4, flags: "write denyoom fast", keys: KEY1, ks: "RW update", acl: "write hash fast", since: "2.0.0", summary: "Set multiple hash fields to multiple values", complexity: "O(N) where N is the number of fields being set.", deprecated: ["4.0.0", "`HSET` with multiple field-value pairs"], run: hmset }),
  spec("hdel", H, { arity: -3, flags: "write fast", keys: KEY1, ks: "RW delete", acl: "write hash fast", since: "2.0.0", summary: "Delete one or more hash fields", complexity: "O(N) where N is the number of fields to be removed.", history: [["2.4.0", "Accepts multiple `field` arguments."]], run: hdel }),
  spec("hlen", H, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read hash fast", since: "2.0.0", summary: "Get the number of fields in a hash", complexity: "O(1)", run: hlen }),
  spec("hstrlen", H, { arity: 3, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read hash fast", since: "3.2.0", summary: "Get the length of the value of a hash field", complexity: "O(1)", run: hstrlen }),
  spec("hexists", H, { arity: 3, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read hash fast", since: "2.0.0", summary: "Determine if a hash field exists", complexity: "O(1)", run: hexists }),
  spec("hkeys", H, { arity: 2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read hash slow", tips: "nondeterministic_output_order", since: "2.0.0", summary: "Get all the fields in a hash", complexity: "O(N) where N is the size of the hash.", run: hkeys }),
  spec("hvals", H, { arity: 2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read hash slow", tips: "nondeterministic_output_order", since: "2.0.0", summary: "Get all the values in a hash", complexity: "O(N) where N is the size of the hash.", run: hvals }),
  spec("hscan", H, { arity: -3, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read hash slow", tips: "nondeterministic_output", since: "2.8.0", summary: "Incrementally iterate hash fields and associated values", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..", run: hscan }),
  spec("hgetall", H, { arity: 2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read hash slow", tips: "nondeterministic_output_order", since: "2.0.0", summary: "Get all the fields and values in a hash", complexity: "O(N) where N is the size of the hash.", run: hgetall }),
  spec("hincrby", H, { arity: 4, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write hash fast", since: "2.0.0", summary: "Increment the integer value of a hash field by the given number", complexity: "O(1)", run: hincrby }),
  spec("hincrbyfloat", H, { arity: 4, flags: "write denyoom fast", keys: KEY1, ks: "RW access update", acl: "write hash fast", since: "2.6.0", summary: "Increment the float value of a hash field by the given amount", complexity: "O(1)", run: hincrbyfloat }),
  spec("hrandfield", H, { arity: -2, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read hash slow", tips: "nondeterministic_output", since: "6.2.0", summary: "Get one or multiple random fields from a hash", complexity: "O(N) where N is the number of fields returned", run: hrandfield }),
];
