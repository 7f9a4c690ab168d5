/**
 * One client socket: commands out, replies back in the order they were sent.
 *
 * Commands are encoded into one buffer as they are issued and written once per microtask
 * checkpoint, so everything started in the same tick (a `Promise.all` of a thousand GETs)
 * costs one `socket.write`. Replies are matched to commands FIFO. Pushes (RESP3 `>`, or
 * arrays on a RESP2 connection in subscribe mode) go to `onPush`, except (un)subscribe
 * confirmations, which answer the (UN)SUBSCRIBE command waiting at the head of the queue.
 *
 * Whatever the kernel does not take is kept and written on `drain`, in order.
 */
import type { Socket } from "bun";
import { type CommandArg, CommandEncoder } from "../protocol/command-encoder.ts";
import { INCOMPLETE, ReplyParser, RespPush, type RespValue } from "../protocol/reply-parser.ts";
import { asText } from "./decode.ts";
import { ConnectionClosedError, ReplyError } from "./errors.ts";
import { describeTarget, type ResolvedOptions } from "./options.ts";

/** A command from the moment it is issued until it is settled. */
export interface Pending {
  args: readonly CommandArg[];
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
  /** Settled already (timed out): its reply, when it comes, is read and dropped. */
  done: boolean;
  timer?: ReturnType<typeof setTimeout> | undefined;
  /** (P)(UN)SUBSCRIBE: the push kind that confirms it and how many confirmations are left. */
  pushKind?: string | undefined;
  pushLeft?: number | undefined;
  /** QUIT, SHUTDOWN: the connection closing is the expected answer. */
  closeOk?: boolean | undefined;
}

export interface ConnectionHandlers {
  onPush(items: RespValue[]): void;
  /** Called once, after every in-flight command has been failed. */
  onClose(conn: RespConnection, cause: Error | undefined): void;
}

const PUBSUB_KINDS = new Set([
  "message",
  "pmessage",
  "smessage",
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
]);

export function settle(p: Pending, v: RespValue): void {
  if (p.done) return;
  p.done = true;
  if (p.timer !== undefined) clearTimeout(p.timer);
  if (v instanceof ReplyError) p.reject(v);
  else p.resolve(v);
}

export function fail(p: Pending, e: Error): void {
  if (p.done) return;
  p.done = true;
  if (p.timer !== undefined) clearTimeout(p.timer);
  p.reject(e);
}

/** What the connection uses of a socket (a Bun TCP/unix socket, or an in-process pipe). */
interface ClientSocket {
  write(bytes: Uint8Array): number;
  end(): void;
  terminate(): void;
}

export class RespConnection {
  private socket: ClientSocket | null = null;
  private readonly encoder = new CommandEncoder();
  private readonly parser = new ReplyParser();
  /** In-flight commands; `head` is the next to be answered (no `shift()`, which is O(n)). */
  private queue: (Pending | undefined)[] = [];
  private head = 0;
  private flushScheduled = false;
  /** Bytes the kernel did not take yet; new commands queue behind them until `drain`. */
  private backlog: Uint8Array | null = null;
  private error: Error | undefined;
  private closedResolve!: () => void;
  /** Settles when the socket is gone. */
  readonly closedPromise = new Promise<void>((r) => {
    this.closedResolve = r;
  });
  closed = false;
  /** Set on a RESP2 connection that only does pub/sub: its arrays may be messages. */
  subscriberMode = false;

  private constructor(
    private readonly target: string,
    private readonly handlers: ConnectionHandlers,
  ) {}

  /** Open the TCP (or unix) socket; rejects with ConnectionClosedError if it cannot. */
  static async open(o: ResolvedOptions, handlers: ConnectionHandlers): Promise<RespConnection> {
    const conn = new RespConnection(describeTarget(o), handlers);
    const socket = {
      data: (_s: Socket<undefined>, chunk: Uint8Array) => conn.onData(chunk),
      drain: () => conn.onDrain(),
      error: (_s: Socket<undefined>, err: Error) => {
        conn.error = err;
      },
      end: (s: Socket<undefined>) => {
        s.end();
      },
      close: (_s: Socket<undefined>, err?: Error) => {
        conn.closedResolve();
        conn.onSocketClose(err);
      },
    };
    if (o.server !== undefined) {
      conn.socket = o.server.connectInProcess({
        data: (chunk) => conn.onData(chunk),
        close: () => {
          conn.closedResolve();
          conn.onSocketClose(undefined);
        },
      });
      return conn;
    }
    try {
      conn.socket =
        o.path !== undefined
          ? await Bun.connect({ unix: o.path, socket })
          : await Bun.connect({ hostname: o.host, port: o.port, socket });
    } catch (cause) {
      throw new ConnectionClosedError(`could not connect to ${conn.target}`, { cause });
    }
    (conn.socket as Socket<undefined>).setNoDelay(true);
    return conn;
  }

