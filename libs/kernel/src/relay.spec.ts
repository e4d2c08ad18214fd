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

/** An in-memory store that signals its appends, as the PostgreSQL store does. */
class SignallingStore extends InMemoryEventStore {
  private readonly listeners = new Set<() => void>();
  reads = 0;

  override async append(...args: Parameters<InMemoryEventStore['append']>) {
    const result = await super.append(...args);
    for (const listener of this.listeners) listener();
    return result;
  }

  /** An append the relay is not told of: another process's. */
  appendUnsignalled(...args: Parameters<InMemoryEventStore['append']>) {
    return super.append(...args);
  }

  override readAll(checkpoint: string | null, limit: number) {
    this.reads += 1;
    return super.readAll(checkpoint, limit);
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

describe('event relay on a store that signals its appends', () => {
  function relayOver(store: SignallingStore, quietPollMs: number) {
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
      quietPollMs,
      log: silent,
    });
    return { relay, published };
  }

  it('wakes on an append of its process: the event leaves though the relay would not read again for an hour', async () => {
    const store = new SignallingStore({ source: 'pk/catalog' });
    const { relay, published } = relayOver(store, 3_600_000);
    await relay.start();
    try {
      await until(() => store.reads > 0, 'the first read of the empty log');
      for (const region of ['63', '24', '16']) {
        await store.append(`provider-${region}`, [providerRegistered(region)], 'no-stream');
        await until(() => published.length === ['63', '24', '16'].indexOf(region) + 1, 'the event');
      }
      await until(() => relay.progress.relayed === 3, 'the checkpoint');
      // one read per append (each sees its event, then the relay sleeps until the next signal)
      // and the first one: no polling in between
      expect(store.reads).toBe(4);
    } finally {
      await relay.stop();
    }
  });

  it("reads another process's appends, which are not signalled, when its quiet sleep ends", async () => {
    const store = new SignallingStore({ source: 'pk/catalog' });
    const { relay, published } = relayOver(store, 20);
    await relay.start();
    try {
      await store.appendUnsignalled('provider-1', [providerRegistered('63')], 'no-stream');
      await until(() => published.length === 1, 'the unsignalled event');
    } finally {
      await relay.stop();
    }
  });
});
