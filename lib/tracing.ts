/**
 * OpenTelemetry traces, started from instrumentation.ts before anything else loads: on only when an
 * OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
 * and then exported over OTLP/HTTP to it (a collector, Jaeger, Tempo, Honeycomb, ...). Off, nothing
 * here is even loaded, so tracing costs nothing.
 *
 * What a trace holds: Next.js's own spans (the request, its route, rendering; Next emits them as
 * soon as a tracer provider is registered), Prisma's (@prisma/instrumentation: each query and its
 * SQL), the pg driver's (the hot routes' direct statements, the job queue's), and outgoing HTTP
 * calls. Incoming requests are not instrumented twice: Next's root span is the request span, and
 * it continues a caller's trace from the traceparent header.
 *
 * The Node SDK rather than @vercel/otel: the same few lines, with the pg driver's instrumentation
 * that @vercel/otel does not offer and no dependency on Vercel's runtime. The exporter reads the
 * other standard variables itself (OTEL_EXPORTER_OTLP_HEADERS for an API key, timeouts, ...).
 */
import { getConfig } from "@/lib/env";
import { processState } from "@/lib/process-singleton";

/**
 * The provider's shutdown, set while tracing is on. Kept once per process, not in this module: the
 * shutdown (lib/server/lifecycle.ts) may run in another copy of this module than the one
 * instrumentation.ts started tracing with (Next's bundles, the dev server's reloads), and a second
 * start must see the first.
 */
const tracing = processState("tracing", (): { shutdown?: () => Promise<void> } => ({}));

/** Exports the spans still buffered and stops tracing (at shutdown); nothing when tracing is off. */
export async function flushTraces(): Promise<void> {
  await tracing.shutdown?.();
}

export async function startTracingIfConfigured(): Promise<boolean> {
  let config;
  try {
    config = getConfig();
  } catch {
    // The server start reports the configuration's problems and exits.
    return false;
  }
  const { otlpTracesEndpoint, serviceName } = config.observability;
  if (!otlpTracesEndpoint || tracing.shutdown) return false;

  const [{ BatchSpanProcessor, NodeTracerProvider }, { OTLPTraceExporter }, { resourceFromAttributes }, { registerInstrumentations }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/instrumentation"),
    ]);
  const [{ PrismaInstrumentation }, { PgInstrumentation }, { HttpInstrumentation }] = await Promise.all([
    import("@prisma/instrumentation"),
    import("@opentelemetry/instrumentation-pg"),
    import("@opentelemetry/instrumentation-http"),
  ]);

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName, "service.version": config.version }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesEndpoint }))],
  });
  // Registers the context manager (AsyncLocalStorage) and W3C trace-context propagation too.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Outgoing calls only. (Ignoring incoming requests instead would suppress tracing for them,
      // Next's spans included.)
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      // The statement's text, never its parameter values (they may be a token hash or an e-mail).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new PrismaInstrumentation(),
    ],
  });
  tracing.shutdown = () => provider.shutdown();
  return true;
}
