import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { TracingOptions } from './tracing';

/**
 * Tracing for a service's process, off unless OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-only
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector. Imported first by every main.ts, before
 * Nest, pg or http are loaded, so the SDK's instrumentations can patch them. Off, nothing is
 * loaded: the kernel's spans then go to the OpenTelemetry API's no-op tracer.
 */
const endpoint =
  process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
if (endpoint && process.env['OTEL_SDK_DISABLED'] !== 'true') {
  const sdk = startTracing({ serviceName: serviceOfMain(require.main?.filename) });
  // the spans still in the batch leave before the process does; the service's own handlers end
  // it, and when none listens yet (a signal during start-up) the signal is raised again
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      // a collector away loses those spans, never the service's orderly stop
      void sdk
        .shutdown()
        .catch(() => undefined)
        .finally(() => {
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    });
}

/** Starts the SDK (see ./tracing.ts), loading it only now: with tracing off it is never loaded. */
export function startTracing(options: TracingOptions): NodeSDK {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./tracing') as typeof import('./tracing')).startTracing(options);
}

/** "catalog" from …/services/catalog/src/main.ts (or .js in an image); "pk" elsewhere. */
export function serviceOfMain(filename: string | undefined): string {
  return /services[\\/]([a-z-]+)[\\/]src[\\/]main\.[jt]s$/.exec(filename ?? '')?.[1] ?? 'pk';
}
