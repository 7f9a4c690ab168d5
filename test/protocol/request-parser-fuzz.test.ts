/**
 * 20k random and mutated requests, cut into random chunks, checked against a naive transcription
 * of Redis's C parser (redis-reference.ts): same commands, same error, and nothing thrown but
 * ProtocolError / QueryBufferLimitError. A failure prints its seed; rerun with FUZZ_SEED=<seed>.
 */
import { describe, expect, test } from "bun:test";
import { ProtocolError, QueryBufferLimitError, RequestParser } from "../../src/protocol/request-parser.ts";
import { b, prng, randomCut, s } from "./helpers.ts";
import { referenceParse } from "./redis-reference.ts";

const ITERATIONS = 20_000;
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20240601);

const INTERESTING = [
  "\r",
  "\n",
  "\0",
  "*",
  "$",
  "-",
  "+",
  '"',
  "'",
  "\\",
  " ",
  "\t",
  "\x0b",
  "0",
  "1",
  "9",
  "x",
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function randomBytes(rand: () => number, max: number): string {
  const n = Math.floor(rand() * max);
  let out = "";
  for (let i = 0; i < n; i++)
    out += rand() < 0.5 ? pick(rand, INTERESTING) : String.fromCharCode(rand() * 256);
  return out;
}

function multibulk(rand: () => number): string {
  const n = Math.floor(rand() * 5);
  let out = `*${n}\r\n`;
  for (let i = 0; i < n; i++) {
    const arg = rand() < 0.03 ? "v".repeat(Math.floor(rand() * 20000)) : randomBytes(rand, 12);
    out += `$${arg.length}\r\n${arg}\r\n`;
  }
  return out;
}

function inline(rand: () => number): string {
  const words: string[] = [];
  const n = Math.floor(rand() * 5);
  for (let i = 0; i < n; i++) {
    const w = randomBytes(rand, 6).replace(/[\r\n\0]/g, "");
    const q = rand();
    words.push(q < 0.2 ? `"${w}"` : q < 0.3 ? `'${w}'` : w);
  }
  return `${words.join(pick(rand, [" ", "  ", "\t"]))}${rand() < 0.7 ? "\r\n" : "\n"}`;
}

function mutate(rand: () => number, input: string): string {
  let out = input;
  const edits = Math.floor(rand() * 3);
  for (let e = 0; e < edits && out.length > 0; e++) {
    const at = Math.floor(rand() * out.length);
    const r = rand();
    if (r < 0.4) out = out.slice(0, at) + pick(rand, INTERESTING) + out.slice(at + 1);
    else if (r < 0.7) out = out.slice(0, at) + pick(rand, INTERESTING) + out.slice(at);
    else if (r < 0.9) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}

function randomInput(rand: () => number): string {
  let out = "";
  const frames = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < frames; i++) {
    const r = rand();
    out += r < 0.55 ? multibulk(rand) : r < 0.9 ? inline(rand) : randomBytes(rand, 40);
  }
  if (rand() < 0.6) out = mutate(rand, out);
  if (rand() < 0.005) out += "1".repeat(65 * 1024); // long header / inline lines
  return out;
}

describe("request parser fuzz", () => {
  test(`${ITERATIONS} inputs agree with the Redis reference`, () => {
    const rand = prng(BASE_SEED);
    for (let i = 0; i < ITERATIONS; i++) {
      const seed = Math.floor(rand() * 2 ** 31);
      const r = prng(seed);
      const input = b(randomInput(r));
      const chunks = randomCut(input, r);
      const authenticated = r() < 0.7;
      const maxBulkLen = r() < 0.2 ? 16 : 512 * 1024 * 1024;
      const expected = referenceParse(chunks.map(s), { authenticated, maxBulkLen });

      const parser = new RequestParser({ maxBulkLen, maxQueryBuffer: 1024 * 1024 * 1024 });
      parser.authenticated = authenticated;
      const commands: string[][] = [];
      let error: string | null = null;
      try {
        for (const chunk of chunks) {
          parser.feed(chunk);
          for (let argv = parser.next(); argv !== null; argv = parser.next()) commands.push(argv.map(s));
        }
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw new Error(`seed ${seed}: unexpected ${err}`);
        error = err.message;
      }
      const got = { commands, error };
      if (!Bun.deepEquals(got, expected)) {
        expect({ seed, input: s(input), chunks: chunks.map(s), ...got }).toEqual({
          seed,
          input: s(input),
          chunks: chunks.map(s),
          ...expected,
        });
      }
    }
  }, 60_000);

  test("with a small query-buffer limit, memory held never exceeds it", () => {
    const rand = prng(BASE_SEED + 1);
    const limit = 4096;
    let limited = 0;
    for (let i = 0; i < 2000; i++) {
      const seed = Math.floor(rand() * 2 ** 31);
      const r = prng(seed);
      const input = b(randomInput(r));
      const parser = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: limit });
      parser.authenticated = true;
      try {
        for (const chunk of randomCut(input, r, 20)) {
          parser.feed(chunk);
          while (parser.next() !== null) {}
          expect(parser.pending).toBeLessThanOrEqual(limit);
        }
      } catch (err) {
        if (err instanceof QueryBufferLimitError) limited++;
        else if (!(err instanceof ProtocolError)) throw new Error(`seed ${seed}: unexpected ${err}`);
      }
    }
    expect(limited).toBeGreaterThan(0); // the limit was really exercised
  });
});