  /** Queue a command to be written with everything else issued this tick. */
  send(p: Pending): void {
    if (this.closed) {
      fail(p, new ConnectionClosedError(`connection to ${this.target} is closed`));
      return;
    }
    this.encoder.write(p.args);
    this.queue.push(p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
  }

  /** `send` for internal commands (handshake, resubscribe): the raw reply, errors rejected. */
  call(args: readonly CommandArg[], pushKind?: string, pushLeft?: number): Promise<RespValue> {
    return new Promise((resolve, reject) => {
      this.send({ args, resolve, reject, done: false, pushKind, pushLeft });
    });
  }

  /** Commands written and not answered yet. */
  get inflight(): number {
    return this.queue.length - this.head;
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const socket = this.socket;
    if (this.closed || socket === null || this.encoder.len === 0) return;
    const bytes = this.encoder.view();
    if (this.backlog !== null) {
      const joined = new Uint8Array(this.backlog.length + bytes.length);
      joined.set(this.backlog);
      joined.set(bytes, this.backlog.length);
      this.backlog = joined;
    } else {
      const n = socket.write(bytes);
      if (n < bytes.length) this.backlog = bytes.slice(Math.max(n, 0));
    }
    this.encoder.reset();
  };

  private onDrain(): void {
    const socket = this.socket;
    if (this.backlog === null || socket === null) return;
    const n = socket.write(this.backlog);
    this.backlog = n < this.backlog.length ? this.backlog.subarray(Math.max(n, 0)) : null;
  }

  private onData(chunk: Uint8Array): void {
    this.parser.feed(chunk);
    try {
      for (let v = this.parser.next(); v !== INCOMPLETE; v = this.parser.next()) this.dispatch(v);
    } catch (cause) {
      this.destroy(new ConnectionClosedError(`protocol error from ${this.target}`, { cause }));
    }
  }

  private dispatch(v: RespValue): void {
    if (v instanceof RespPush) {
      this.push(v.items);
      return;
    }
    if (this.subscriberMode && Array.isArray(v) && v.length > 0 && PUBSUB_KINDS.has(asText(v[0]!))) {
      this.push(v);
      return;
    }
    const p = this.queue[this.head];
    if (p === undefined) {
      this.destroy(new ConnectionClosedError(`unexpected reply from ${this.target} with no command waiting`));
      return;
    }
    this.advance();
    settle(p, v);
  }

  private push(items: RespValue[]): void {
    const head = this.queue[this.head];
    if (head?.pushKind !== undefined && items.length > 0 && asText(items[0]!) === head.pushKind) {
      head.pushLeft = (head.pushLeft ?? 1) - 1;
      if (head.pushLeft <= 0) {
        this.advance();
        settle(head, null);
      }
      return;
    }
    this.handlers.onPush(items);
  }

  private advance(): void {
    this.queue[this.head++] = undefined;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Close gracefully (FIN after pending writes); in-flight commands fail now. */
  close(): Promise<void> {
    if (!this.closed) {
      this.socket?.end();
      this.onSocketClose(undefined);
    }
    return this.closedPromise;
  }

  /** Drop the connection at once (protocol error, timeout of the handshake). */
  destroy(cause?: Error): void {
    if (this.closed) return;
    this.error ??= cause;
    this.socket?.terminate();
    this.onSocketClose(undefined);
  }

  private onSocketClose(err: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (this.socket === null) this.closedResolve();
    const cause = err ?? this.error;
    const e = new ConnectionClosedError(`connection to ${this.target} closed`, cause ? { cause } : undefined);
    const pending = this.queue;
    const from = this.head;
    this.queue = [];
    this.head = 0;
    this.backlog = null;
    for (let i = from; i < pending.length; i++) {
      const p = pending[i]!;
      if (p.closeOk) settle(p, null);
      else fail(p, e);
    }
    this.handlers.onClose(this, cause);
  }
}
