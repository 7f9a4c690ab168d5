/**
 * Bulk data for the complexity and memory sections, as RESP bytes for `redis-cli --pipe`.
 * Members are numbered like redis-benchmark's `__rand_int__` (12 digits, zero-padded), so that
 * `redis-benchmark -r N` commands such as `ZRANK z m:__rand_int__` hit members that exist.
 * Commands carry up to 1,000 members each: loading is pipelined and cheap for both servers.
 */

const BATCH = 1000;

/** `prefix` + i as 12 zero-padded digits: `m:000000000042`. */
export function member(prefix: string, i: number): string {
  return prefix + String(i).padStart(12, "0");
}

/** Encodes commands of ASCII arguments as RESP arrays of bulk strings. */
export class RespBuilder {
  #parts: string[] = [];

  command(args: string[]): this {
    let out = `*${args.length}\r\n`;
    for (const arg of args) out += `$${arg.length}\r\n${arg}\r\n`;
    this.#parts.push(out);
    return this;
  }

  /**
   * `head` followed by the arguments `item(i)` yields for i in [0, count), split into commands
   * of at most BATCH items (`MSET k1 v1 k2 v2 ...`, `ZADD z s1 m1 ...`).
   */
  batched(head: string[], count: number, item: (i: number) => string[]): this {
    for (let start = 0; start < count; start += BATCH) {
      const args = [...head];
      for (let i = start; i < Math.min(count, start + BATCH); i++) args.push(...item(i));
      this.command(args);
    }
    return this;
  }

  bytes(): Uint8Array {
    // Every argument is ASCII, so one UTF-8 encode of the whole text gives the exact RESP.
    return new TextEncoder().encode(this.#parts.join(""));
  }
}

/** A 32-byte value, as in "1M string keys with 32-byte values". */
export const VALUE_32 = "v".repeat(32);

/** The structures the memory section loads: each holds `elements` small elements in all. */
export interface Dataset {
  name: string;
  elements: number;
  /** The most redbun may use, as a multiple of Redis's bytes per element, when the issue sets one. */
  atMost?: number;
  build(resp: RespBuilder): void;
}

export function datasets(size: number, smallKeys: number): Dataset[] {
  const small = 10;
  const smallElements = smallKeys * small;
  const forSmallKeys = (resp: RespBuilder, head: string, item: (j: number) => string[]) => {
    for (let k = 0; k < smallKeys; k++) {
      const args = [head, member("k:", k)];
      for (let j = 0; j < small; j++) args.push(...item(j));
      resp.command(args);
    }
  };
  return [
    {
      name: `${size.toLocaleString("en-US")} strings (32 B values)`,
      elements: size,
      atMost: 1.25,
      build: (resp) => resp.batched(["MSET"], size, (i) => [member("key:", i), VALUE_32]),
    },
    {
      name: `1 hash × ${size.toLocaleString("en-US")} fields`,
      elements: size,
      build: (resp) => resp.batched(["HSET", "h"], size, (i) => [member("f:", i), String(i)]),
    },
    {
      name: `1 set × ${size.toLocaleString("en-US")} members`,
      elements: size,
      build: (resp) => resp.batched(["SADD", "s"], size, (i) => [member("m:", i)]),
    },
    {
      name: `1 zset × ${size.toLocaleString("en-US")} members`,
      elements: size,
      build: (resp) => resp.batched(["ZADD", "z"], size, (i) => [String(i), member("m:", i)]),
    },
    {
      name: `1 list × ${size.toLocaleString("en-US")} elements`,
      elements: size,
      build: (resp) => resp.batched(["RPUSH", "l"], size, (i) => [member("e:", i)]),
    },
    {
      name: `${smallKeys.toLocaleString("en-US")} hashes × ${small} fields`,
      elements: smallElements,
      build: (resp) => forSmallKeys(resp, "HSET", (j) => [`f:${j}`, String(j)]),
    },
    {
      name: `${smallKeys.toLocaleString("en-US")} sets × ${small} members`,
      elements: smallElements,
      build: (resp) => forSmallKeys(resp, "SADD", (j) => [`m:${j}`]),
    },
    {
      name: `${smallKeys.toLocaleString("en-US")} zsets × ${small} members`,
      elements: smallElements,
      build: (resp) => forSmallKeys(resp, "ZADD", (j) => [String(j), `m:${j}`]),
    },
  ];
}
