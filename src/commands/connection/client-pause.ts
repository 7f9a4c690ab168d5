/**
 * CLIENT PAUSE timeout [WRITE | ALL] and CLIENT UNPAUSE (Redis's pauseClients / BLOCKED_POSTPONE).
 *
 * While a pause is in force, a command that it covers is held: the dispatcher, after its usual
 * checks and before MULTI queuing (Redis's order), hands it to `hold`, which keeps a copy of its
 * arguments and marks the client blocked, so that its later pipelined commands wait in its
 * parser like a BLPOP client's. ALL covers every command, CLIENT UNPAUSE included (only the
 * timeout ends such a pause, as in Redis); WRITE covers writes and commands that may replicate
 * (PUBLISH, EVAL, ...; and EXEC of a transaction with such a command). When the pause ends
 * (timeout on the server clock, or UNPAUSE) the held clients run their command again, in the
 * order they were held, then the rest of their input: replies keep their order per connection.
 *
 * A new pause never shortens an older one or weakens its mode (Redis keeps the larger of both).
 */
import type { TimerHandle } from "../../db/clock.ts";
import { ERR, ReplyError } from "../../errors.ts";
import type { Args } from "../../protocol/args.ts";
import { scriptCallWrites } from "../../scripting/command-flags.ts";
import type { ClientState, CommandSpec, Context, Handler, ServerState } from "../types.ts";

/**
 * Commands Redis 7.0 flags MAY_REPLICATE without showing it in COMMAND INFO: WRITE pauses hold
 * them like writes.
 */
const MAY_REPLICATE = new Set(["publish", "spublish", "eval", "evalsha", "fcall", "pfcount", "script|load"]);

type Mode = "none" | "write" | "all";

/** How many servers in this process have a pause in force: the dispatcher's one cheap check. */
export const PAUSED = { servers: 0 };

interface Held {
  readonly client: ClientState;
  readonly argv: Uint8Array[];
}

/** Re-runs a released client's held command, then the rest of its input (the server provides it). */
export type Rerun = (client: ClientState, argv: Uint8Array[]) => void;

export class ClientPause {
  mode: Mode = "none";
  /** When the pause ends, in ms on the server clock. */
  end = 0;
  private timer: TimerHandle | null = null;
  private held: Held[] = [];

  constructor(
    private readonly server: ServerState,
    private readonly rerun: Rerun,
  ) {}

  /** Whether the pause in force covers this command of this client (`arg1`: its first argument). */
  covers(client: ClientState, spec: CommandSpec, arg1: Uint8Array | undefined): boolean {
    if (this.mode === "all") return true;
    if (this.mode !== "write") return false;
    if (this.writes(spec, arg1)) return true;
    if (spec.name !== "exec" || client.multi === null) return false;
    return client.multi.queue.some((q) => this.writes(q.spec, q.argv[1]));
  }

  /** Write or may-replicate, with a script's declared flags in place of EVAL's and FCALL's own. */
  private writes(spec: CommandSpec, arg1: Uint8Array | undefined): boolean {
    return scriptCallWrites(this.server, spec.name, arg1) ?? mayReplicate(spec);
  }

  /** Keep the command for later and hold the client (no reply now). */
  hold(ctx: Context, args: Args): void {
    const argv: Uint8Array[] = [];
    for (let i = 0; i < args.length; i++) argv.push(args.copy(i));
    this.held.push({ client: ctx.client, argv });
    ctx.client.blocked = true;
  }

  pause(now: number, until: number, mode: "write" | "all"): void {
    if (this.mode === "none") PAUSED.servers++;
    // Redis keeps the stronger mode and the later end of an overlapping pause.
    if (this.mode !== "all") this.mode = mode;
    if (until > this.end || this.timer === null) {
      this.end = Math.max(until, this.end);
      this.timer?.cancel();
      this.timer = this.server.dbs.clock.setTimer(Math.max(this.end, now), () => {
        this.timer = null;
        this.unpause();
      });
    }
  }

  /** End the pause: release the held clients in the order they were held. */
  unpause(): void {
    if (this.mode === "none") return;
    this.mode = "none";
    this.end = 0;
    PAUSED.servers--;
    this.timer?.cancel();
    this.timer = null;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      h.client.blocked = false;
      this.rerun(h.client, h.argv);
    }
  }

  /** A held client went away. */
  forget(client: ClientState): void {
    if (this.held.length) this.held = this.held.filter((h) => h.client !== client);
  }
}

/** Writes and the commands Redis flags MAY_REPLICATE. */
export function mayReplicate(spec: CommandSpec): boolean {
  return spec.flags.includes("write") || MAY_REPLICATE.has(spec.name);
}

const pauses = new WeakMap<ServerState, ClientPause>();

/** The pause state of a server; `rerun` is given once, by the server that creates it. */
export function pauseOf(server: ServerState, rerun?: Rerun): ClientPause {
  let p = pauses.get(server);
  if (p === undefined) {
    p = new ClientPause(server, rerun ?? ((client) => client.resume()));
    pauses.set(server, p);
  }
  return p;
}

export const clientPause: Handler = (ctx, args) => {
  if (args.length > 4) throw new ReplyError(ERR.subcommandSyntax(args.key(1), "CLIENT"));
  let mode: "write" | "all" = "all";
  if (args.length === 4) {
    if (args.is(3, "write")) mode = "write";
    else if (!args.is(3, "all")) throw new ReplyError(ERR.pauseMode);
  }
  const ms = args.int64(2);
  if (ms === null) throw new ReplyError(ERR.timeoutNotInteger);
  if (ms < 0) throw new ReplyError(ERR.timeoutNegative);
  pauseOf(ctx.server).pause(ctx.now, ctx.now + Number(ms), mode);
  ctx.out.ok();
};

export const clientUnpause: Handler = (ctx) => {
  pauseOf(ctx.server).unpause();
  ctx.out.ok();
};
