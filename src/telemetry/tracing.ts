/**
 * Command tracing over OpenTelemetry: one span per finished command, exported in batches over
 * OTLP/HTTP (JSON, the exporter's default) to `<endpoint>/v1/traces`.
 *
 * This module is the only one that touches @opentelemetry, and nothing imports it statically:
 * the server loads it with `await import("../telemetry/tracing.ts")` only when an endpoint is
 * configured (`otel-endpoint` or OTEL_EXPORTER_OTLP_ENDPOINT), so a server without tracing
 * never loads the SDK.
 *
 * Spans carry the command name, database, key count and error status; never keys or values.
 *
 * @example
 * const { startTracing } = await import("../telemetry/tracing.ts");
 * const tracer = await startTracing({ endpoint: "http://localhost:4318" });
 * tracer.record("SET", 1, 0, startMs, durationMs);
 * await tracer.shutdown(); // flushes what is still queued
 */

import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";

export interface CommandTracer {
  /**
   * One finished command: a span named after the command (e.g. "SET") with db.system="redis",
   * db.operation, db.redis.database_index and redbun.key_count; error status (with the error's
   * first word, e.g. WRONGTYPE, as description) when the reply was an error. Never the values.
   * `startMs` is Unix time in milliseconds (fractions allowed).
   */
  record(op: string, keyCount: number, db: number, startMs: number, durationMs: number, error?: string): void;
  /**
   * Exports every span still queued, then stops; later `record` calls are dropped. Bounded in
   * time and never rejects, so a missing collector cannot hold up or crash a shutdown.
   */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** OTLP/HTTP base endpoint, like OTEL_EXPORTER_OTLP_ENDPOINT: `/v1/traces` is appended. */
  endpoint: string;
  /**
   * Full traces URL, like OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: used as is and wins over
   * `endpoint`. Defaults to that environment variable.
   */
  tracesEndpoint?: string;
  serviceName?: string;
  /** Batch delay in ms (default 1000): spans wait at most this long before being exported. */
  scheduledDelayMillis?: number;
  /**
   * How long `shutdown` waits for the last export (default 2000 ms). An unreachable collector
   * makes the exporter retry for many seconds; a stopping server should not wait for that.
   */
  shutdownTimeoutMillis?: number;
  /** Told when the final flush fails or times out (exports during the run fail silently). */
  onError?: (error: Error) => void;
}

/**
 * The traces URL for a base endpoint, as the OTLP exporter spec says for
 * OTEL_EXPORTER_OTLP_ENDPOINT: the signal path is appended to whatever path the base has.
 */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.endsWith("/") ? endpoint : `${endpoint}/`}v1/traces`;
}

export async function startTracing(opts: TracingOptions): Promise<CommandTracer> {
  const specific = opts.tracesEndpoint ?? process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const exporter = new OTLPTraceExporter({ url: specific || tracesUrl(opts.endpoint) });
  const processor = new BatchSpanProcessor({
    exporter,
    scheduledDelayMillis: opts.scheduledDelayMillis ?? 1000,
    // A busy server makes many spans: export big batches, and drop (not block) when the
    // collector cannot keep up, so tracing never slows commands down.
    maxExportBatchSize: 512,
    maxQueueSize: 8192,
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": opts.serviceName ?? "redbun" }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer("redbun");
  let stopping: Promise<void> | undefined;

  return {
    record(op, keyCount, db, startMs, durationMs, error) {
      if (stopping) return;
      const name = op.toUpperCase();
      const span = tracer.startSpan(name, {
        kind: SpanKind.SERVER,
        startTime: startMs,
        attributes: {
          "db.system": "redis",
          "db.operation": name,
          "db.redis.database_index": db,
          "redbun.key_count": keyCount,
        },
      });
      if (error !== undefined) {
        // Only the error code: the rest of a message may quote user data.
        const code = error.split(" ", 1)[0]!;
        span.setAttribute("error.type", code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      }
      span.end(startMs + durationMs);
    },
    shutdown() {
      // One flush however many callers (the server's close and the CLI's exit both call it).
      stopping ??= flush(provider, opts.shutdownTimeoutMillis ?? 2000, opts.onError);
      return stopping;
    },
  };
}

/** Flushes and stops the provider within `timeoutMs`; never rejects (errors go to `onError`). */
async function flush(
  provider: TracerProvider,
  timeoutMs: number,
  onError?: (error: Error) => void,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const result = await Promise.race([provider.shutdown(), timeout]);
    if (result === "timeout") onError?.(new Error(`trace export did not finish within ${timeoutMs} ms`));
  } catch (e) {
    onError?.(e instanceof Error ? e : new Error(String(e)));
  } finally {
    clearTimeout(timer);
  }
}
