/**
 * How redbun-cli prints a reply: byte for byte what redis-cli 7.0 prints, in its three styles.
 *
 * - `tty`: the human form (`(integer) 1`, `"quoted\n"`, numbered nested arrays), used when
 *   stdout is a terminal or with `--no-raw`;
 * - `raw`: values one per line with no quoting, used when stdout is a pipe or with `--raw`;
 * - `json`: `--json`.
 *
 * Replies hold arbitrary bytes, so every formatter builds a *binary string* (one char per
 * byte, see src/protocol/bytes.ts) and `formatReply` turns it into the bytes to write. Pure
 * functions: no I/O, so they are tested against captured redis-cli output.
 *
 * @example
 * formatReply([utf8("a"), null], "tty") // bytes of `1) "a"\n2) (nil)\n`
 */
import { ReplyError } from "../src/errors.ts";
import { bytesToKey, utf8 } from "../src/protocol/bytes.ts";
import { formatDouble } from "../src/protocol/number-format.ts";
import { RespMap, RespPush, RespSet, type RespValue, VerbatimString } from "../src/protocol/reply-parser.ts";

export type OutputMode = "tty" | "raw" | "json";

/** A JS string (simple strings, error texts) as UTF-8 bytes in binary-string form. */
function textToBinary(s: string): string {
  // Pure ASCII (nearly every status and error) needs no re-encoding.
  return /^[\x00-\x7f]*$/.test(s) ? s : bytesToKey(utf8(s));
}

/**
 * RESP3 doubles and integers both arrive as JS numbers; a non-integral or non-finite number
 * can only have been a double. (An integral double, `,2`, is indistinguishable from `:2`.)
 */
function isDouble(n: number): boolean {
  return !Number.isInteger(n) || Object.is(n, -0);
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** redis-cli's `sdscatrepr`: printable ASCII as is, C escapes, `\xHH` for the rest. */
export function repr(bytes: Uint8Array | string): string {
  const s = typeof bytes === "string" ? bytes : bytesToKey(bytes);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: // backslash
      case 34: // double quote
        out += `\\${s[i]}`;
        break;
      case 10:
        out += "\\n";
        break;
      case 13:
        out += "\\r";
        break;
      case 9:
        out += "\\t";
        break;
      case 7:
        out += "\\a";
        break;
      case 8:
        out += "\\b";
        break;
      default:
        // isprint() in the C locale: 0x20-0x7e.
        out += c >= 32 && c <= 126 ? s[i] : `\\x${c.toString(16).padStart(2, "0")}`;
    }
  }
  return `${out}"`;
}

/** redis-cli's JSON string: `\" \\ \n \f \r \t \b`, `\u00XX` for other controls, bytes ≥ 0x7f as is. */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92:
      case 34:
        out += `\\${s[i]}`;
        break;
      case 10:
        out += "\\n";
        break;
      case 12:
        out += "\\f";
        break;
      case 13:
        out += "\\r";
        break;
      case 9:
        out += "\\t";
        break;
      case 8:
        out += "\\b";
        break;
      default:
        out += c <= 0x1f ? `\\u${c.toString(16).padStart(4, "0")}` : s[i];
    }
  }
  return `${out}"`;
}

type AggregateKind = "array" | "map" | "set" | "push";

/** The elements of an aggregate, maps flattened to key, value, key, value. */
function aggregate(v: RespValue): { kind: AggregateKind; items: RespValue[] } | null {
  if (Array.isArray(v)) return { kind: "array", items: v };
  if (v instanceof RespMap) return { kind: "map", items: v.entries.flat() };
  if (v instanceof RespSet) return { kind: "set", items: v.items };
  if (v instanceof RespPush) return { kind: "push", items: v.items };
  return null;
}

const EMPTY: Record<AggregateKind, string> = {
  array: "(empty array)\n",
  map: "(empty hash)\n",
  set: "(empty set)\n",
  push: "(empty push)\n",
};
const NUMBER_SEPARATOR: Record<AggregateKind, string> = { array: ")", map: "#", set: "~", push: ")" };

function bigintTty(v: bigint): string {
  return v >= INT64_MIN && v <= INT64_MAX ? `(integer) ${v}\n` : `(big number) ${v}\n`;
}

