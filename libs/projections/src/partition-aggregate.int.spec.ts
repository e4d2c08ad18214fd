import { ContractViolation, type EventEnvelope, publicTopic, readPublishedEvent } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { publishedProviderRegistered, serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import mongoose, { Schema } from 'mongoose';
import { defineProjection, partitionStateSchema } from './projection';
import { ProjectionRunner } from './projection-runner';

const operator = { id: 'ops-test', role: 'platform-operator' };

// A count over many streams kept per Kafka partition, on a real topic of 3 partitions and FerretDB:
// providers per region, where a provider registered again in another region moves its count.
describe('a per-partition count on the servers (integration)', () => {
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'aggregate-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const connection = mongoose.createConnection(
    mongodbUrl.replace(/\/pk$/, `/${uniqueName('a').replace(/-/g, '_')}`),
  );
  const topic = uniqueName(publicTopic('catalog'));
  type State = Record<string, [position: number, region: string]>;
  const perRegion = defineProjection<EventEnvelope>()({
    name: uniqueName('per-region'),
    topics: [topic],
    eventTypes: ['catalog.ProviderRegistered'],
    collections: {
      regions: new Schema({ _id: String, region: String, providers: Number }, { versionKey: false }),
      partitions: partitionStateSchema(),
    },
    aggregate: {
      stateCollection: 'partitions',
      initial: (): State => ({}),
      apply(state: State, event: EventEnvelope) {
        const { providerId, region } = event.data as { providerId: string; region: string };
        if ((state[providerId]?.[0] ?? -1) >= event.streamPosition) return;
        state[providerId] = [event.streamPosition, region];
      },
      documents(state: State) {
        const counts = new Map<string, number>();
        for (const [, region] of Object.values(state)) counts.set(region, (counts.get(region) ?? 0) + 1);
        return [...counts].map(([region, providers]) => ({
          collection: 'regions' as const,
          id: region,
          set: { region, providers },
        }));
      },
    },
  });
  const options = {
    service: 'test',
    connection,
    bus,
    projection: perRegion,
    readEvent: readPublishedEvent,
    isPermanent: (error: unknown) => error instanceof ContractViolation,
  };
  let runner = new ProjectionRunner(options);

  /** Providers per region, added up over the partitions' documents, as a query would. */
  const counted = async () => {
    const found = await runner.collection('regions').find<{ region: string | null; providers: number }>({});
    const sums: Record<string, number> = {};
    for (const { region, providers } of found) if (region) sums[region] = (sums[region] ?? 0) + providers;
    return sums;
  };

  beforeAll(async () => {
    await connection.asPromise();
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await bus.close();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('counts once whatever is published twice, goes on from the stored state after a restart, and rebuilds to the same', async () => {
    const first = Array.from({ length: 30 }, (_, i) => publishedProviderRegistered(i % 3 ? '63' : '24'));
    await bus.publish(topic, [...first, ...first].map(toMessage));
    await until(
      async () => JSON.stringify(await counted()) === JSON.stringify({ '63': 20, '24': 10 }),
      '30 counted once',
      {
        timeoutMs: 60_000,
        pollMs: 200,
      },
    );
    // the three partitions wrote their own documents: the ids carry the partition
    expect(
      new Set((await runner.collection('regions').find<{ _id: string }>({})).map((d) => d._id.split(':')[0]))
        .size,
    ).toBe(3);

    // a new runner knows nothing in memory: it reads each partition's state when its first batch comes
    await runner.stop();
    runner = new ProjectionRunner(options);
    await runner.start();
    // five of region 63 move to 24; an older event of one of them arrives late and changes nothing
    const moved = first.filter((_, i) => i % 3).slice(0, 5);
    const again = moved.map((e) =>
      publishedProviderRegistered('24', (e.data as { providerId: string }).providerId, 1),
    );
    await bus.publish(topic, [...again, moved[0]!].map(toMessage));
    await until(
      async () => JSON.stringify(await counted()) === JSON.stringify({ '63': 15, '24': 15 }),
      'five moved',
      {
        timeoutMs: 60_000,
        pollMs: 200,
      },
    );

    expect((await runner.rebuild(operator)).state).toBe('rebuilding');
    await until(() => runner.progress()?.state === 'swapped', 'the rebuild swapped in', {
      timeoutMs: 90_000,
      pollMs: 200,
    });
    expect(runner.generation).toBe(2);
    expect(await counted()).toEqual({ '63': 15, '24': 15 });
  });
});
