/**
 * One client connection: bytes in → parser → dispatcher → reply buffer → one socket write.
 *
 * Back-pressure: `socket.write` takes what the kernel accepts; the rest is queued (copied out of
 * the reusable reply buffer) and written on `drain`, in order, never dropped. While a client
 * has a lot of unsent output we stop reading from it, so a client that pipelines without
 * reading cannot make the server buffer without bound.
 */
import type { Socket } from "bun";
import { dispatch, lastDispatched } from "../commands/dispatch.ts";
import type { MultiState } from "../commands/transactions/multi.ts";
import type { ClientState, CommandStat, Context, ReplyMode } from "../commands/types.ts";
import { Args } from "../protocol/args.ts";
import { ReplyWriter } from "../protocol/reply-writer.ts";
import { ProtocolError, QueryBufferLimitError, RequestParser } from "../protocol/request-parser.ts";
import { isSubscribed } from "../pubsub/hub.ts";
import type { TrackingState } from "../pubsub/tracking.ts";
import type { Server } from "./server.ts";

/** After a pipelined read reached the slow log threshold, this many reads are timed per command. */
const TIMED_READS = 16;

/** Stop reading from a client while this much of its output is still unsent. */
const PAUSE_READING_AT = 16 * 1024 * 1024;

export class Connection implements ClientState {
  readonly out = new ReplyWriter();
  readonly parser: RequestParser;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  name = "";
  libName = "";
  libVer = "";
  db = 0;
  authenticated: boolean;
  user = "default";
  replyMode: ReplyMode = "on";
  skipNext = false;
  noEvict = false;
  noTouch = false;
  lastCommand = "NULL";
  lastInteraction: number;
  readonly createdAt: number;
  closeAfterReply = false;
  /** Waiting in BLPOP & co. (set by the server's Blocking): input is buffered, not run. */
  blocked = false;
  /** Between MULTI and EXEC/DISCARD: the queued commands (src/commands/transactions). */
  multi: MultiState | null = null;
  /** CLIENT TRACKING mode (src/pubsub/tracking.ts); null while off. */
  tracking: TrackingState | null = null;
  /** The context this client's commands run with; allocated once, refreshed per command. */
  readonly ctx: Context;

  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private paused = false;
  private closed = false;
  /** When the output went over the pub/sub soft limit (0: it is under). */
  private softLimitSince = 0;

  constructor(
    readonly server: Server,
    readonly socket: Socket<Connection>,
    readonly id: number,
    readonly addr: string,
    readonly laddr: string,
  ) {
    this.parser = new RequestParser(server.requestLimits);
    this.authenticated = server.config.get("requirepass") === "";
    this.parser.authenticated = this.authenticated;
    this.createdAt = this.lastInteraction = server.dbs.clock.now();
    this.ctx = { client: this, server, out: this.out, db: server.dbs.db(0), now: 0, denyBlocking: false };
  }

  get resp(): 2 | 3 {
    return this.out.resp;
  }
  set resp(v: 2 | 3) {
    this.out.resp = v;
  }

  queryBufferBytes(): number {
    return this.parser.pending;
  }

  outputBufferBytes(): number {
    return this.pendingBytes + this.out.len;
  }

  /** Bytes arrived: run every complete command in them, then write all replies at once. */
  onData(chunk: Uint8Array): void {
    if (this.closed || this.closeAfterReply) return;
    this.server.stats.netInputBytes += chunk.length;
    this.parser.feed(chunk);
    // A blocked client's input waits in the parser until it is released (as in Redis).
    if (!this.blocked) this.run();
  }

