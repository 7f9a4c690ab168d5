/** Compile-time checks of the reply types (run by `tsc --noEmit`; the test itself only builds). */
import { expectTypeOf, test } from "bun:test";
import {
  createClient,
  type FunctionLibrary,
  type GroupStreamEntry,
  type PendingSummary,
  type PipelineResult,
  type Reply,
  type StreamEntry,
  type Subscription,
} from "../../src/index.ts";

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
  // scripting, functions, streams
  expectTypeOf(c.eval).returns.toEqualTypeOf<Promise<Reply>>();
  expectTypeOf(c.script("return 1").run).returns.toEqualTypeOf<Promise<Reply>>();
  expectTypeOf(c.script("return 1").sha).toEqualTypeOf<string>();
  expectTypeOf(c.scriptExists).returns.toEqualTypeOf<Promise<boolean[]>>();
  expectTypeOf(c.scriptLoad).returns.toEqualTypeOf<Promise<string>>();
  expectTypeOf(c.functionList).returns.toEqualTypeOf<Promise<FunctionLibrary[]>>();
  expectTypeOf(c.xAdd).returns.toEqualTypeOf<Promise<string | null>>();
  expectTypeOf(c.xRange).returns.toEqualTypeOf<Promise<StreamEntry<string>[]>>();
  expectTypeOf(b.xRange).returns.toEqualTypeOf<Promise<StreamEntry<Uint8Array>[]>>();
  expectTypeOf(c.xRead).returns.toEqualTypeOf<Promise<Record<string, StreamEntry<string>[]> | null>>();
  expectTypeOf(b.xReadGroup).returns.toEqualTypeOf<
    Promise<Record<string, GroupStreamEntry<Uint8Array>[]> | null>
  >();
  expectTypeOf(c.xPending).returns.toEqualTypeOf<Promise<PendingSummary>>();
  expectTypeOf(c.pipeline().evalSha("sha").xLen("s").exec).returns.toEqualTypeOf<
    Promise<[PipelineResult<Reply>, PipelineResult<number>]>
  >();
  // Type-checked, never called (the clients above never connect).
  const _neverRun = () => {
    // @ts-expect-error: EXPIRE modes are a closed set
    c.expire("k", 1, "SOMETIMES");
    // @ts-expect-error: a trim is by MAXLEN or by MINID, not both
    c.xTrim("s", { MAXLEN: 10, MINID: "1-0" });
    // @ts-expect-error: a trim needs one of them
    c.xTrim("s", { approximate: true });
    // @ts-expect-error: XADD's trim options need MAXLEN or MINID too
    c.xAdd("s", "*", { a: 1 }, { LIMIT: 100 });
    // @ts-expect-error: script keys are a list
    c.eval("return 1", "k");
    // @ts-expect-error: flush modes are a closed set
    c.scriptFlush("LATER");
  };
  expectTypeOf(_neverRun).toBeFunction();
});