/**
 * The human form, ending in a newline. `prefix` is the indentation of the enclosing
 * aggregates: the first element of a nested aggregate continues its parent's line, the
 * others start with the prefix; each level indents by the width of its largest index + 2.
 */
export function formatTty(v: RespValue, prefix = ""): string {
  if (v === null) return "(nil)\n";
  if (typeof v === "string") return `${textToBinary(v)}\n`;
  if (v instanceof Uint8Array) return `${repr(v)}\n`;
  if (typeof v === "number") return isDouble(v) ? `(double) ${formatDouble(v)}\n` : `(integer) ${v}\n`;
  if (typeof v === "bigint") return bigintTty(v);
  if (typeof v === "boolean") return v ? "(true)\n" : "(false)\n";
  if (v instanceof ReplyError) return `(error) ${textToBinary(v.message)}\n`;
  if (v instanceof VerbatimString) return `${bytesToKey(v.data)}\n`;
  const agg = aggregate(v)!;
  const { kind, items } = agg;
  if (items.length === 0) return EMPTY[kind];
  const count = kind === "map" ? items.length / 2 : items.length;
  const width = String(count).length;
  const inner = prefix + " ".repeat(width + 2);
  const sep = NUMBER_SEPARATOR[kind];
  let out = "";
  for (let i = 0; i < count; i++) {
    out += `${i === 0 ? "" : prefix}${String(i + 1).padStart(width)}${sep} `;
    if (kind === "map") {
      out += `${formatTty(items[2 * i]!, inner).slice(0, -1)} => ${formatTty(items[2 * i + 1]!, inner)}`;
    } else {
      out += formatTty(items[i]!, inner);
    }
  }
  return out;
}

/**
 * The raw form, with no trailing newline (redis-cli adds the command delimiter after it):
 * nil is empty, errors end in their own newline, aggregate elements are joined by `delim`,
 * map keys and values by a space.
 */
export function formatRaw(v: RespValue, delim = "\n"): string {
  if (v === null) return "";
  if (typeof v === "string") return textToBinary(v);
  if (v instanceof Uint8Array) return bytesToKey(v);
  if (typeof v === "number") return isDouble(v) ? formatDouble(v) : String(v);
  if (typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "(true)" : "(false)";
  if (v instanceof ReplyError) return `${textToBinary(v.message)}\n`;
  if (v instanceof VerbatimString) return bytesToKey(v.data);
  const { kind, items } = aggregate(v)!;
  const parts: string[] = [];
  if (kind === "map") {
    for (let i = 0; i < items.length; i += 2) {
      parts.push(`${formatRaw(items[i]!, delim)} ${formatRaw(items[i + 1]!, delim)}`);
    }
  } else {
    for (const item of items) parts.push(formatRaw(item, delim));
  }
  return parts.join(delim);
}

/** The JSON form (redis-cli `--json`), with no trailing newline. Map keys are always strings. */
export function formatJson(v: RespValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return jsonString(textToBinary(v));
  if (v instanceof Uint8Array) return jsonString(bytesToKey(v));
  if (typeof v === "number") return isDouble(v) ? formatDouble(v) : String(v);
  if (typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof ReplyError) return `error:${jsonString(textToBinary(v.message))}`;
  if (v instanceof VerbatimString) return jsonString(bytesToKey(v.data));
  if (v instanceof RespMap) {
    const parts = v.entries.map(([k, val]) => {
      const key = formatJson(k);
      return `${key.startsWith('"') ? key : `"${key}"`}:${formatJson(val)}`;
    });
    return `{${parts.join(",")}}`;
  }
  return `[${aggregate(v)!.items.map(formatJson).join(",")}]`;
}

/** One reply as redis-cli writes it to stdout in `mode`, including the final newline. */
export function formatReply(v: RespValue, mode: OutputMode): Uint8Array {
  let s: string;
  if (mode === "tty") s = formatTty(v);
  else if (mode === "raw") s = `${formatRaw(v)}\n`;
  else s = `${formatJson(v)}\n`;
  return Buffer.from(s, "latin1");
}
