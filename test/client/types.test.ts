/** Compile-time checks of the reply types (run by `tsc --noEmit`; the test itself only builds). */
import { expectTypeOf, test } from "bun:test";
import { createClient, type PipelineResult, type Reply, type Subscription } from "../../src/index.ts";

test("reply types are precise", () => {
  const c = createClient();
  const b = createClient({ returnBuffers: true });
  expectTypeOf(c.get).returns.toEqualTypeOf<Promise<string | null>>();
  expectTypeOf(b.get).returns.toEqualTypeOf<Promise<Uint8Array | null>>();
  expectTypeOf(c.set).returns.toEqualTypeOf<Promise<"OK" | string | null>>();
  expectTypeOf(c.incr).returns.toEqualTypeOf<Promise<number | bigint>>();
  expectTypeOf(c.del).returns.toEqualTypeOf<Promise<number>>();
  expectTypeOf(c.expire).returns.toEqualTypeOf<Promise<0 | 1>>();
  expectTypeOf(c.mGet).returns.toEqualTypeOf<Promise<(string | null)[]>>();
  expectTypeOf(b.keys).returns.toEqualTypeOf<Promise<Uint8Array[]>>();
  expectTypeOf(b.info).returns.toEqualTypeOf<Promise<string>>();
  expectTypeOf(c.configGet).returns.toEqualTypeOf<Promise<Record<string, string>>>();
  expectTypeOf(c.time).returns.toEqualTypeOf<Promise<[seconds: number, microseconds: number]>>();
  expectTypeOf(c.sendCommand).returns.toEqualTypeOf<Promise<Reply>>();
  expectTypeOf(c.subscribe).returns.toEqualTypeOf<Promise<Subscription<string>>>();
  expectTypeOf(c.pipeline().get("a").incr("b").exec).returns.toEqualTypeOf<
    Promise<[PipelineResult<string | null>, PipelineResult<number | bigint>]>
  >();
  // Type-checked, never called (the clients above never connect).
  const _neverRun = () => {
    // @ts-expect-error: EXPIRE modes are a closed set
    c.expire("k", 1, "SOMETIMES");
  };
  expectTypeOf(_neverRun).toBeFunction();
});
