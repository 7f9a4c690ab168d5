/**
 * redbun-cli without a command: an interactive prompt when stdin is a terminal, otherwise one
 * command per line read from stdin (`redbun-cli < cmds.txt`). Both follow redis-cli: lines
 * are split with sdssplitargs rules, empty lines are skipped, `quit`/`exit` stop, a line with
 * bad quoting prints "Invalid argument(s)", and `subscribe` streams until interrupted.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { utf8 } from "../src/protocol/bytes.ts";
import { type Session, writeStdout } from "./session.ts";
import { splitArgs } from "./split-args.ts";
import { isSubscribeCommand, runSubscribe } from "./subscribe.ts";
import { VERSION } from "./version.ts";

const HISTORY_FILE = join(homedir(), ".redbun_history");
const HISTORY_SIZE = 1000;

/** What one input line asks for. */
type LineResult = "continue" | "quit";

const decoder = new TextDecoder();

/** Splits a byte stream into lines (without `\n`, and without a trailing `\r`) as bytes. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let pending = new Uint8Array(0);
  for await (const chunk of stream) {
    let buf = chunk;
    if (pending.length) {
      buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending);
      buf.set(chunk, pending.length);
    }
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      yield trimCr(buf.subarray(start, nl));
      start = nl + 1;
    }
    pending = buf.slice(start);
  }
  if (pending.length) yield trimCr(pending);
}

function trimCr(line: Uint8Array): Uint8Array {
  return line.length && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
}

/** Runs one line: the shared part of piped and interactive input. */
async function runLine(session: Session, line: Uint8Array): Promise<LineResult> {
  const args = splitArgs(line);
  if (args === null) {
    await writeStdout("Invalid argument(s)\n");
    return "continue";
  }
  if (args.length === 0) return "continue";
  const name = decoder.decode(args[0]!).toLowerCase();
  if (name === "quit" || name === "exit") return "quit";
  if (isSubscribeCommand(name)) {
    await runSubscribe(session, args);
    return "quit";
  }
  await session.print(await session.send(args));
  return "continue";
}

/** `redbun-cli < file`: runs each line in order, one command at a time. */
export async function runPiped(session: Session, input: ReadableStream<Uint8Array>): Promise<void> {
  for await (const line of readLines(input)) {
    if ((await runLine(session, line)) === "quit") return;
  }
}

function prompt(session: Session): string {
  const { host, port } = session;
  return `${host}:${port}${session.db ? `[${session.db}]` : ""}> `;
}

function loadHistory(): string[] {
  try {
    const lines = readFileSync(HISTORY_FILE, "utf8").split("\n").filter(Boolean);
    // readline wants the newest entry first.
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function saveHistory(line: string): void {
  try {
    appendFileSync(HISTORY_FILE, `${line}\n`);
  } catch {
    // A read-only home directory must not break the prompt.
  }
}

const GENERAL_HELP = `redbun-cli ${VERSION}
To get help about Redis commands type:
      "help <command>" for help on <command>
      "quit" to exit
`;

/** `help <command>`: the server's own COMMAND DOCS summary, like redis-cli's built-in help. */
async function help(session: Session, topic: string[]): Promise<void> {
  if (topic.length === 0) {
    await writeStdout(GENERAL_HELP);
    return;
  }
  const name = topic.join(" ");
  const docs = await session.client.sendRaw(["COMMAND", "DOCS", name]);
  const fields = docsFields(docs);
  if (!fields) {
    await writeStdout("\n");
    return;
  }
  await writeStdout(
    `\n  ${name.toUpperCase()}\n  summary: ${fields.summary ?? ""}\n  since: ${fields.since ?? ""}\n  group: ${fields.group ?? ""}\n\n`,
  );
}

/** The string fields of the first entry of a COMMAND DOCS reply (RESP2 pairs or RESP3 map). */
function docsFields(docs: unknown): Record<string, string> | null {
  const pairs = (v: unknown): unknown[] | null => {
    if (Array.isArray(v)) return v;
    if (v && typeof v === "object" && "entries" in v) return (v.entries as unknown[][]).flat();
    return null;
  };
  const top = pairs(docs);
  if (!top || top.length < 2) return null;
  const body = pairs(top[1]);
  if (!body) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < body.length; i += 2) {
    const k = body[i];
    const v = body[i + 1];
    const key = k instanceof Uint8Array ? decoder.decode(k) : String(k);
    if (v instanceof Uint8Array) out[key] = decoder.decode(v);
    else if (typeof v === "string") out[key] = v;
  }
  return out;
}

/** The interactive prompt, with history kept in ~/.redbun_history. */
export async function runInteractive(session: Session): Promise<void> {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    history: loadHistory(),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  rl.setPrompt(prompt(session));
  rl.prompt();
  try {
    for await (const line of rl) {
      const trimmed = line.trim();
      if (trimmed) saveHistory(trimmed);
      const words = trimmed.split(/\s+/);
      try {
        if (words[0]?.toLowerCase() === "help") {
          await help(session, words.slice(1));
        } else if (words[0]?.toLowerCase() === "clear") {
          await writeStdout("\x1b[H\x1b[2J");
        } else if ((await runLine(session, utf8(line))) === "quit") {
          break;
        }
      } catch (err) {
        // A lost connection is reported and the prompt stays: the client reconnects.
        await writeStdout(`Error: ${(err as Error).message}\n`);
      }
      rl.setPrompt(prompt(session));
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
