/**
 * `client.script(body)`: a Lua script known by its SHA1, run with EVALSHA and sent in full
 * (EVAL, which also caches it on the server) only when the server answers NOSCRIPT — after a
 * restart, a SCRIPT FLUSH, or the first time. What ioredis' `defineCommand` does, as a value.
 *
 * The SHA1 is computed once, here, so the common case is one round trip of a few bytes. The
 * price of the fallback: the EVAL goes out after whatever was issued while the EVALSHA was on
 * its way, so a script that must run before the next command should be `load()`ed first.
 *
 * @example
 * const incrCapped = client.script("local n = redis.call('INCR', KEYS[1]) if n > tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end return n");
 * await incrCapped.run(["hits"], [100]); // EVALSHA; EVAL once if the server lacks it
 *
 * // In a pipeline, load it first (a NOSCRIPT there cannot be retried without reordering):
 * await incrCapped.load();
 * await client.pipeline().evalSha(incrCapped.sha, ["hits"], [100]).get("hits").exec();
 */
import type { ClientCommands, RedisKey, RedisValue } from "./commands.ts";
import type { Reply } from "./decode.ts";
import { ReplyError } from "./errors.ts";

export interface ScriptOptions {
  /** Run with EVALSHA_RO / EVAL_RO: the server refuses writes (and a replica accepts it). */
  readOnly?: boolean;
}

/** What a Script needs from the client (any RedbunClient, whatever its string type). */
export type ScriptRunner = Pick<
  ClientCommands<string | Uint8Array>,
  "eval" | "evalRo" | "evalSha" | "evalShaRo" | "scriptLoad"
>;

export class Script {
  /** SHA1 of the body (lowercase hex), as the server names it. */
  readonly sha: string;
  readonly body: string;
  readonly readOnly: boolean;

  constructor(
    private readonly client: ScriptRunner,
    body: string,
    opts?: ScriptOptions,
  ) {
    this.body = body;
    this.readOnly = opts?.readOnly === true;
    this.sha = new Bun.CryptoHasher("sha1").update(body).digest("hex");
  }

  /** Run it: EVALSHA, then EVAL if the server does not have the script cached. */
  run(keys?: readonly RedisKey[], args?: readonly RedisValue[]): Promise<Reply> {
    const c = this.client;
    const bySha = this.readOnly ? c.evalShaRo(this.sha, keys, args) : c.evalSha(this.sha, keys, args);
    return bySha.catch((e: unknown) => {
      if (!(e instanceof ReplyError && e.code === "NOSCRIPT")) throw e;
      return this.readOnly ? c.evalRo(this.body, keys, args) : c.eval(this.body, keys, args);
    });
  }

  /** SCRIPT LOAD: cache it on the server now (before pipelining `evalSha(script.sha, ...)`). */
  async load(): Promise<string> {
    return this.client.scriptLoad(this.body);
  }
}
