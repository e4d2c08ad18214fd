import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { InMemoryRelayCheckpoints, providerRegistered, until } from '@pk/test-kit';
import { CommandHandler } from './command-handler';
import type { Decider, DomainEvent } from './decider';
import { InMemoryEventStore } from './in-memory-event-store';
import type { MessageBus, OutgoingMessage } from './message-bus';
import { EventRelay } from './relay';
import { contextOfTraceparent, inBatchSpan, inSpan } from './trace-context';

type Register = { type: 'Register' };
type Registered = DomainEvent<'catalog.ProviderRegistered', unknown>;
// data the contract takes, so the relay publishes the event instead of parking it
const register: Decider<null, Register, Registered> = {
  initialState: null,
  decide: () => [{ type: 'catalog.ProviderRegistered', data: providerRegistered('63').data }],
  evolve: () => null,
};
const schemas = {
  versionOf: () => providerRegistered('63').schemaVersion,
  upcast: <T>(event: T) => event,
  check: () => undefined,
};
const caller = { actor: { id: 'admin', role: 'ministry-admin' }, correlationId: 'c-1' };
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A command decided and appended in memory, and the messages the relay made of its events. */
async function decideAndRelay(work: (decide: () => Promise<unknown>) => Promise<unknown>) {
  const store = new InMemoryEventStore({ source: 'pk/catalog' });
  const handler = new CommandHandler(store, register, { schemas });
  await work(() => handler.handle('provider-1', { type: 'Register' }, caller));
  const published: OutgoingMessage[] = [];
  const bus: MessageBus = {
    ensureTopics: async () => undefined,
    publish: async (_topic, messages) => void published.push(...messages),
    subscribe: () => Promise.reject(new Error('not used')),
    endOffsets: async () => new Map(),
    committedOffsets: async () => new Map(),
    close: async () => undefined,
  };
  const relay = new EventRelay({
    name: 'catalog',
    store,
    bus,
    topic: 'pk.catalog.events.v1',
    checkpoints: new InMemoryRelayCheckpoints(),
    toPublic: (event) => [event],
    log: silent,
  });
  await relay.start();
  try {
    await until(() => published.length === 1, 'the event on the bus');
  } finally {
    await relay.stop();
  }
  return { stored: await store.readAll(null, 10), message: published[0]! };
}

describe('trace context through the event log', () => {
  it('with tracing off (no SDK started) stores no trace and sends no traceparent header', async () => {
    const { stored, message } = await decideAndRelay((decide) => decide());
    expect(stored[0]!.traceparent).toBeUndefined();
    expect(message.headers['traceparent']).toBeUndefined();
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    beforeAll(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(provider);
    });
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    });

    it("stores the command's trace with its event, and the relay's send span (child of it) goes in the message's traceparent header, never in the envelope", async () => {
      const request = trace.getTracer('spec').startSpan('POST /providers', { kind: SpanKind.SERVER });
      const { stored, message } = await decideAndRelay((decide) =>
        context.with(trace.setSpan(context.active(), request), decide),
      );
      request.end();
      const spans = exporter.getFinishedSpans();
      const command = spans.find((s) => s.name === 'command Register')!;
      const send = spans.find((s) => s.name === 'send pk.catalog.events.v1')!;
      const { traceId } = request.spanContext();

      expect(command.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(stored[0]!.traceparent).toBe(`00-${traceId}-${command.spanContext().spanId}-01`);
      expect(send).toMatchObject({
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.destination.name': 'pk.catalog.events.v1',
          'pk.event.type': 'catalog.ProviderRegistered',
        },
      });
      expect(send.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
      expect(send.spanContext().traceId).toBe(traceId);
      expect(message.headers['traceparent']).toBe(`00-${traceId}-${send.spanContext().spanId}-01`);
      // the published envelope is the contract's: no trace field in it
      expect(JSON.parse(message.value)).not.toHaveProperty('traceparent');

      // a consumer continues the trace from the header
      await inSpan(
        'process catalog.ProviderRegistered',
        { kind: SpanKind.CONSUMER, parent: contextOfTraceparent(message.headers['traceparent']) },
        async () => undefined,
      );
      const consume = exporter
        .getFinishedSpans()
        .find((s) => s.name === 'process catalog.ProviderRegistered')!;
      expect(consume.spanContext().traceId).toBe(traceId);
      expect(consume.parentSpanContext?.spanId).toBe(send.spanContext().spanId);

      // a projection's batch: a span of its own, linked to each traced message's send span
      await inBatchSpan('project register', [message, { headers: {} }], async () => undefined);
      const batch = exporter.getFinishedSpans().find((s) => s.name === 'project register')!;
      expect(batch.kind).toBe(SpanKind.CONSUMER);
      expect(batch.links.map((link) => link.context.spanId)).toEqual([send.spanContext().spanId]);
      expect(batch.spanContext().traceId).not.toBe(traceId);
    });

    it('starts no batch span for messages that carry no trace', async () => {
      exporter.reset();
      await inBatchSpan('project register', [{ headers: {} }], async () => undefined);
      expect(exporter.getFinishedSpans()).toEqual([]);
    });
  });
});