  /** Run the complete commands the parser holds (until one blocks), then write the replies. */
  private run(): void {
    const server = this.server;
    server.current = this;
    const ctx = this.ctx;
    // One clock read per read, like Redis's cached command time: every command of a pipeline
    // sees the same "now", and the batch's elapsed time is shared out among its commands.
    const now = server.dbs.clock.now();
    ctx.now = now;
    this.lastInteraction = now;
    const ran = this.ran;
    const started = performance.now();
    // The slow log (see src/commands/server/slowlog.ts): per-command timing only when the
    // threshold is 0 or an earlier pipelined read of this client was slow; else per read.
    const slowlog = server.slowlog;
    const timeEach = slowlog.threshold === 0 || (this.timedReads > 0 && slowlog.threshold > 0);
    if (this.timedReads > 0) this.timedReads--;
    let mark = started;
    let count = 0;
    const args = this.args;
    let stop = false;
    try {
      if (this.heldArgv !== null) {
        // CLIENT PAUSE released this client: its held command goes first.
        args.setArray(this.heldArgv);
        this.heldArgv = null;
        this.runOne(args);
        stop = this.blocked || this.closeAfterReply || this.closed || server.stopping;
      }
      while (!stop && this.parser.nextInto(args)) {
        count++;
        if (this.runOne(args) && timeEach) {
          const t = performance.now();
          slowlog.consider(ctx, lastDispatched!, args, (t - mark) * 1000);
          mark = t;
        }
        if (this.blocked || this.closeAfterReply || this.closed || server.stopping) break;
      }
    } catch (e) {
      if (e instanceof ProtocolError) {
        this.out.error(e.message);
        this.closeAfterReply = true;
      } else if (e instanceof QueryBufferLimitError) {
        server.log.warning(
          `Closing client that reached max query buffer length: id=${this.id} addr=${this.addr}`,
        );
        this.out.len = 0;
        this.closeAfterReply = true;
      } else {
        throw e;
      }
    } finally {
      server.current = null;
      if (ran.length > 0) {
        const micros = (performance.now() - started) * 1000;
        const share = micros / ran.length;
        for (const st of ran) st.usec += share;
        if (!timeEach && micros >= slowlog.threshold && slowlog.threshold >= 0) {
          // One command: `args` still holds it and the read's time is its own. Several: which
          // one was slow is unknown; time this client's next reads command by command.
          if (count === 1 && ran.length === 1) slowlog.consider(ctx, lastDispatched!, args, micros);
          else this.timedReads = TIMED_READS;
        }
        ran.length = 0;
      }
    }
    this.flush();
  }

  /** Reads to time command by command after a slow pipelined one (see `run`). */
  private timedReads = 0;
  /** A command CLIENT PAUSE held, to run first when this client is resumed. */
  private heldArgv: Uint8Array[] | null = null;

  /**
   * Fault injection's "drip": the reply written from `mark` on goes out one byte per turn of
   * the event loop, after the replies before it; this client's next commands wait meanwhile.
   */
  drip(mark: number): void {
    const out = this.out;
    const bytes = out.buf.slice(mark, out.len);
    out.len = mark;
    this.blocked = true;
    let i = 0;
    const next = (): void => {
      if (this.closed) return;
      if (i === bytes.length) {
        this.blocked = false;
        this.resume();
        return;
      }
      out.raw(bytes.subarray(i, ++i));
      this.flush();
      setImmediate(next);
    };
    // After this read's earlier replies have been written.
    setImmediate(next);
  }

  /** CLIENT PAUSE ended: run the held command, then the rest of the input (soon, in order). */
  rerunHeld(argv: Uint8Array[]): void {
    this.heldArgv = argv;
    this.resume();
  }

  /** Run one command (from the parser, or a held one); true when it ran (not rejected or queued). */
  private runOne(args: Args): boolean {
    const server = this.server;
    let ran = false;
    try {
      const st = dispatch(this.ctx, args);
      if (st !== null) {
        this.ran.push(st);
        ran = true;
      }
      // Clients blocked on keys this command filled are served before the next command.
      if (server.blocking.hasReady) server.blocking.serveReady();
    } catch (e) {
      // A bug in a command must cost one error reply, never the server.
      server.log.warning(`internal error running ${this.lastCommand}: ${(e as Error)?.stack ?? e}`);
      this.out.error(`ERR internal error: ${(e as Error)?.message ?? e}`);
    }
    this.parser.authenticated = this.authenticated;
    return ran;
  }

