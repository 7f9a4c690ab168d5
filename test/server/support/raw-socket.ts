/**
 * A bare socket (TCP or unix) for server robustness tests: exact bytes in and out, the moment
 * the server hangs up, and reading that can really stop (`pause()` leaves bytes in the kernel,
 * so the server sees a client that does not read). Client libraries hide all three.
 *
 * @example
 * await using s = await RawSocket.open({ port: server.port });
 * s.send(command("PING"));
 * expect(await s.read(7)).toBe("+PONG\r\n");
 */
import type { Socket } from "bun";

const HOST = "127.0.0.1";

/** One command as a RESP array of bulk strings, the way every client sends it. */
export function command(...args: string[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

export type Address = { port: number; host?: string } | { unix: string };

export interface RawSocketOptions {
  /** Start with reading paused (nothing is read until `resume()`). */
  paused?: boolean;
  /** Take every chunk here instead of buffering it (for streams too large to keep). */
  onChunk?: (chunk: Uint8Array) => void;
}

export class RawSocket implements AsyncDisposable {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private isClosed = false;
  /** Bytes the kernel has not taken yet: Bun's socket.write does not queue them for us. */
  private unsent: Uint8Array[] = [];
  private wake: (() => void) | undefined;
  /** Every byte received so far, including those given to `onChunk`. */
  received = 0;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket<undefined>,
    closed: Promise<void>,
  ) {
    this.closed = closed;
  }

  static async open(address: Address, options: RawSocketOptions = {}): Promise<RawSocket> {
    let self: RawSocket | undefined;
    let onClose!: () => void;
    const closed = new Promise<void>((resolve) => {
      onClose = resolve;
    });
    const handler = {
      data(_s: Socket<undefined>, chunk: Buffer) {
        self!.received += chunk.length;
        if (options.onChunk) options.onChunk(chunk);
        else {
          self!.chunks.push(chunk);
          self!.buffered += chunk.length;
        }
        self!.wake?.();
      },
      drain() {
        self!.flushUnsent();
      },
      close() {
        self!.isClosed = true;
        self!.wake?.();
        onClose();
      },
      error() {},
    };
    const socket =
      "unix" in address
        ? await Bun.connect({ unix: address.unix, socket: handler })
        : await Bun.connect({ hostname: address.host ?? HOST, port: address.port, socket: handler });
    if (options.paused) socket.pause();
    self = new RawSocket(socket, closed);
    return self;
  }

  /** Write all of `data`, in order after earlier sends; what the kernel refuses waits for drain. */
  send(data: string | Uint8Array): void {
    this.unsent.push(typeof data === "string" ? Buffer.from(data) : data);
    if (this.unsent.length === 1) this.flushUnsent();
  }

  /** Bytes passed to send() that the kernel has not accepted yet. */
  get unsentBytes(): number {
    return this.unsent.reduce((n, b) => n + b.length, 0);
  }

  private flushUnsent(): void {
    while (this.unsent.length > 0 && !this.isClosed) {
      const head = this.unsent[0]!;
      const n = this.socket.write(head);
      if (n < 0) return;
      if (n < head.length) {
        this.unsent[0] = head.subarray(n);
        return;
      }
      this.unsent.shift();
    }
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Bytes received and not yet read. */
  get available(): number {
    return this.buffered;
  }

  /** Exactly `length` bytes (latin1 text); rejects if the server closes first. */
  async read(length: number, timeoutMs = 20_000): Promise<string> {
    await this.waitFor(() => this.buffered >= length, timeoutMs, `${length} bytes`);
    return this.take(length);
  }

  /** Everything up to and including the first `needle`. */
  async readUntil(needle: string, timeoutMs = 20_000): Promise<string> {
    let at = -1;
    await this.waitFor(
      () => {
        at = this.peek().indexOf(needle);
        return at >= 0;
      },
      timeoutMs,
      JSON.stringify(needle),
    );
    return this.take(at + needle.length);
  }

  /** One reply whose text ends with the first CRLF (simple string, error, integer). */
  readLine(timeoutMs = 20_000): Promise<string> {
    return this.readUntil("\r\n", timeoutMs);
  }

  /** Every byte received until the server closes the connection. */
  async readUntilClosed(timeoutMs = 20_000): Promise<string> {
    await this.waitFor(() => this.isClosed, timeoutMs, "the server to close the connection", true);
    return this.take(this.buffered);
  }

  close(): void {
    if (!this.isClosed) this.socket.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.isClosed) return;
    // terminate, not end: a paused socket with unread bytes would otherwise never finish closing.
    this.socket.terminate();
    await this.closed;
  }

  private peek(): string {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]?.toString("latin1") ?? "";
  }

  private take(length: number): string {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const out = all.subarray(0, length).toString("latin1");
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string, closeIsDone = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.wake = undefined;
        if (error) reject(error);
        else resolve();
      };
      const had = () => JSON.stringify(this.peek().slice(0, 200));
      const check = () => {
        if (done()) finish();
        else if (this.isClosed && !closeIsDone) {
          finish(new Error(`connection closed while waiting for ${what}; had ${had()}`));
        }
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; had ${had()}`)),
        timeoutMs,
      );
      this.wake = check;
      check();
    });
  }
}

/** Reads `field:value` lines out of an INFO reply or a CLIENT LIST line's `k=v` pairs. */
export function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, "m").exec(info)?.[1]?.trim();
}

/** Sends one command and reads one bulk-string reply (INFO, CLIENT LIST, GET). */
export async function bulk(s: RawSocket, ...args: string[]): Promise<string | null> {
  s.send(command(...args));
  const header = await s.readLine();
  if (header === "$-1\r\n") return null;
  if (header[0] !== "$") throw new Error(`expected a bulk string, got ${JSON.stringify(header)}`);
  const body = await s.read(Number(header.slice(1, -2)) + 2);
  return body.slice(0, -2);
}
