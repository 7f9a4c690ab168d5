/**
 * How a command table row is written: the Row shape and the builders that turn rows into
 * CommandSpecs. The core table is in registry.ts; each data-type group keeps its own table
 * (e.g. lists/table.ts) built with the same helpers, and registry.ts joins them into one.
 */
import { LOOKUP_READ, LOOKUP_WRITE } from "../db/keyspace.ts";
import { type KeySpecText, legacyRange, parseKeySpec, specFromTriple } from "./key-specs.ts";
import type { CommandFlag, CommandSpec, GetKeysProc, Handler, KeySpec } from "./types.ts";

export type Keys = readonly [number, number, number];
export const NOKEYS: Keys = [0, 0, 0];
export const KEY1: Keys = [1, 1, 1];
export const ALLKEYS: Keys = [1, -1, 1];

/**
 * One table row, with Redis 7.0's COMMAND INFO and COMMAND DOCS values (taken from a running
 * redis-server 7.0.15, not from memory): flags, ACL categories and tips are space-separated
 * words in Redis's order.
 *
 * Keys, two ways:
 * - one key spec of the form `index first` / `range`: `keys` (the first/last/step triple) and
 *   `ks`, the spec's flags (`keys: KEY1, ks: "RO access"`), with `ksNotes` for its notes;
 * - any other: `ks` as a list of specs in key-specs.ts's notation, without `keys`
 *   (`ks: ["RW access delete @1", "RW insert @2"]`, `ks: ["RO access @1 keynum"]`).
 * Either way the legacy triple and the `movablekeys` flag are derived from the specs as Redis
 * derives them: rows do not write `movablekeys`.
 */
export interface Row {
  arity: number;
  flags: string;
  keys?: Keys;
  ks?: string | readonly KeySpecText[];
  ksNotes?: string;
  /** For `variable_flags` key specs: the flags of one call's keys (COMMAND GETKEYSANDFLAGS). */
  keyFlags?: (argv: readonly Uint8Array[]) => readonly string[];
  /** Redis's getkeys procedure for the command, where it has one (see key-specs.ts). */
  getkeys?: GetKeysProc;
  acl: string;
  tips?: string;
  since: string;
  summary: string;
  complexity: string;
  /** COMMAND DOCS `doc_flags: deprecated`, with `deprecated_since` and `replaced_by`. */
  deprecated?: readonly [since: string, replacedBy: string];
  /** Other COMMAND DOCS `doc_flags` (`syscmd`). */
  docFlags?: string;
  history?: readonly (readonly [string, string])[];
  /**
   * Whether COMMAND DOCS has an `arguments` entry. Default: when the arity allows words after
   * the name (Redis omits the entry for commands that take none); set where Redis differs.
   */
  docArgs?: boolean;
  run: Handler;
}

const words = (s: string | undefined): string[] => (s ?? "").split(" ").filter(Boolean);

/** `own`: how many words name the command (2 for `client setname`), for `docArgs`'s default. */
export function spec(
  name: string,
  group: string,
  r: Omit<Row, "run"> & { run?: Handler },
  own = 1,
): CommandSpec {
  const keySpecs = rowKeySpecs(name, r);
  const legacy = legacyRange(keySpecs);
  const flags = words(r.flags).filter((f) => f !== "movablekeys") as CommandFlag[];
  if (legacy.movable) {
    // Redis's reply order: movablekeys right before allow_busy, after every other flag we have.
    const at = flags.indexOf("allow_busy");
    flags.splice(at < 0 ? flags.length : at, 0, "movablekeys");
  }
  let getKeys = r.getkeys;
  const keyFlags = r.keyFlags;
  if (keyFlags) {
    // SET's getkeys procedure: its one key, with the flags this call gives it.
    getKeys = (argv) => [{ pos: 1, flags: keyFlags(argv) }];
  }
  return {
    name,
    arity: r.arity,
    flags,
    keys: legacy.keys,
    keySpecs,
    getKeys,
    group,
    since: r.since,
    summary: r.summary,
    complexity: r.complexity,
    docFlags: r.deprecated ? ["deprecated", ...words(r.docFlags)] : words(r.docFlags),
    deprecatedSince: r.deprecated?.[0],
    replacedBy: r.deprecated?.[1],
    history: r.history ?? [],
    docArguments: r.docArgs ?? r.arity !== own,
    aclCategories: words(r.acl),
    tips: words(r.tips),
    run: r.run,
    lookupMode: flags.includes("readonly") ? LOOKUP_READ : LOOKUP_WRITE,
  };
}

function rowKeySpecs(name: string, r: Omit<Row, "run">): KeySpec[] {
  if (Array.isArray(r.ks)) {
    if (r.keys || r.ksNotes) throw new Error(`${name}: a list of key specs goes without keys/ksNotes`);
    return r.ks.map(parseKeySpec);
  }
  const keys = r.keys ?? NOKEYS;
  if (keys[0] === 0) return [];
  return [specFromTriple(keys, words(r.ks as string | undefined), r.ksNotes)];
}

/** A container (CLIENT, CONFIG, ...): its own row (arity -2 unless given) plus its subcommands. */
export function container(
  name: string,
  group: string,
  head: Omit<Row, "arity" | "run"> & { arity?: number; run?: Handler },
  subs: Record<string, Row>,
): CommandSpec {
  const map = new Map<string, CommandSpec>();
  for (const [sub, row] of Object.entries(subs)) map.set(sub, spec(`${name}|${sub}`, group, row, 2));
  return { ...spec(name, group, { arity: -2, docArgs: false, ...head }), subcommands: map };
}
