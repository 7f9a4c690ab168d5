/**
 * redis.conf syntax: one `name arg arg ...` directive per line, `#` comments, blank lines, and
 * arguments quoted the way Redis's sdssplitargs quotes them ("..." with backslash escapes,
 * '...' with only \' ). Every line is checked against the parameter table here, so that a
 * mistake is reported with its line number before anything starts.
 *
 * @example
 * parseConfigFile('port 7000\nsave ""\n# comment\nrequirepass "p a s s"\n');
 * // [["port", ["7000"]], ["save", [""]], ["requirepass", ["p a s s"]]]
 */

import { checkOption } from "./check.ts";
import { ConfigError } from "./config-error.ts";

/** `include <path>` lines are returned as they are: the caller reads and parses the file. */
export const INCLUDE = "include";

/**
 * Parses a config file's text into `[name, args]` directives in file order, names lower-cased.
 * Throws ConfigError naming the line for bad quoting, unknown names and invalid values.
 * `source` names the file in messages ("config file" by default).
 */
export function parseConfigFile(text: string, source = "config file"): [name: string, args: string[]][] {
  const out: [string, string[]][] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const where = `${source} line ${i + 1}`;
    const words = splitArgs(line);
    if (words === null) throw new ConfigError(`Unbalanced quotes in ${where}: ${line}`);
    if (words.length === 0) continue;
    const name = words[0]!.toLowerCase();
    const args = words.slice(1);
    if (name === INCLUDE) {
      if (args.length !== 1) throw new ConfigError(`'include' takes one path, in ${where}`);
    } else {
      const reason = checkOption(name, args);
      if (reason === "unknown option") throw new ConfigError(`Unknown option '${words[0]}' in ${where}`);
      if (reason) throw new ConfigError(`Bad directive in ${where} (${line}): ${reason}`);
    }
    out.push([name, args]);
  }
  return out;
}

const SPACE = /[ \t\r\n\v\f]/;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", a: "\x07" };

/**
 * Splits one line into words like Redis's sdssplitargs; null when quotes are unbalanced or a
 * closing quote is not followed by a space. A quote inside a bare word starts a quoted part
 * of the same word (`a"b c"` is one word `ab c`), as in Redis.
 */
export function splitArgs(line: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    while (i < n && SPACE.test(line[i]!)) i++;
    if (i >= n) return words;
    let word = "";
    let quote: '"' | "'" | null = null;
    for (;;) {
      if (i >= n) {
        if (quote) return null;
        break;
      }
      const c = line[i]!;
      if (quote === '"') {
        if (c === "\\" && line[i + 1] === "x" && isHex(line[i + 2]) && isHex(line[i + 3])) {
          word += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        if (c === "\\" && i + 1 < n) {
          const e = line[i + 1]!;
          word += ESCAPES[e] ?? e;
          i += 2;
          continue;
        }
        if (c === '"') {
          i++;
          if (i < n && !SPACE.test(line[i]!)) return null;
          break;
        }
        word += c;
        i++;
      } else if (quote === "'") {
        if (c === "\\" && line[i + 1] === "'") {
          word += "'";
          i += 2;
          continue;
        }
        if (c === "'") {
          i++;
          if (i < n && !SPACE.test(line[i]!)) return null;
          break;
        }
        word += c;
        i++;
      } else {
        if (SPACE.test(c)) break;
        if (c === '"' || c === "'") quote = c;
        else word += c;
        i++;
      }
    }
    words.push(word);
  }
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}
