import { randomUUID } from 'node:crypto';
import { ContractViolation, publicTopic, readPublishedEvent } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ProjectionRunner } from '@pk/projections';
import { publishedEvent, serverEndpoints, uniqueName, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { reviewWaits } from '../review-waits/review-waits.projection';
import { register } from './register.projection';
import { RegisterQueries } from './register.queries';

const SUBJECTS = ['physics', 'chemistry', 'mathematics', 'biology'] as const;

// The register's search against the real read store (FerretDB here): the projection writes the
// listings through Kafka, and the queries page them with the shapes FerretDB serves from indexes.
describe('register search on the read store (integration)', () => {
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'register-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const connection = mongoose.createConnection(
    mongodbUrl.replace(/\/pk$/, `/${uniqueName('r').replace(/-/g, '_')}`),
  );
  const topic = uniqueName(publicTopic('catalog'));
  const common = {
    service: 'test',
    connection,
    bus,
    readEvent: readPublishedEvent,
    isPermanent: (error: unknown) => error instanceof ContractViolation,
  };
  const listings = new ProjectionRunner({
    ...common,
    projection: { ...register, name: uniqueName(register.name), topics: [topic] },
  });
  const reviews = new ProjectionRunner({
    ...common,
    projection: { ...reviewWaits, name: uniqueName(reviewWaits.name), topics: [topic] },
  });
  const queries = new RegisterQueries(listings as never, reviews as never);
  const providerId = randomUUID();
  const ids = Array.from({ length: 400 }, () => randomUUID());

  beforeAll(async () => {
    await connection.asPromise();
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    await listings.start();
    await reviews.start();
    const events = ids.map((programId, i) =>
      publishedEvent(
        'catalog.ProgramApproved',
        {
          programId,
          providerId,
          region: '63',
          revision: 1,
          title: `${i % 2 ? 'Ёмкие уроки физики' : 'Функциональная грамотность'} ${i}`,
          subjects: [SUBJECTS[i % SUBJECTS.length]!],
        },
        { subject: `program-${programId}`, position: 1 },
      ),
    );
    await bus.publish(topic, events.map(toMessage));
    await until(
      async () => (await listings.model('listings').countDocuments({ listed: '63' })) === ids.length,
      'the listings',
      {
        timeoutMs: 120_000,
        pollMs: 200,
      },
    );
  }, 180_000);
  afterAll(async () => {
    await listings.stop();
    await reviews.stop();
    await bus.close();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  const base = { region: '63', page: 1, pageSize: 25 };

  it('pages a large result by cursor in shard order: every program once', async () => {
    const seen: string[] = [];
    let page = await queries.search(base);
    expect(page).toMatchObject({ order: 'shard', total: null });
    for (;;) {
      seen.push(...page.programs.map((p) => p.programId));
      if (page.next === null) break;
      page = await queries.search({ ...base, cursor: page.next });
    }
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('reads a narrow search whole, by title, with its total', async () => {
    const found = await queries.search({ ...base, text: 'емкие 13', pageSize: 100 });
    expect(found).toMatchObject({ order: 'title', total: 1 });
    expect(found.programs.map((p) => p.programId)).toEqual([ids[13]]);
    const physics = await queries.search({ ...base, subject: 'physics', text: 'функциональная 1' });
    expect(physics.programs.map((p) => p.title)).toEqual([...physics.programs.map((p) => p.title)].sort());
    expect(physics.programs.every((p) => (p.subjects as string[]).includes('physics'))).toBe(true);
  });
});
