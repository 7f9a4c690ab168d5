/**
 * One redbun-cli connection and how its replies reach stdout: shared by one-shot mode, the
 * prompt, piped stdin and subscribe mode, so all four print exactly alike.
 */
import { createClient, type RedbunClient, ReplyError } from "../src/client/index.ts";
import type { RespValue } from "../src/protocol/reply-parser.ts";
import { formatReply, type OutputMode } from "./format.ts";

export interface SessionOptions {
  /** Unset fields come from `url`, then from the defaults (127.0.0.1:6379, db 0). */
  host?: string;
  port?: number;
  url?: string;
  username?: string;
  password?: string;
  db?: number;
  resp: 2 | 3;
  mode: OutputMode;
  /** Reconnect after a lost connection (the prompt does; one-shot and piped runs do not). */
  reconnect: boolean;
}

/** Bulk replies and messages as bytes: the CLI prints bytes, not decoded text. */
export type Client = RedbunClient<Uint8Array>;

/** Writes bytes to stdout and resolves once they are handed to the OS (so exit loses nothing). */
export function writeStdout(bytes: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}

/** Only the fields that are set, so that the client falls back to the URL for the others. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export class Session {
  readonly client: Client;
  readonly host: string;
  readonly port: number;
  /** The SELECTed database, for the prompt. */
  db: number;

  constructor(readonly opts: SessionOptions) {
    this.client = createClient({
      ...defined({
        url: opts.url,
        host: opts.host,
        port: opts.port,
        username: opts.username,
        password: opts.password,
        db: opts.db,
      }),
      resp: opts.resp,
      reconnect: opts.reconnect,
      returnBuffers: true,
    });
    ({ host: this.host, port: this.port, db: this.db } = this.client.options);
  }

  get mode(): OutputMode {
    return this.opts.mode;
  }

  connect(): Promise<unknown> {
    return this.client.connect();
  }

  /** Sends one command and returns its undecoded reply (errors come back as values). */
  async send(args: readonly (string | Uint8Array)[]): Promise<RespValue> {
    let reply: RespValue;
    try {
      reply = await this.client.sendRaw(args as (string | Uint8Array)[]);
    } catch (err) {
      // redis-cli prints an error reply like any other reply; only a lost connection is fatal.
      if (!(err instanceof ReplyError)) throw err;
      reply = err;
    }
    if (args.length === 2 && isWord(args[0]!, "select") && !(reply instanceof ReplyError)) {
      this.db = Number(typeof args[1] === "string" ? args[1] : new TextDecoder().decode(args[1]!));
    }
    return reply;
  }

  /** Prints one reply in the session's output mode. */
  print(reply: RespValue): Promise<void> {
    return writeStdout(formatReply(reply, this.opts.mode));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Case-insensitive comparison of an argument with a lower-case command name. */
export function isWord(arg: string | Uint8Array, lower: string): boolean {
  const s = typeof arg === "string" ? arg : new TextDecoder().decode(arg);
  return s.toLowerCase() === lower;
}
