/**
 * A server's live configuration: the values of the parameters in ./parameters.ts, checked and
 * stored in canonical text (what CONFIG GET prints), with CONFIG SET's all-or-nothing update and
 * change listeners for the parts of the server that must react (log level, limits).
 *
 * @example
 * const config = new Config({ port: "7000", maxmemory: "100mb" });
 * config.get("maxmemory");        // "104857600"
 * config.getNumber("port");       // 7000
 * config.onChange((name, value) => logger.notice(`${name} is now ${value}`));
 * config.set("maxmemory", "1gb"); // throws ConfigError with Redis's exact reply on bad input
 */

import { ERR } from "../errors.ts";
import { canonicalValue, checkOption } from "./check.ts";
import { ConfigError } from "./config-error.ts";
import { globMatch, isGlob } from "./glob.ts";
import { findParameter, PARAMETERS, type Parameter } from "./parameters.ts";
import { ValueError } from "./values.ts";

export { checkOption } from "./check.ts";
export { ConfigError } from "./config-error.ts";
export { parseConfigFile } from "./config-file.ts";
export { parseServerArgv, type ServerArgv } from "./server-argv.ts";

export type ChangeListener = (name: string, value: string) => void;

export class Config {
  readonly #values = new Map<string, string>();
  readonly #numbers = new Map<string, number>();
  readonly #listeners: ChangeListener[] = [];
  /** Accumulating parameters (`save`) already given by a start-up line: later lines add to it. */
  readonly #loaded = new Set<string>();

  /** Defaults, overridden by `initial` (whole values, e.g. `{ save: "900 1 300 10" }`). */
  constructor(initial?: Record<string, string>) {
    for (const p of PARAMETERS) this.#store(p, canonicalValue(p, p.default, ""));
    for (const [name, value] of Object.entries(initial ?? {})) {
      const p = findParameter(name);
      if (!p) throw new ConfigError(`Unknown option '${name}'`);
      this.#store(p, this.#checkForLoad(p, name, value));
    }
  }

  /** A Config from start-up lines in order (config file first, then argv), as `load` applies them. */
  static fromEntries(entries: Iterable<readonly [string, readonly string[]]>): Config {
    const config = new Config();
    for (const [name, args] of entries) config.load(name, args);
    return config;
  }

  /**
   * Applies one start-up line (`name arg arg` from a config file or `--name arg arg` from argv),
   * ignoring mutability. `save` lines add up as in redis.conf; for the rest the last line wins.
   */
  load(name: string, args: readonly string[]): void {
    const p = findParameter(name);
    if (!p) throw new ConfigError(`Unknown option '${name}'`);
    const reason = checkOption(name, args);
    if (reason) throw new ConfigError(`Bad value for '${name}': ${reason}`);
    let text = args.join(" ");
    if (p.accumulates && text !== "" && this.#loaded.has(p.name)) {
      const before = this.#values.get(p.name)!;
      if (before !== "") text = `${before} ${text}`;
    }
    this.#loaded.add(p.name);
    this.#store(p, this.#checkForLoad(p, name, text));
  }

  /** The canonical text of a parameter (memory in bytes, bools as yes/no), as CONFIG GET prints it. */
  get(name: string): string {
    const p = findParameter(name);
    if (!p) throw new ConfigError(`Unknown option '${name}'`);
    const value = this.#values.get(p.name)!;
    // `dir ""` means "wherever we were started": report the real directory like Redis does.
    if (p.name === "dir" && value === "") return process.cwd();
    return p.display ? p.display(value) : value;
  }

  /** The stored canonical text, for the server's own use (what onChange listeners receive). */
  stored(name: string): string {
    const p = findParameter(name);
    if (!p) throw new ConfigError(`Unknown option '${name}'`);
    return this.#values.get(p.name)!;
  }

  /** A numeric parameter (int, memory; bools as 1/0) as a number. Cached: cheap on hot paths. */
  getNumber(name: string): number {
    const p = findParameter(name);
    const n = p && this.#numbers.get(p.name);
    if (n === undefined) throw new ConfigError(`Option '${name}' is not numeric`);
    return n;
  }

  /** CONFIG SET of one parameter. */
  set(name: string, value: string): void {
    this.setMany([[name, value]]);
  }

  /**
   * CONFIG SET of several parameters, all or nothing: every name and value is checked before
   * any is changed. Errors are Redis 7's exact replies, naming the argument as the client typed it.
   */
  setMany(pairs: readonly (readonly [string, string])[]): void {
    const seen = new Set<string>();
    const targets: Parameter[] = [];
    for (const [name] of pairs) {
      const p = findParameter(name);
      if (!p) throw new ConfigError(ERR.unknownConfig(name));
      if (p.protected) throw new ConfigError(setFailed(name, "can't set protected config"));
      if (!p.mutable) throw new ConfigError(setFailed(name, "can't set immutable config"));
      if (seen.has(name.toLowerCase())) throw new ConfigError(setFailed(name, "duplicate parameter"));
      seen.add(name.toLowerCase());
      targets.push(p);
    }
    const next: string[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const p = targets[i]!;
      try {
        next.push(canonicalValue(p, pairs[i]![1], this.#values.get(p.name)!));
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        throw new ConfigError(setFailed(pairs[i]![0].toLowerCase(), e.message), { cause: e });
      }
    }
    for (let i = 0; i < targets.length; i++) {
      const p = targets[i]!;
      if (this.#values.get(p.name) === next[i]) continue;
      this.#store(p, next[i]!);
      for (const fn of this.#listeners) fn(p.name, next[i]!);
    }
  }

  /**
   * CONFIG GET of one pattern: `[name, value]` pairs in table order, aliases included. A pattern
   * without glob characters is a direct (case-insensitive) lookup answered under the name as
   * given, which is what Redis 7.0 does.
   */
  match(pattern: string): [name: string, value: string][] {
    if (!isGlob(pattern)) return findParameter(pattern) ? [[pattern, this.get(pattern)]] : [];
    const out: [string, string][] = [];
    for (const p of PARAMETERS) {
      for (const name of [p.name, ...(p.aliases ?? [])]) {
        if (globMatch(pattern, name, true)) out.push([name, this.get(p.name)]);
      }
    }
    return out;
  }

  /** Calls `fn(canonicalName, value)` after each CONFIG SET that changes a value. Returns an unsubscribe. */
  onChange(fn: ChangeListener): () => void {
    this.#listeners.push(fn);
    return () => {
      const i = this.#listeners.indexOf(fn);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  #checkForLoad(p: Parameter, name: string, text: string): string {
    try {
      return canonicalValue(p, text, this.#values.get(p.name) ?? "");
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      throw new ConfigError(`Bad value for '${name}': ${e.message}`, { cause: e });
    }
  }

  #store(p: Parameter, value: string): void {
    this.#values.set(p.name, value);
    if (p.type === "int" || p.type === "memory") this.#numbers.set(p.name, parseInt(value, p.radix ?? 10));
    else if (p.type === "bool") this.#numbers.set(p.name, value === "yes" ? 1 : 0);
  }
}

function setFailed(name: string, reason: string): string {
  return `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;
}
