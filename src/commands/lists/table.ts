/**
 * The lists group's rows of the command table (joined into the one table by registry.ts).
 * Rows follow Redis 7.0's COMMAND INFO / COMMAND DOCS, as the core rows do.
 * LMOVE & co. have a second key spec (the destination); LMPOP and BLMPOP find their keys through
 * numkeys, with Redis's getkeys procedure for counts their key spec cannot read.
 */
import { numkeysGetKeys } from "../key-specs.ts";
import { KEY1, spec } from "../spec.ts";
import type { CommandSpec } from "../types.ts";
import { blpop, brpop } from "./bpop.ts";
import { linsert, lrem, lset, ltrim } from "./edit.ts";
import { blmove, brpoplpush, lmove, rpoplpush } from "./lmove.ts";
import { blmpop, lmpop } from "./lmpop.ts";
import { lpos } from "./lpos.ts";
import { lpop, rpop } from "./pop.ts";
import { lpush, lpushx, rpush, rpushx } from "./push.ts";
import { lindex, llen, lrange } from "./read.ts";

const L = "list";
const PUSH_COMPLEXITY =
  "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.";
const TIMEOUT_DOUBLE: readonly (readonly [string, string])[] = [
  ["6.0.0", "`timeout` is interpreted as a double instead of an integer."],
];
const MOVE_KEYS = ["RW access delete @1", "RW insert @2"];

