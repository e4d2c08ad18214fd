import { InMemoryRelayCheckpoints, providerRegistered, until } from '@pk/test-kit';
import { InMemoryEventStore } from './in-memory-event-store';
import type { MessageBus, OutgoingMessage } from './message-bus';
import { EventRelay } from './relay';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('event relay', () => {
  it('says it is interrupted while the broker refuses, starts again by itself, and clears once it relayed', async () => {
    const store = new InMemoryEventStore({ source: 'pk/catalog' });
    await store.append('provider-1', [providerRegistered('63')], 'no-stream');
    let refusals = 2;
    const published: OutgoingMessage[] = [];
    const bus: MessageBus = {
      ensureTopics: async () => undefined,
      publish: async (_topic, messages) => {
        if (refusals > 0) {
          refusals -= 1;
          throw new Error('KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED');
        }
        published.push(...messages);
      },
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
      await until(() => relay.progress.interruptedSince !== null, 'the first refusal');
      expect(relay.progress.lastError).toMatch(/ECONNREFUSED/);
      await until(() => published.length === 1, 'the event, once the broker takes it', { timeoutMs: 10_000 });
      await until(() => relay.progress.interruptedSince === null, 'the interruption to clear');
      expect(relay.progress).toMatchObject({ relayed: 1, restarts: 2 });
    } finally {
      await relay.stop();
    }
  }, 15_000);
});
