/**
 * Turning the text of a parameter into its canonical form, by the parameter's type, bounds and
 * special format. Shared by Config (CONFIG SET, start-up) and the file/argv parsers (which
 * check each line early so errors can name the line).
 */

import { findParameter, type Parameter } from "./parameters.ts";
import {
  checkRange,
  INT64_MAX,
  parseBool,
  parseMemory,
  parseStrictInteger,
  REASON,
  UINT64_MAX,
  ValueError,
} from "./values.ts";

/**
 * Checks a start-up line's arguments (count and value) without a Config: the reason it is
 * wrong, or undefined. Used by the file and argv parsers to report errors with their location.
 */
export function checkOption(name: string, args: readonly string[]): string | undefined {
  const p = findParameter(name);
  if (!p) return "unknown option";
  if (args.length === 0 || (!p.multiArg && args.length !== 1)) return "wrong number of arguments";
  try {
    canonicalValue(p, args.join(" "), p.default);
  } catch (e) {
    if (e instanceof ValueError) return e.message;
    throw e;
  }
  return undefined;
}

/** The canonical text of `text` for parameter `p`, or a ValueError with Redis's reason. */
export function canonicalValue(p: Parameter, text: string, current: string): string {
  let value: string;
  switch (p.type) {
    case "int": {
      const n = p.radix === 8 ? parseOctal(text) : parseStrictInteger(text);
      if (n === null) throw new ValueError(REASON.notInteger);
      value = checkRange(n, p.min ?? -INT64_MAX - 1n, p.max ?? INT64_MAX);
      if (p.radix === 8) value = BigInt(value).toString(8);
      break;
    }
    case "memory": {
      const n = parseMemory(text);
      if (n === null) throw new ValueError(REASON.notMemory);
      value = checkRange(n, p.min ?? 0n, p.max ?? UINT64_MAX);
      break;
    }
    case "bool":
      value = parseBool(text);
      break;
    case "enum": {
      value = text.toLowerCase();
      if (!p.values?.includes(value) && !p.extraValues?.includes(value)) {
        throw new ValueError(REASON.oneOf(p.values ?? []));
      }
      break;
    }
    case "string":
    case "list":
      value = text;
      break;
  }
  return p.normalize ? p.normalize(value, current) : value;
}

function parseOctal(text: string): bigint | null {
  return /^[0-7]{1,12}$/.test(text) ? BigInt(`0o${text}`) : null;
}
