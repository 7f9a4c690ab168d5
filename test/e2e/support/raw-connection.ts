/**
 * A bare TCP connection for tests that must see exact bytes and exactly when the server hangs
 * up (max clients, SHUTDOWN): client libraries hide both behind reconnects and queues.
 *
 * @example
 * await using conn = await RawConnection.open(port);
 * conn.send(command("PING"));
 * expect(await conn.read(7)).toBe("+PONG\r\n");
 */
import type { Socket } from "bun";
import { HOST } from "./servers.ts";

/** Encodes one command as a RESP array of bulk strings, the way every client sends it. */
export function command(...args: string[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

export class RawConnection implements AsyncDisposable {
  private buffer = Buffer.alloc(0);
  private isClosed = false;
  /** Called on every data or close event; a pending read checks whether it can finish. */
  private wake: (() => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket<undefined>,
    closed: Promise<void>,
  ) {
    this.closed = closed;
  }

  static async open(port: number, host = HOST): Promise<RawConnection> {
    let self: RawConnection | undefined;
    let onClose!: () => void;
    const closed = new Promise<void>((resolve) => {
      onClose = resolve;
    });
    const socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data(_socket, chunk) {
          self!.buffer = Buffer.concat([self!.buffer, chunk]);
          self!.wake?.();
        },
        close() {
          self!.isClosed = true;
          self!.wake?.();
          onClose();
        },
        error() {},
      },
    });
    self = new RawConnection(socket, closed);
    return self;
  }

  send(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Resolves with exactly `length` bytes (as latin1 text), or rejects if the server closes first. */
  async read(length: number, timeoutMs = 5_000): Promise<string> {
    await this.waitFor(() => this.buffer.length >= length, timeoutMs, `${length} bytes`);
    const out = this.buffer.subarray(0, length).toString("latin1");
    this.buffer = this.buffer.subarray(length);
    return out;
  }

  /** Resolves with every byte received until the server closes the connection. */
  async readUntilClosed(timeoutMs = 5_000): Promise<string> {
    await this.waitFor(() => this.isClosed, timeoutMs, "the server to close the connection", true);
    const out = this.buffer.toString("latin1");
    this.buffer = Buffer.alloc(0);
    return out;
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  close(): void {
    if (!this.isClosed) this.socket.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.closed;
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string, closeIsDone = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.wake = undefined;
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (done()) finish();
        else if (this.isClosed && !closeIsDone) {
          const got = JSON.stringify(this.buffer.toString("latin1"));
          finish(new Error(`connection closed while waiting for ${what}; had ${got}`));
        }
      };
      const timer = setTimeout(() => {
        const got = JSON.stringify(this.buffer.toString("latin1"));
        finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; had ${got}`));
      }, timeoutMs);
      this.wake = check;
      check();
    });
  }
}
