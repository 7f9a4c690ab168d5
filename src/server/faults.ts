/**
 * Fault injection for tests: rules that make chosen commands fail the way a real deployment
 * fails, so an application's error paths can be tested against a real server.
 *
 * A rule matches on the command, a key pattern, the client's name, the database, and then
 * counts: only the nth matching call, at most `times` calls, or with a probability. The first
 * rule that matches a command acts:
 *
 * - `error`: answer this error instead of running the command (`"LOADING Redis is loading the
 *   dataset in memory"`, `"READONLY ..."`, `"OOM ..."`, `"BUSY ..."`, `"MOVED 3999 127.0.0.1:6381"`).
 * - `latency`: run it after a delay on the server clock (ms or "250ms", "2s"; a manual clock
 *   must be advanced).
 * - `hang`: never answer it (the client's later commands wait behind it, as on a stuck server).
 * - `close`: close the connection instead of running it.
 * - `drip`: run it and write its reply one byte at a time.
 *
 * In process: `server.faults.add({ command: "get", key: "user:*", action: { error: "LOADING ..." } })`.
 * For a server run as a process: `redbun-server --enable-faults` and `REDBUN FAULT ADD|LIST|CLEAR`.
 */
import { globMatch } from "../db/glob.ts";

export type FaultAction =
  | { error: string }
  | { latency: number | string }
  | { hang: true }
  | { close: true }
  | { drip: true };

export interface FaultRule {
  /** Command name(s), any case (`"get"`, `["set", "setex"]`); all commands when absent. */
  command?: string | string[];
  /** Glob pattern one of the command's keys must match (Redis's KEYS syntax). */
  key?: string;
  /** Glob pattern for the client's name (CLIENT SETNAME). */
  client?: string;
  db?: number;
  /** Act on the nth matching call only (1 = the first). */
  nth?: number;
  /** Act at most this many times, then the rule stays inert. */
  times?: number;
  /** Act on each matching call with this probability (0..1). */
  probability?: number;
  action: FaultAction;
}

/** What a command must know to be matched: built by the dispatcher only while rules exist. */
export interface FaultCall {
  command: string;
  keys: readonly string[];
  clientName: string;
  db: number;
}

export class Fault {
  /** Calls that matched the rule's filters. */
  matched = 0;
  /** Times it acted. */
  fired = 0;
  readonly #commands: ReadonlySet<string> | null;

  constructor(
    readonly id: number,
    readonly rule: FaultRule,
    private readonly owner: Faults,
    private readonly random: () => number,
  ) {
    const c = rule.command;
    this.#commands =
      c === undefined ? null : new Set((Array.isArray(c) ? c : [c]).map((n) => n.toLowerCase()));
    checkAction(rule.action);
  }

  /** Whether the rule acts on this call (counts it either way). */
  test(call: FaultCall): boolean {
    const r = this.rule;
    if (this.#commands !== null && !this.#commands.has(call.command)) return false;
    if (r.db !== undefined && r.db !== call.db) return false;
    if (r.client !== undefined && !globMatch(r.client, call.clientName)) return false;
    if (r.key !== undefined && !call.keys.some((k) => globMatch(r.key!, k))) return false;
    this.matched++;
    if (r.nth !== undefined && this.matched !== r.nth) return false;
    if (r.times !== undefined && this.fired >= r.times) return false;
    if (r.probability !== undefined && !(this.random() < r.probability)) return false;
    this.fired++;
    return true;
  }

  remove(): void {
    this.owner.remove(this.id);
  }
}

function checkAction(a: FaultAction): void {
  const kinds = ["error", "latency", "hang", "close", "drip"].filter((k) => k in a);
  if (kinds.length !== 1)
    throw new TypeError("a fault needs exactly one action: error, latency, hang, close or drip");
}

export class Faults {
  #rules: Fault[] = [];
  #next = 1;
  /** Seeded by tests that use `probability` and want a repeatable run. */
  random: () => number = Math.random;

  /** Add a rule (checked after the ones already there); remove it with `.remove()`. */
  add(rule: FaultRule): Fault {
    const f = new Fault(this.#next++, rule, this, () => this.random());
    this.#rules.push(f);
    return f;
  }

  remove(id: number): boolean {
    const n = this.#rules.length;
    this.#rules = this.#rules.filter((f) => f.id !== id);
    return this.#rules.length !== n;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): readonly Fault[] {
    return this.#rules;
  }

  /** The dispatcher's cheap check: any rule at all? */
  get active(): boolean {
    return this.#rules.length !== 0;
  }

  /** The action for this call, or null. */
  match(call: FaultCall): FaultAction | null {
    for (const f of this.#rules) if (f.test(call)) return f.rule.action;
    return null;
  }
}
