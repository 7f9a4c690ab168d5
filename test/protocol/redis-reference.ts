/**
 * A deliberately naive, line-by-line transcription of Redis 7.0's request parsing
 * (processInputBuffer / processMultibulkBuffer / processInlineBuffer / sdssplitargs / string2ll)
 * over a growing binary string, used as the oracle for RequestParser in the fuzz tests.
 *
 * It is slow and re-scans freely; what matters is that it follows the C code's control flow,
 * including C string semantics (strchr and `*p` stop at a NUL byte), and that it processes the
 * buffer after every read exactly like Redis, so per-read checks (64 KiB lines) line up.
 */
import { PROTOCOL } from "../../src/errors.ts";

export interface ReferenceResult {
  commands: string[][];
  error: string | null;
}

const INT_MAX = 2147483647n;

/** strchr from `from`: the index of `ch`, or -1 when the string (or a NUL) comes first. */
function strchr(qb: string, from: number, ch: string): number {
  for (let i = from; i < qb.length; i++) {
    if (qb[i] === ch) return i;
    if (qb[i] === "\0") return -1;
  }
  return -1;
}

function string2ll(str: string): bigint | null {
  if (str.length === 0 || str.length >= 21) return null;
  if (!/^(0|-?[1-9][0-9]*)$/.test(str)) return null;
  const v = BigInt(str);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return null;
  return v;
}

function isspace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";
}

/** sdssplitargs: `at(i)` is `*p`, NUL at and after the end. */
export function sdssplitargs(line: string): string[] | null {
  const at = (i: number) => (i < line.length ? line[i]! : "\0");
  const hex = (c: string) => /^[0-9a-fA-F]$/.test(c);
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (at(p) !== "\0" && isspace(at(p))) p++;
    if (at(p) === "\0") return out;
    let inq = false;
    let insq = false;
    let done = false;
    let current = "";
    while (!done) {
      if (inq) {
        if (at(p) === "\\" && at(p + 1) === "x" && hex(at(p + 2)) && hex(at(p + 3))) {
          current += String.fromCharCode(Number.parseInt(at(p + 2) + at(p + 3), 16));
          p += 3;
        } else if (at(p) === "\\" && at(p + 1) !== "\0") {
          p++;
          const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", a: "\x07" };
          current += map[at(p)] ?? at(p);
        } else if (at(p) === '"') {
          if (at(p + 1) !== "\0" && !isspace(at(p + 1))) return null;
          done = true;
        } else if (at(p) === "\0") {
          return null;
        } else {
          current += at(p);
        }
      } else if (insq) {
        if (at(p) === "\\" && at(p + 1) === "'") {
          p++;
          current += "'";
        } else if (at(p) === "'") {
          if (at(p + 1) !== "\0" && !isspace(at(p + 1))) return null;
          done = true;
        } else if (at(p) === "\0") {
          return null;
        } else {
          current += at(p);
        }
      } else {
        const c = at(p);
        if (c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\0") done = true;
        else if (c === '"') inq = true;
        else if (c === "'") insq = true;
        else current += c;
      }
      if (at(p) !== "\0") p++;
    }
    out.push(current);
  }
}

class Stop extends Error {}

export function referenceParse(
  chunks: readonly string[],
  opts: { authenticated: boolean; maxBulkLen: number },
): ReferenceResult {
  const commands: string[][] = [];
  let qb = "";
  let reqtype = 0; // 1 multibulk, 2 inline
  let multibulklen = 0;
  let bulklen = -1;
  let argv: string[] = [];
  const fail = (msg: string): never => {
    throw new Stop(msg);
  };
  try {
    for (const chunk of chunks) {
      qb += chunk;
      let pos = 0;
      // processInputBuffer
      while (pos < qb.length) {
        if (reqtype === 0) reqtype = qb[pos] === "*" ? 1 : 2;
        if (reqtype === 2) {
          const nl = strchr(qb, pos, "\n");
          if (nl < 0) {
            if (qb.length - pos > 65536) fail(PROTOCOL.tooBigInline);
            break;
          }
          let end = nl;
          let feed = 1;
          if (end !== pos && qb[end - 1] === "\r") {
            end--;
            feed++;
          }
          const args = sdssplitargs(qb.slice(pos, end));
          if (args === null) fail(PROTOCOL.unbalancedQuotes);
          pos = end + feed;
          reqtype = 0;
          if (args!.length > 0) commands.push(args!);
          continue;
        }
        // processMultibulkBuffer
        if (multibulklen === 0) {
          const nl = strchr(qb, pos, "\r");
          if (nl < 0) {
            if (qb.length - pos > 65536) fail(PROTOCOL.tooBigMbulkCount);
            break;
          }
          if (nl - pos > qb.length - pos - 2) break;
          const ll = string2ll(qb.slice(pos + 1, nl));
          if (ll === null || ll > INT_MAX) fail(PROTOCOL.invalidMbulkLength);
          if (ll! > 10n && !opts.authenticated) fail(PROTOCOL.unauthMbulkLength);
          pos = nl + 2;
          if (ll! <= 0n) {
            reqtype = 0;
            continue;
          }
          multibulklen = Number(ll);
          argv = [];
        }
        let incomplete = false;
        while (multibulklen > 0) {
          if (bulklen === -1) {
            const nl = strchr(qb, pos, "\r");
            if (nl < 0) {
              if (qb.length - pos > 65536) fail(PROTOCOL.tooBigBulkCount);
              incomplete = true;
              break;
            }
            if (nl - pos > qb.length - pos - 2) {
              incomplete = true;
              break;
            }
            if (qb[pos] !== "$") {
              const got = qb[pos] === "\r" || qb[pos] === "\n" ? " " : qb[pos]!;
              fail(PROTOCOL.expectedDollar(got));
            }
            const ll = string2ll(qb.slice(pos + 1, nl));
            if (ll === null || ll < 0n || ll > BigInt(opts.maxBulkLen)) fail(PROTOCOL.invalidBulkLength);
            if (ll! > 16384n && !opts.authenticated) fail(PROTOCOL.unauthBulkLength);
            pos = nl + 2;
            bulklen = Number(ll);
          }
          if (qb.length - pos < bulklen + 2) {
            incomplete = true;
            break;
          }
          argv.push(qb.slice(pos, pos + bulklen));
          pos += bulklen + 2;
          bulklen = -1;
          multibulklen--;
        }
        if (incomplete) break;
        commands.push(argv);
        reqtype = 0;
      }
      qb = qb.slice(pos);
    }
  } catch (err) {
    if (err instanceof Stop) return { commands, error: err.message };
    throw err;
  }
  return { commands, error: null };
}
