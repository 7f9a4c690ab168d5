/**
 * An explicit batch: commands are collected, then `exec()` issues them all in one tick (so
 * one socket write) and returns one `[error, value]` pair per command, in order. A failing
 * command does not stop the others; this is not a transaction (no MULTI).
 *
 * Result types follow the commands: `pipeline().set("a", "1").get("a").exec()` is a
 * `Promise<[PipelineResult<"OK" | string | null>, PipelineResult<string | null>]>`.
 *
 * @example
 * const [[setErr], [getErr, value]] = await client.pipeline().set("a", "1").get("a").exec();
 */
import type { CommandArg } from "../protocol/command-encoder.ts";
import { COMMANDS, type CommandTable, type Result } from "./commands.ts";
import type { Reply, ReplyKind } from "./decode.ts";

/**
 * Issues one command; `kind` null means generic decoding (sendCommand). `block`: how long a
 * blocking command may be held by the server (see `block` in commands.ts).
 */
export type RunCommand = (args: CommandArg[], kind: ReplyKind | null, block?: number) => Promise<unknown>;

export type PipelineResult<T> = [error: null, value: T] | [error: Error, value: undefined];
export type PipelineResults<R extends unknown[]> = { [I in keyof R]: PipelineResult<R[I]> };

export type PipelineCommands<S, R extends unknown[]> = {
  [N in keyof CommandTable]: (
    ...args: Parameters<CommandTable[N]["build"]>
  ) => Pipeline<S, [...R, Result<S, N>]>;
};

// The table's methods are installed on the prototype by the static block at the end.
export interface Pipeline<S, R extends unknown[] = []> extends PipelineCommands<S, R> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the methods the static block installs
export class Pipeline<S, R extends unknown[] = []> {
  private queued: [CommandArg[], ReplyKind | null, number | undefined][] = [];

  constructor(private readonly run: RunCommand) {}

  /** Commands collected so far. */
  get length(): number {
    return this.queued.length;
  }

  /** Any command, decoded like `client.sendCommand`. */
  sendCommand(args: CommandArg[]): Pipeline<S, [...R, Reply]> {
    this.queued.push([args, null, undefined]);
    return this as unknown as Pipeline<S, [...R, Reply]>;
  }

  /** Send everything collected; the pipeline is empty (and reusable) afterwards. */
  exec(): Promise<PipelineResults<R>> {
    const batch = this.queued;
    this.queued = [];
    return Promise.all(
      batch.map(([args, kind, block]) =>
        this.run(args, kind, block).then(
          (v) => [null, v],
          (e: Error) => [e, undefined],
        ),
      ),
    ) as Promise<PipelineResults<R>>;
  }

  static {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const build = spec.build as (...a: unknown[]) => CommandArg[];
      const block = spec.block as ((...a: unknown[]) => number | undefined) | undefined;
      Object.defineProperty(Pipeline.prototype, name, {
        value(this: Pipeline<unknown, unknown[]>, ...a: unknown[]) {
          this.queued.push([build(...a), spec.reply, block?.(...a)]);
          return this;
        },
        writable: true,
        configurable: true,
      });
    }
  }
}
