/**
 * MONITOR's feed: after a command runs, every MONITOR client gets one line describing it, in
 * Redis's format (replicationFeedMonitors):
 *
 * ```
 * +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"
 * ```
 *
 * time in seconds with microseconds (from the server clock), the client's db after the
 * command, its address (`unix:<path>` for unix sockets) and every argument quoted with
 * sdscatrepr's escapes. The same raw line in RESP2 and RESP3. AUTH and HELLO's AUTH
 * arguments are shown as "(redacted)", as Redis's redactClientCommandArgument does (the slow
 * log shares `redactedArgs`).
 */
import type { Args } from "../protocol/args.ts";
import type { PubSub, Subscriber } from "./hub.ts";

const REDACTED = "(redacted)";

/**
 * The argument indexes Redis redacts for this call: all of AUTH's (1-3 words only, as
 * authCommand checks the count first), and the user and password after HELLO's AUTH option
 * (when the protocol version and options before it parse).
 */
export function redactedArgs(name: string, args: Args): ReadonlySet<number> | null {
  if (name === "auth") {
    if (args.length > 3) return null;
    const all = new Set<number>();
    for (let i = 1; i < args.length; i++) all.add(i);
    return all;
  }
  if (name !== "hello" || args.length < 2) return null;
  const ver = args.key(1);
  if (ver !== "2" && ver !== "3") return null;
  const out = new Set<number>();
  for (let j = 2; j < args.length; j++) {
    const more = args.length - 1 - j;
    const opt = args.key(j).toLowerCase();
    if (opt === "auth" && more >= 2) {
      out.add(j + 1);
      out.add(j + 2);
      j += 2;
    } else if (opt === "setname" && more >= 1) {
      j++;
    } else {
      break;
    }
  }
  return out.size ? out : null;
}

/** sdscatrepr of one binary string, quotes included. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) out += "\\\\";
    else if (c === 0x22) out += '\\"';
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x07) out += "\\a";
    else if (c === 0x08) out += "\\b";
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else out += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return `${out}"`;
}

/** `1339518083.107412` from Unix milliseconds (the server clock has ms resolution). */
export function monitorTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  return `${sec}.${String(Math.round((ms - sec * 1000) * 1000)).padStart(6, "0")}`;
}

/** Where a command came from: `lua`, `unix:<path>` or `ip:port`. */
export interface MonitorSource {
  readonly db: number;
  readonly addr: string;
}

/** Write the line for one command to every monitor (caller checks `pubsub.monitoring`). */
export function feedMonitors(
  pubsub: PubSub,
  now: number,
  from: MonitorSource,
  name: string,
  args: Args,
): void {
  const redact = redactedArgs(name, args);
  let line = `+${monitorTime(now)} [${from.db} ${from.addr}]`;
  for (let i = 0; i < args.length; i++)
    line += ` ${redact?.has(i) ? `"${REDACTED}"` : quoteRepr(args.key(i))}`;
  line += "\r\n";
  for (const m of pubsub.monitorClients()) if (!m.closeAfterReply) writeLine(m, line);
}

function writeLine(m: Subscriber, line: string): void {
  // The line is a binary string: one byte per char.
  const bytes = new Uint8Array(line.length);
  for (let i = 0; i < line.length; i++) bytes[i] = line.charCodeAt(i);
  m.out.raw(bytes);
  m.wake();
}
