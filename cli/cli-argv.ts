/**
 * Separates redbun-cli's own options from the Redis command to run, the way redis-cli does:
 * options come first, and the first word that is not an option starts the command. Everything
 * after it belongs to the command, even words that look like flags (`incrby n -1`,
 * `echo --help`), so only the options part is given to citty.
 *
 * @example
 * splitCliArgv(["-p", "7000", "--raw", "incrby", "n", "-1"])
 * // → { options: ["-p", "7000", "--raw"], command: ["incrby", "n", "-1"] }
 */

/** Options followed by a value (`-p 6379`), as the user may type them. */
export const VALUE_OPTIONS: ReadonlySet<string> = new Set([
  "-h",
  "--host",
  "-p",
  "--port",
  "-a",
  "--pass",
  "--user",
  "-u",
  "--uri",
  "-n",
  "--db",
]);

/** Options that stand alone. */
export const FLAG_OPTIONS: ReadonlySet<string> = new Set([
  "-2",
  "-3",
  "--resp2",
  "--resp3",
  "--raw",
  "--no-raw",
  "--json",
  "-e",
  "--exit-on-error",
  "--auth-warning",
  "--no-auth-warning",
  "--help",
  "--version",
  "-v",
]);

export interface SplitArgv {
  options: string[];
  command: string[];
  /** The first option that redbun-cli does not know, if any (redis-cli refuses to start). */
  unknown?: string;
  /** An option that needs a value but was last on the line. */
  missingValue?: string;
}

export function splitCliArgv(argv: readonly string[]): SplitArgv {
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.has(a)) {
      if (i + 1 >= argv.length) return { options, command: [], missingValue: a };
      options.push(a, argv[i + 1]!);
      i++;
    } else if (FLAG_OPTIONS.has(a)) {
      options.push(a);
    } else if (a.startsWith("-") && a.length > 1) {
      return { options, command: [], unknown: a };
    } else {
      return { options, command: argv.slice(i) };
    }
  }
  return { options, command: [] };
}
