/**
 * Tracing against a local OTLP/HTTP collector (Bun.serve on port 0): span names, attributes,
 * error status, that shutdown flushes, and that no keys, values or error details leave.
 */

import { afterAll, describe, expect, test } from "bun:test";
import { startTracing, tracesUrl } from "../../src/telemetry/tracing.ts";

interface OtlpAttr {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}
interface OtlpSpan {
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttr[];
  status?: { code?: number; message?: string };
}

const bodies: string[] = [];
const paths: string[] = [];
const collector = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  async fetch(req) {
    paths.push(new URL(req.url).pathname);
    bodies.push(await req.text());
    return Response.json({});
  },
});
afterAll(() => collector.stop(true));

function spansOf(body: string): OtlpSpan[] {
  const json = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
  return json.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
}

function attrs(span: OtlpSpan): Record<string, string | number | undefined> {
  return Object.fromEntries(
    span.attributes.map((a) => [a.key, a.value.stringValue ?? Number(a.value.intValue)]),
  );
}

describe("startTracing", () => {
  test("tracesUrl appends /v1/traces to the base path", () => {
    expect(tracesUrl("http://h:4318")).toBe("http://h:4318/v1/traces");
    expect(tracesUrl("http://h:4318/")).toBe("http://h:4318/v1/traces");
    expect(tracesUrl("http://h/otlp")).toBe("http://h/otlp/v1/traces");
  });

  test("exports one span per command, flushed by shutdown, without values", async () => {
    bodies.length = 0;
    paths.length = 0;
    // A long batch delay: only shutdown() can have exported these.
    const tracer = await startTracing({
      endpoint: `http://127.0.0.1:${collector.port}`,
      tracesEndpoint: "",
      serviceName: "redbun-test",
      scheduledDelayMillis: 60_000,
    });
    const start = 1_700_000_000_000;
    // As if for `SET secret-key secret-value` and `INCR secret-key` on a string.
    tracer.record("set", 1, 0, start, 0.25);
    tracer.record("incr", 1, 3, start + 1, 0.5, "ERR value is not an integer or out of range 'secret-value'");
    tracer.record("MSET", 2, 0, start + 2, 1);
    expect(bodies.length).toBe(0);
    await tracer.shutdown();

    expect(paths).toEqual(["/v1/traces"]);
    const body = bodies.join("");
    expect(body).not.toContain("secret");
    expect(body).toContain('"redbun-test"');
    const spans = spansOf(body);
    expect(spans.map((s) => s.name)).toEqual(["SET", "INCR", "MSET"]);
    expect(attrs(spans[0]!)).toEqual({
      "db.system": "redis",
      "db.operation": "SET",
      "db.redis.database_index": 0,
      "redbun.key_count": 1,
    });
    expect(attrs(spans[1]!)).toMatchObject({ "db.redis.database_index": 3, "error.type": "ERR" });
    expect(spans[1]!.status).toEqual({ code: 2, message: "ERR" });
    expect(attrs(spans[2]!)["redbun.key_count"]).toBe(2);
    expect(spans[0]!.kind).toBe(2); // SERVER
    expect(spans[0]!.startTimeUnixNano).toBe("1700000000000000000");
    expect(spans[0]!.endTimeUnixNano).toBe("1700000000000250000");

    // After shutdown, records are dropped rather than throwing.
    tracer.record("GET", 1, 0, start, 1);
    await tracer.shutdown();
    expect(bodies.length).toBe(1);
  });
});

describe("redbun-server --otel-endpoint", () => {
  test("commands become spans; SHUTDOWN flushes them; keys and values never leave", async () => {
    bodies.length = 0;
    paths.length = 0;
    const root = new URL("../..", import.meta.url).pathname;
    const proc = Bun.spawn(
      [
        process.execPath,
        "cli/server.ts",
        "--port",
        "0",
        "--otel-endpoint",
        `http://127.0.0.1:${collector.port}/base`,
      ],
      {
        cwd: root,
        env: { ...process.env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "" },
        stdout: "pipe",
        stderr: "pipe",
        stdin: "ignore",
      },
    );
    try {
      const reader = proc.stdout.getReader();
      let out = "";
      let port = 0;
      while (!port) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`exited early: ${out}`);
        out += new TextDecoder().decode(value);
        port = Number(/started: port=(\d+)/.exec(out)?.[1] ?? 0);
      }
      let received = "";
      const { promise: replied, resolve } = Promise.withResolvers<void>();
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port,
        socket: {
          data(_s, chunk) {
            received += new TextDecoder().decode(chunk);
            if (received.startsWith("+OK\r\n-")) resolve();
          },
        },
      });
      socket.write(
        "*3\r\n$3\r\nSET\r\n$10\r\nsecret-key\r\n$12\r\nsecret-value\r\n*2\r\n$5\r\nLPUSH\r\n$10\r\nsecret-key\r\n",
      );
      await replied;
      socket.write("*1\r\n$8\r\nSHUTDOWN\r\n");
      expect(await proc.exited).toBe(0);
      socket.end();
      reader.releaseLock();

      expect(new Set(paths)).toEqual(new Set(["/base/v1/traces"]));
      const body = bodies.join("");
      expect(body).not.toContain("secret");
      const spans = bodies.flatMap(spansOf);
      const set = spans.find((s) => s.name === "SET");
      expect(set && attrs(set)).toEqual({
        "db.system": "redis",
        "db.operation": "SET",
        "db.redis.database_index": 0,
        "redbun.key_count": 1,
      });
    } finally {
      proc.kill();
    }
  });
});

describe("an unreachable collector", () => {
  test("shutdown resolves within its timeout and reports, instead of rejecting", async () => {
    // A port that was free a moment ago: connections are refused and the exporter retries.
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const deadPort = probe.port;
    probe.stop(true);
    const errors: string[] = [];
    const tracer = await startTracing({
      endpoint: `http://127.0.0.1:${deadPort}`,
      tracesEndpoint: "",
      scheduledDelayMillis: 60_000,
      shutdownTimeoutMillis: 300,
      onError: (e) => errors.push(e.message),
    });
    tracer.record("SET", 1, 0, Date.now(), 1);
    const started = performance.now();
    await Promise.all([tracer.shutdown(), tracer.shutdown()]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(errors.length).toBe(1);
  });
});
