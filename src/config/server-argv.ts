/**
 * redis-server style command lines: `[config-file] [--name value ...]`. Any parameter of the
 * table is a flag; its values run until the next `--flag`, so `--bind 127.0.0.1 ::1` and
 * `--save 900 1 300 10` work, and `--save ""` (or a bare `--save`) turns snapshots off.
 * Each option is checked here so a typo fails at start with the flag's name.
 *
 * @example
 * parseServerArgv(["redbun.conf", "--port", "7000", "--save", ""]);
 * // { configFile: "redbun.conf", options: [["port", ["7000"]], ["save", [""]]] }
 */

import { checkOption } from "./check.ts";
import { ConfigError } from "./config-error.ts";

export interface ServerArgv {
  configFile?: string;
  /** `[name, args]` in command-line order, names lower-cased; later ones override the file. */
  options: [name: string, args: string[]][];
  help?: boolean;
  version?: boolean;
}

export function parseServerArgv(argv: readonly string[]): ServerArgv {
  const first = argv[0];
  if (first === "-h" || argv.includes("--help")) return { options: [], help: true };
  if (first === "-v" || argv.includes("--version")) return { options: [], version: true };

  const result: ServerArgv = { options: [] };
  let i = 0;
  // Like redis-server, only the first argument can be the config file ("-" means stdin).
  if (first !== undefined && !first.startsWith("--")) {
    result.configFile = first;
    i = 1;
  }
  while (i < argv.length) {
    const flag = argv[i]!;
    if (!flag.startsWith("--") || flag.length === 2) {
      throw new ConfigError(`Unexpected argument '${flag}': options are --name value`);
    }
    // `--port=7000` too (citty's help prints flags that way); redis-server has only `--port 7000`.
    const eq = flag.indexOf("=");
    const name = (eq < 0 ? flag.slice(2) : flag.slice(2, eq)).toLowerCase();
    const args: string[] = eq < 0 ? [] : [flag.slice(eq + 1)];
    for (i++; i < argv.length && !argv[i]!.startsWith("--"); i++) args.push(argv[i]!);
    // redis-server treats a bare `--save` as `--save ""`.
    if (name === "save" && args.length === 0) args.push("");
    const reason = checkOption(name, args);
    if (reason === "unknown option") throw new ConfigError(`Unknown option --${name}`);
    if (reason)
      throw new ConfigError(`Bad value for --${name}${args.length ? ` '${args.join(" ")}'` : ""}: ${reason}`);
    result.options.push([name, args]);
  }
  return result;
}
