/**
 * `subscribe ch ...` / `psubscribe pattern ...`: prints the confirmations and then every
 * message until the process is interrupted, formatted as redis-cli formats them (each one is
 * the array Redis pushes: `1) "message"` / `2) "ch"` / `3) "payload"`).
 */
import { utf8 } from "../src/protocol/bytes.ts";
import type { RespValue } from "../src/protocol/reply-parser.ts";
import { type Session, writeStdout } from "./session.ts";

const SUBSCRIBE_COMMANDS = new Set(["subscribe", "psubscribe"]);

/** Whether `name` puts the connection in subscribe mode (and so never returns). */
export function isSubscribeCommand(name: string | Uint8Array): boolean {
  const s = typeof name === "string" ? name : new TextDecoder().decode(name);
  return SUBSCRIBE_COMMANDS.has(s.toLowerCase());
}

function bytes(v: string | Uint8Array): Uint8Array {
  return typeof v === "string" ? utf8(v) : v;
}

function text(v: string | Uint8Array): string {
  return typeof v === "string" ? v : new TextDecoder().decode(v);
}

/** Runs until the subscription ends (the server or the user closes the connection). */
export async function runSubscribe(session: Session, args: readonly (string | Uint8Array)[]): Promise<void> {
  const pattern = text(args[0]!).toLowerCase() === "psubscribe";
  const targets = args.slice(1).map(text);
  if (session.mode !== "raw") await writeStdout("Reading messages... (press Ctrl-C to quit)\n");
  const sub = pattern
    ? await session.client.psubscribe(...targets)
    : await session.client.subscribe(...targets);
  // Redis confirms each channel with its running count; a fresh connection starts at 0.
  const kind = utf8(pattern ? "psubscribe" : "subscribe");
  for (let i = 0; i < targets.length; i++) {
    await session.print([kind, utf8(targets[i]!), i + 1]);
  }
  for await (const m of sub) {
    const reply: RespValue =
      m.pattern !== undefined
        ? [utf8("pmessage"), bytes(m.pattern), bytes(m.channel), bytes(m.message)]
        : [utf8("message"), bytes(m.channel), bytes(m.message)];
    await session.print(reply);
  }
}