// biome-ignore format: one row per command reads as a table
export const LIST_COMMANDS: readonly CommandSpec[] = [
  spec("lpush", L, { arity: -3, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write list fast", since: "1.0.0", summary: "Prepend one or multiple elements to a list", complexity: PUSH_COMPLEXITY, history: [["2.4.0", "Accepts multiple `element` arguments."]], run: lpush }),
  spec("rpush", L, { arity: -3, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write list fast", since: "1.0.0", summary: "Append one or multiple elements to a list", complexity: PUSH_COMPLEXITY, history: [["2.4.0", "Accepts multiple `element` arguments."]], run: rpush }),
  spec("lpushx", L, { arity: -3, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write list fast", since: "2.2.0", summary: "Prepend an element to a list, only if the list exists", complexity: PUSH_COMPLEXITY, history: [["4.0.0", "Accepts multiple `element` arguments."]], run: lpushx }),
  spec("rpushx", L, { arity: -3, flags: "write denyoom fast", keys: KEY1, ks: "RW insert", acl: "write list fast", since: "2.2.0", summary: "Append an element to a list, only if the list exists", complexity: PUSH_COMPLEXITY, history: [["4.0.0", "Accepts multiple `element` arguments."]], run: rpushx }),
  spec("lpop", L, { arity: -2, flags: "write fast", keys: KEY1, ks: "RW access delete", acl: "write list fast", since: "1.0.0", summary: "Remove and get the first elements in a list", complexity: "O(N) where N is the number of elements returned", history: [["6.2.0", "Added the `count` argument."]], run: lpop }),
  spec("rpop", L, { arity: -2, flags: "write fast", keys: KEY1, ks: "RW access delete", acl: "write list fast", since: "1.0.0", summary: "Remove and get the last elements in a list", complexity: "O(N) where N is the number of elements returned", history: [["6.2.0", "Added the `count` argument."]], run: rpop }),
  spec("llen", L, { arity: 2, flags: "readonly fast", keys: KEY1, ks: "RO", acl: "read list fast", since: "1.0.0", summary: "Get the length of a list", complexity: "O(1)", run: llen }),
  spec("lrange", L, { arity: 4, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read list slow", since: "1.0.0", summary: "Get a range of elements from a list", complexity: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.", run: lrange }),
  spec("lindex", L, { arity: 3, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read list slow", since: "1.0.0", summary: "Get an element from a list by its index", complexity: "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).", run: lindex }),
  spec("lset", L, { arity: 4, flags: "write denyoom", keys: KEY1, ks: "RW update", acl: "write list slow", since: "1.0.0", summary: "Set the value of an element in a list by its index", complexity: "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).", run: lset }),
  spec("linsert", L, { arity: 5, flags: "write denyoom", keys: KEY1, ks: "RW insert", acl: "write list slow", since: "2.2.0", summary: "Insert an element before or after another element in a list", complexity: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).", run: linsert }),
  spec("lrem", L, { arity: 4, flags: "write", keys: KEY1, ks: "RW delete", acl: "write list slow", since: "1.0.0", summary: "Remove elements from a list", complexity: "O(N+M) where N is the length of the list and M is the number of elements removed.", run: lrem }),
  spec("ltrim", L, { arity: 4, flags: "write", keys: KEY1, ks: "RW delete", acl: "write list slow", since: "1.0.0", summary: "Trim a list to the specified range", complexity: "O(N) where N is the number of elements to be removed by the operation.", run: ltrim }),
  spec("lpos", L, { arity: -3, flags: "readonly", keys: KEY1, ks: "RO access", acl: "read list slow", since: "6.0.6", summary: "Return the index of matching elements on a list", complexity: "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.", run: lpos }),
  spec("lmove", L, { arity: 5, flags: "write denyoom", ks: MOVE_KEYS, acl: "write list slow", since: "6.2.0", summary: "Pop an element from a list, push it to another list and return it", complexity: "O(1)", run: lmove }),
  spec("rpoplpush", L, { arity: 3, flags: "write denyoom", ks: MOVE_KEYS, acl: "write list slow", since: "1.2.0", summary: "Remove the last element in a list, prepend it to another list and return it", complexity: "O(1)", deprecated: ["6.2.0", "`LMOVE` with the `RIGHT` and `LEFT` arguments"], run: rpoplpush }),
  spec("lmpop", L, { arity: -4, flags: "write", ks: ["RW access delete @1 keynum"], getkeys: numkeysGetKeys(0, 1, 2), acl: "write list slow", since: "7.0.0", summary: "Pop elements from a list", complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.", run: lmpop }),
  spec("blpop", L, { arity: -3, flags: "write noscript blocking", keys: [1, -2, 1], ks: "RW access delete", acl: "write list slow blocking", since: "2.0.0", summary: "Remove and get the first element in a list, or block until one is available", complexity: "O(N) where N is the number of provided keys.", history: TIMEOUT_DOUBLE, run: blpop }),
  spec("brpop", L, { arity: -3, flags: "write noscript blocking", keys: [1, -2, 1], ks: "RW access delete", acl: "write list slow blocking", since: "2.0.0", summary: "Remove and get the last element in a list, or block until one is available", complexity: "O(N) where N is the number of provided keys.", history: TIMEOUT_DOUBLE, run: brpop }),
  spec("blmove", L, { arity: 6, flags: "write denyoom noscript blocking", ks: MOVE_KEYS, acl: "write list slow blocking", since: "6.2.0", summary: "Pop an element from a list, push it to another list and return it; or block until one is available", complexity: "O(1)", run: blmove }),
  spec("brpoplpush", L, { arity: 4, flags: "write denyoom noscript blocking", ks: MOVE_KEYS, acl: "write list slow blocking", since: "2.2.0", summary: "Pop an element from a list, push it to another list and return it; or block until one is available", complexity: "O(1)", deprecated: ["6.2.0", "`BLMOVE` with the `RIGHT` and `LEFT` arguments"], history: TIMEOUT_DOUBLE, run: brpoplpush }),
  spec("blmpop", L, { arity: -5, flags: "write blocking", ks: ["RW access delete @2 keynum"], getkeys: numkeysGetKeys(0, 2, 3), acl: "write list slow blocking", since: "7.0.0", summary: "Pop elements from a list, or block until one is available", complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned.", run: blmpop }),
];
