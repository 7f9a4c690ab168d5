/**
 * How a command table row is written: the Row shape and the builders that turn rows into
 * CommandSpecs. The core table is in registry.ts; each data-type group keeps its own table
 * (e.g. lists/table.ts) built with the same helpers, and registry.ts joins them into one.
 */
import type { CommandFlag, CommandSpec, Handler, KeySpec } from "./types.ts";

export type Keys = readonly [number, number, number];
export const NOKEYS: Keys = [0, 0, 0];
export const KEY1: Keys = [1, 1, 1];
export const ALLKEYS: Keys = [1, -1, 1];

/**
 * One table row, with Redis 7.0's COMMAND INFO and COMMAND DOCS values (taken from a running
 * redis-server 7.0.15, not from memory): flags, ACL categories and tips are space-separated
 * words in Redis's order; `ks` is the key spec's flags (RO/RW/OW/RM, then access/update/...)
 * for commands with keys, whose begin_search/find_keys follow from `keys`.
 */
export interface Row {
  arity: number;
  flags: string;
  keys?: Keys;
  ks?: string;
  ksNotes?: string;
  /** For `variable_flags` key specs: the flags of one call (COMMAND GETKEYSANDFLAGS). */
  keyFlags?: (argv: readonly Uint8Array[]) => readonly string[];
  acl: string;
  tips?: string;
  since: string;
  summary: string;
  complexity: string;
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
  const keys = r.keys ?? NOKEYS;
  let keySpec: KeySpec | undefined;
  if (keys[0] > 0) {
    keySpec = { flags: words(r.ks), notes: r.ksNotes, flagsFor: r.keyFlags };
  }
  return {
    name,
    arity: r.arity,
    flags: words(r.flags) as CommandFlag[],
    keys,
    keySpec,
    group,
    since: r.since,
    summary: r.summary,
    complexity: r.complexity,
    history: r.history ?? [],
    docArguments: r.docArgs ?? r.arity !== own,
    aclCategories: words(r.acl),
    tips: words(r.tips),
    run: r.run,
  };
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
