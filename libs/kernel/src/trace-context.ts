import {
  context,
  type Context,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * Trace context across the event log: a request's span context is stored with the events it
 * appends (W3C `traceparent`), the relay sends it on in the Kafka message's `traceparent` header,
 * and a consumer continues the trace from there. Only the OpenTelemetry API is used here: without
 * a started SDK (tracing off, the default) its tracer and propagator do nothing, so none of this
 * costs more than a function call.
 */
export const tracer = trace.getTracer('@pk/kernel');

const TRACEPARENT = 'traceparent';

/** The `traceparent` of the span running now; undefined outside a sampled span or with tracing off. */
export function currentTraceparent(): string | undefined {
  return traceparentOf(context.active());
}

function traceparentOf(ctx: Context): string | undefined {
  if (trace.getSpan(ctx) === undefined) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier[TRACEPARENT];
}

/** The context a stored or received `traceparent` names, as the remote parent of new spans. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  if (traceparent === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { [TRACEPARENT]: traceparent });
}

/**
 * A PRODUCER span for one event on its way to the broker, child of the request that appended it,
 * and the `traceparent` header that makes the consumer's span its child. Undefined when the event
 * carries no trace (appended with tracing off).
 */
export function startPublishSpan(
  topic: string,
  event: { readonly id: string; readonly type: string; readonly subject: string },
  traceparent: string | undefined,
): { span: Span; traceparent: string | undefined } | undefined {
  if (traceparent === undefined) return undefined;
  const span = tracer.startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.message.id': event.id,
        'messaging.kafka.message.key': event.subject,
        'pk.event.type': event.type,
      },
    },
    contextOfTraceparent(traceparent),
  );
  return { span, traceparent: traceparentOf(trace.setSpan(ROOT_CONTEXT, span)) };
}

/**
 * Runs a consumer's batch (a projection's: the events of many requests applied at once) in a
 * CONSUMER span of its own, linked to the send span of each traced message, so each request's
 * trace shows where its events were applied. With no traced message in the batch (tracing off
 * upstream) no span is started and the headers are only looked at.
 */
export function inBatchSpan<T>(
  name: string,
  messages: readonly { readonly headers: Readonly<Record<string, string>> }[],
  work: () => Promise<T>,
): Promise<T> {
  const links = messages.flatMap((message) => {
    const traceparent = message.headers[TRACEPARENT];
    if (traceparent === undefined) return [];
    const sent = trace.getSpanContext(contextOfTraceparent(traceparent));
    return sent === undefined ? [] : [{ context: sent }];
  });
  if (links.length === 0) return work();
  // a batch's own trace: its messages belong to many requests, each reached by its link
  return inSpan(
    name,
    {
      kind: SpanKind.CONSUMER,
      links,
      parent: ROOT_CONTEXT,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.batch.message_count': messages.length,
      },
    },
    work,
  );
}

/** Ends a span with the outcome of the work it stood for. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
  }
  span.end();
}

/**
 * Runs `work` in a new active span (child of `parent`, or of the active context by default),
 * ended and marked failed with the work's outcome.
 */
export function inSpan<T>(
  name: string,
  options: {
    kind?: SpanKind;
    attributes?: Record<string, string | number>;
    parent?: Context;
    links?: Link[];
  },
  work: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    options.parent ?? context.active(),
    async (span) => {
      try {
        const result = await work();
        endSpan(span);
        return result;
      } catch (error) {
        endSpan(span, error);
        throw error;
      }
    },
  );
}