  /** The current command's arguments (one object reused for every command of this client). */
  private readonly args = new Args();
  /** Statistics rows of the commands run in the current read (reused array). */
  private readonly ran: CommandStat[] = [];

  /**
   * Blocking released this client (its reply is in `out`): like Redis's unblocked-clients queue,
   * its held commands run soon after, not inside the command or timer that released it.
   */
  resume(): void {
    if (this.resumeScheduled) return;
    this.resumeScheduled = true;
    queueMicrotask(this.resumeHeld);
  }

  private resumeScheduled = false;
  private readonly resumeHeld = (): void => {
    this.resumeScheduled = false;
    if (this.closed || this.blocked) return;
    if (this.closeAfterReply) this.flush();
    else this.run();
  };

  /** Something was written into `out` outside this client's own commands (a published message). */
  wake(): void {
    if (this.flushScheduled || this.server.current === this) return;
    this.flushScheduled = true;
    queueMicrotask(this.scheduledFlush);
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Write out what the reply buffer holds (after whatever is still queued). */
  flush(): void {
    if (this.closed) return;
    const out = this.out;
    if (out.len > 0) {
      if (this.pending.length === 0) {
        const n = this.socket.write(out.buf, 0, out.len);
        if (n < 0) {
          out.reset();
          return;
        }
        this.server.stats.netOutputBytes += n;
        if (n < out.len) this.queue(out.buf.slice(n, out.len));
      } else {
        this.queue(out.buf.slice(0, out.len));
      }
      out.reset();
    }
    if (this.pendingBytes === 0) {
      if (this.closeAfterReply) this.close();
    } else {
      this.checkOutputLimits();
    }
  }

  private queue(bytes: Uint8Array): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (!this.paused && this.pendingBytes > PAUSE_READING_AT) {
      this.paused = true;
      this.socket.pause();
    }
  }

  /** The kernel can take more: continue with the queue. */
  onDrain(): void {
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      const n = this.socket.write(head);
      if (n < 0) return;
      this.server.stats.netOutputBytes += n;
      this.pendingBytes -= Math.max(n, 0);
      if (n < head.length) {
        this.pending[0] = head.subarray(n);
        return;
      }
      this.pending.shift();
    }
    this.softLimitSince = 0;
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    if (this.closeAfterReply) this.close();
  }

  /** Redis's client-output-buffer-limit for pub/sub clients (normal clients are bounded by pausing). */
  private checkOutputLimits(): void {
    if (!isSubscribed(this)) return;
    const limit = this.server.pubsubOutputLimit;
    const used = this.pendingBytes;
    let over = limit.hard > 0 && used >= limit.hard;
    if (!over && limit.soft > 0 && used >= limit.soft) {
      const now = this.server.dbs.clock.now();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince >= limit.softSeconds * 1000) over = true;
    } else if (used < limit.soft) {
      this.softLimitSince = 0;
    }
    if (over) {
      this.server.log.warning(
        `Client id=${this.id} addr=${this.addr} closed for overcoming of output buffer limits.`,
      );
      this.kill();
    }
  }

  /** CLIENT KILL, limits, shutdown: close now; our own reply (CLIENT KILL of self) goes out first. */
  kill(): void {
    if (this.server.current === this) {
      this.closeAfterReply = true;
      return;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
    this.server.forget(this);
  }

  /** The socket is gone (closed by either side). */
  onClose(): void {
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.server.forget(this);
  }

  /** Queued output not yet accepted by the kernel, for graceful shutdown. */
  get hasPendingOutput(): boolean {
    return this.pendingBytes > 0 || this.out.len > 0;
  }
}
