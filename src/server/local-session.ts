/**
 * A connection to a Server without a socket: commands go into a real `Connection` (so they run
 * exactly as a client's would: same parser, dispatch, errors) and the reply bytes come back
 * through RESP3 parsing. The test API (`server.db(n)`, snapshots, fixtures) runs on it.
 *
 * It is not in the server's client table, so CLIENT LIST, INFO clients and maxclients do not
 * see it, as Redis does not show its own internal clients.
 *
 * @example
 * const s = new LocalSession(server);
 * s.call(["SET", "k", "v"]); // "OK"
 * s.call(["GET", "k"]);      // Uint8Array [118]
 */
import type { Socket } from "bun";
import { ReplyError } from "../errors.ts";
import { type CommandArg, encodeCommand } from "../protocol/command-encoder.ts";
import { INCOMPLETE, ReplyParser, type RespValue } from "../protocol/reply-parser.ts";
import { Connection } from "./connection.ts";
import type { Server } from "./server.ts";

export class LocalSession {
  readonly #conn: Connection;
  readonly #parser = new ReplyParser();
  #closed = false;

  constructor(server: Server) {
    const socket = {
      write: (buf: Uint8Array, offset = 0, length = buf.length - offset): number => {
        // Copied: the connection reuses its reply buffer.
        this.#parser.feed(buf.slice(offset, offset + length));
        return length;
      },
      end: (): void => {
        this.#closed = true;
      },
      pause(): void {},
      resume(): void {},
    } as unknown as Socket<Connection>;
    this.#conn = new Connection(server, socket, server.nextClientId++, "local:0", "local:0");
    this.call(["HELLO", 3]);
  }

  /** Run one command; its reply, RESP3-decoded. An error reply throws a ReplyError. */
  call(args: readonly CommandArg[]): RespValue {
    if (this.#closed) throw new Error("local session closed");
    this.#conn.onData(encodeCommand(args));
    const reply = this.#parser.next();
    // Commands that would block (BLPOP...) or wait have no reply yet: not for this API.
    if (reply === INCOMPLETE) throw new Error(`'${String(args[0])}' did not reply at once`);
    if (reply instanceof ReplyError) throw reply;
    return reply;
  }
}
