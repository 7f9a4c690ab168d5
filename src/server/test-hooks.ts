/**
 * The dispatcher's test hooks (TestHooks in src/commands/types.ts) for a real server: the
 * command journal and fault injection, created the first time a test asks for either.
 *
 * Fault actions that outlive the command use the same machinery as CLIENT PAUSE: the client is
 * marked blocked, so its later pipelined commands wait in its parser, and a `latency` fault
 * re-runs the held command (past the faults, once) when its delay has passed on the server clock.
 */
import { commandKeys } from "../commands/key-specs.ts";
import type { CommandSpec, Context, TestHooks } from "../commands/types.ts";
import { parseDuration } from "../db/clock.ts";
import { ReplyError } from "../errors.ts";
import type { Args } from "../protocol/args.ts";
import { bytesToKey } from "../protocol/bytes.ts";
import type { Connection } from "./connection.ts";
import { Faults } from "./faults.ts";
import { Journal, type ReplyType, replyTypeAt } from "./journal.ts";
import type { Server } from "./server.ts";

const utf8Text = new TextDecoder();

export class ServerTestHooks implements TestHooks {
  fault: TestHooks["fault"] = null;
  record: TestHooks["record"] = null;
  #journal: Journal | null = null;
  #faults: Faults | null = null;
  /** Clients whose next command is a held one re-running: it skips the faults once. */
  readonly #bypass = new WeakSet<object>();

  constructor(private readonly server: Server) {}

  get journal(): Journal {
    if (this.#journal === null) {
      const journal = new Journal();
      this.#journal = journal;
      this.record = (ctx, spec, args, mark) => {
        const out = ctx.out;
        const type = replyTypeAt(out.buf, mark, out.len);
        this.#note(
          ctx,
          spec,
          args.toArray(),
          type,
          type === "error" ? errorText(out.buf, mark, out.len) : undefined,
        );
      };
    }
    return this.#journal;
  }

  /** Add a journal entry (when the journal is on). */
  #note(ctx: Context, spec: CommandSpec, argv: Uint8Array[], reply: ReplyType, error?: string): void {
    const journal = this.#journal;
    if (journal === null) return;
    const c = ctx.client as Connection;
    journal.record({
      time: ctx.now,
      db: c.db,
      clientId: c.id,
      clientAddr: c.addr,
      clientName: c.name,
      libName: c.libName,
      libVer: c.libVer,
      command: spec.name,
      argv,
      reply,
      error,
    });
  }

  get faults(): Faults {
    if (this.#faults === null) {
      const faults = new Faults();
      this.#faults = faults;
      this.fault = (ctx, spec, args) => this.#applyFault(faults, ctx, spec, args);
    }
    return this.#faults;
  }

  #applyFault(faults: Faults, ctx: Context, spec: CommandSpec, args: Args): "run" | "held" | "drip" {
    const client = ctx.client as Connection;
    if (this.#bypass.has(client)) {
      this.#bypass.delete(client);
      return "run";
    }
    if (!faults.active) return "run";
    const argv = args.toArray();
    const action = faults.match({
      command: spec.name,
      // Binary strings, as the Db and KEYS patterns see keys (TextDecoder's "latin1" is windows-1252).
      keys: commandKeys(spec, argv).map((k) => bytesToKey(argv[k.pos]!)),
      clientName: client.name,
      db: client.db,
    });
    if (action === null) return "run";
    // Commands a fault answers for never reach the dispatcher's journal hook: note them here
    // (a delayed or dripped one is noted when it runs).
    if ("error" in action) {
      this.#note(ctx, spec, argv, "error", action.error);
      throw new ReplyError(action.error);
    }
    if ("close" in action) {
      this.#note(ctx, spec, argv, "none");
      client.kill();
      return "held";
    }
    if ("hang" in action) {
      this.#note(ctx, spec, argv, "none");
      client.blocked = true;
      return "held";
    }
    if ("latency" in action) {
      const held = argv.map((a) => a.slice());
      client.blocked = true;
      const clock = this.server.dbs.clock;
      clock.setTimer(clock.now() + parseDuration(action.latency), () => {
        if (!this.server.clients.has(client.id)) return;
        client.blocked = false;
        this.#bypass.add(client);
        client.rerunHeld(held);
      });
      return "held";
    }
    return "drip";
  }

  drip(ctx: Context, mark: number): void {
    (ctx.client as Connection).drip(mark);
  }
}

/** The text of an error reply written at buf[mark] ("-ERR ...\r\n"). */
function errorText(buf: Uint8Array, mark: number, end: number): string {
  let e = mark + 1;
  while (e < end && buf[e] !== 13) e++;
  return utf8Text.decode(buf.subarray(mark + 1, e));
}
