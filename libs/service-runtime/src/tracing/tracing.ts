import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  /** The resource's service.name; OTEL_SERVICE_NAME wins when set. */
  readonly serviceName: string;
  /**
   * Where finished spans go; by default batches to the OTLP/HTTP endpoint of the standard
   * OTEL_EXPORTER_OTLP_* settings. A spec passes an in-memory exporter's processor.
   */
  readonly spanProcessors?: SpanProcessor[];
}

/** Health probes every few seconds would bury the traces that matter. */
const UNTRACED_PATHS = /^\/health(\/|$|\?)/;

/**
 * Starts the OpenTelemetry SDK: W3C trace context, spans of incoming and outgoing HTTP, of Nest's
 * handlers and of PostgreSQL queries, and the platform's own spans (commands, the relay's sends,
 * the reactions' consumption: @pk/kernel's trace-context.ts). It patches http, pg and Nest as they
 * are loaded, so it must run before them: see ./start.ts, the first import of each main.ts.
 */
export function startTracing(options: TracingOptions): NodeSDK {
  const sdk = new NodeSDK({
    serviceName: process.env['OTEL_SERVICE_NAME'] || options.serviceName,
    // the OTLP/HTTP exporter (JSON) batched as the OTEL_BSP_* settings say
    ...(options.spanProcessors
      ? { spanProcessors: options.spanProcessors }
      : { traceExporter: new OTLPTraceExporter() }),
    // traces only: metrics are Prometheus' (/metrics), logs go to stdout
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new NestInstrumentation(),
      // a query's text (no parameters: they may hold personal data) names what it did
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return sdk;
}
