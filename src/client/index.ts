/**
 * The redbun client: `createClient` and everything it returns or throws.
 *
 * @example
 * const client = createClient({ url: "redis://localhost:6379", commandTimeout: 1000 });
 * await client.connect(); // optional: the first command connects too
 * const [a, b] = await Promise.all([client.incr("hits"), client.get("greeting")]); // one write
 * await client.close();
 */
import { RedbunClient } from "./client.ts";
import { type ClientOptions, resolveOptions } from "./options.ts";

export type { ClientStatus, CommandOptions, ShutdownOptions } from "./client.ts";
export { RedbunClient } from "./client.ts";
export type {
  ClientKillFilter,
  ClientListFilter,
  ExpireMode,
  FlushMode,
  FunctionListOptions,
  GetExOptions,
  RedisKey,
  RedisValue,
  SetOptions,
  StreamId,
  StreamTrim,
  XAddOptions,
  XGroupCreateOptions,
  XReadGroupOptions,
  XReadOptions,
} from "./commands.ts";
export type {
  FunctionLibrary,
  GroupStreamEntry,
  PendingSummary,
  Reply,
  ReplyTypes,
  StreamEntry,
} from "./decode.ts";
export { ConnectionClosedError, ReplyError, TimeoutError } from "./errors.ts";
export type { ClientOptions, ReconnectOptions } from "./options.ts";
export type { Pipeline, PipelineResult, PipelineResults } from "./pipeline.ts";
export type { Script, ScriptOptions } from "./script.ts";
export type { PubSubMessage, Subscription } from "./subscriber.ts";

/**
 * A client for `opts` (a URL string, or options). It connects lazily: on `connect()` or the
 * first command, whichever comes first. Invalid options throw here, synchronously.
 */
export function createClient(opts: ClientOptions & { returnBuffers: true }): RedbunClient<Uint8Array>;
export function createClient(opts?: ClientOptions | string): RedbunClient<string>;
export function createClient(opts?: ClientOptions | string): RedbunClient<string> | RedbunClient<Uint8Array> {
  return new RedbunClient<string>(resolveOptions(opts));
}
