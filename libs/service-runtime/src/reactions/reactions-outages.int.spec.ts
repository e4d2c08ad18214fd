import { Controller, Injectable, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type CatalogEvent, goldenExample, type ProgramSubmitted, publicTopic } from '@pk/contracts';
import {
  defineAggregate,
  type DomainEvent,
  issue,
  type Reaction,
  ReactionRunner,
  toMessage,
} from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { defineProjection, type ReadModelOf } from '@pk/projections';
import {
  postgresWithCuttableConnection,
  type PostgresWithCuttableConnection,
  publishedProviderRegistered,
  readStoreWithCuttableBackend,
  type ReadStoreWithCuttableBackend,
  serverEndpoints,
  type ServiceApi,
  startServiceApi,
  uniqueName,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { Schema } from 'mongoose';
import { Pool } from 'pg';
import { EventSourcing } from '../event-sourcing/event-sourcing.service';
import { InjectReadModel } from '../read-models/read-model.module';
import { defineService, ServiceKit } from '../service-definition';
import type { RecordedReplay } from './dead-letter-replays';

// A service's reactions meeting outages of the stores they touch — its event store (PostgreSQL,
// reached through a connection the test cuts) and its read store (a FerretDB whose backend the
// test cuts) — and a failure on a healthy system, dead-lettered and replayed by an operator.

const knownProviders = defineProjection<CatalogEvent>()({
  name: uniqueName('outage-providers'),
  topics: [publicTopic('catalog')],
  eventTypes: ['catalog.ProviderRegistered'],
  collections: { providers: new Schema({ _id: String, region: String }, { versionKey: false }) },
  project: (event) =>
    event.type === 'catalog.ProviderRegistered'
      ? [
          {
            collection: 'providers',
            id: event.data.providerId,
            position: event.streamPosition,
            set: { region: event.data.region },
          },
        ]
      : [],
});

type CaseCommand = { type: 'OpenCase'; programId: string };
type CaseEvent = DomainEvent<'expertise.OutageCaseOpened', { programId: string }>;
const reviewCase = defineAggregate<{ open: boolean }, CaseCommand, CaseEvent>({
  name: 'outage-case',
  initialState: { open: false },
  decide: (command, state) =>
    state.open ? [] : [{ type: 'expertise.OutageCaseOpened', data: { programId: command.programId } }],
  evolve: () => ({ open: true }),
});

/** Programs of this spec (others on the shared topic are passed over), and those whose reaction has a bug. */
const ours = new Set<string>();
const broken = new Set<string>();

@Injectable()
class Replica {
  constructor(@InjectReadModel(knownProviders) readonly providers: ReadModelOf<typeof knownProviders>) {}

  known(providerId: string): Promise<unknown> {
    return this.providers.lookUp(`provider ${providerId}`, () =>
      this.providers.collection('providers').findById(providerId),
    );
  }
}

/** The reaction closes over what it reads: the service's replica of providers. */
const openCase = (replica: Replica): Reaction<ProgramSubmitted> => ({
  name: 'outage-open-case',
  events: ['catalog.ProgramSubmitted'],
  async react(event) {
    const { programId, providerId } = event.data;
    if (!ours.has(programId)) return [];
    if (broken.has(programId)) throw new TypeError('review settings are undefined'); // a bug
    if (!(await replica.known(providerId))) return [];
    return [issue(reviewCase, [programId], { type: 'OpenCase', programId })];
  },
});

@Controller()
class Reactions {
  constructor(
    eventSourcing: EventSourcing,
    private readonly reactions: ReactionRunner,
    private readonly replica: Replica,
  ) {
    eventSourcing.handler(reviewCase);
  }

  @EventPattern('catalog.ProgramSubmitted')
  onSubmitted(@Payload() event: ProgramSubmitted) {
    return this.reactions.run(openCase(this.replica), event);
  }
}

@Module({ controllers: [Reactions], providers: [Replica] })
class ReactionsModule {}

const reactions = defineService({
  context: 'expertise',
  module: ReactionsModule,
  readModels: [knownProviders],
  privateEvents: ['expertise.OutageCaseOpened'],
  defaultPort: 0,
});

describe('reactions during outages (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'outage-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const direct = new Pool({ connectionString: databaseUrl, max: 2 });
  const operator = { subject: 'ops-1', role: 'platform-operator', region: '63' } as const;
  const environment = { ...process.env };
  let postgres: PostgresWithCuttableConnection;
  let readStore: ReadStoreWithCuttableBackend;
  let api: ServiceApi;
  const provider = publishedProviderRegistered('63');

  const submitted = (): ProgramSubmitted => {
    const programId = crypto.randomUUID();
    ours.add(programId);
    const example = goldenExample('catalog.ProgramSubmitted');
    return {
      ...publishedProviderRegistered('63', provider.data.providerId),
      type: example.type,
      schemaVersion: example.schemaVersion,
      subject: `program-${programId}`,
      data: { ...example.data, programId, providerId: provider.data.providerId, region: '63' },
    };
  };
  const publish = (...events: object[]) =>
    bus.publish(
      publicTopic('catalog'),
      events.map((e) => toMessage(e as Parameters<typeof toMessage>[0])),
    );
  const deadLetters = async () => Number((await bus.endOffsets('expertise.reactions.dlt')).get(0) ?? 0);
  const opened = async (event: ProgramSubmitted) =>
    (
      await direct.query('select type from expertise.events where stream_id = $1', [
        `outage-case-${event.data.programId}`,
      ])
    ).rows.length;
  /** Long enough for a message to use up its 5 attempts (backoff from 200 ms), were it dead-lettered. */
  const pastTheRetries = () => new Promise((resolve) => setTimeout(resolve, 6_000));

  beforeAll(async () => {
    postgres = await postgresWithCuttableConnection();
    readStore = await readStoreWithCuttableBackend();
    process.env['DATABASE_URL'] = postgres.databaseUrl;
    process.env['MONGODB_URL'] = readStore.mongodbUrl;
    api = await startServiceApi('expertise', [ServiceKit.forService(reactions)]);
    await publish(provider);
    const first = submitted();
    await publish(first);
    await until(async () => (await opened(first)) === 1, 'the first case', { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await api?.close();
    process.env['DATABASE_URL'] = environment['DATABASE_URL'];
    process.env['MONGODB_URL'] = environment['MONGODB_URL'];
    postgres?.cut();
    await readStore?.stop();
    await bus.close();
    await direct.end();
  });

  it('waits out an outage of its event store (PostgreSQL unreachable), dead-letters nothing, and reacts once it is back', async () => {
    const before = await deadLetters();
    const event = submitted();
    postgres.cut();
    await publish(event);
    await pastTheRetries();
    const health = (
      await api.anonymous.get<{ checks: Record<string, { status: string; consumer: unknown }> }>('/health')
    ).body;
    expect(health.checks['reactions']).toMatchObject({
      status: 'degraded',
      consumer: { state: 'running', waitingForOutageSince: expect.any(String) },
    });
    await postgres.restore();
    await until(async () => (await opened(event)) === 1, 'the case once PostgreSQL is back', {
      timeoutMs: 30_000,
    });
    expect(await deadLetters()).toBe(before);
  });

  it('waits out an outage of its read store (FerretDB without its backend), dead-letters nothing, and reacts once it is back', async () => {
    const before = await deadLetters();
    const event = submitted();
    readStore.cutBackend();
    await publish(event);
    await pastTheRetries();
    await readStore.restoreBackend();
    await until(async () => (await opened(event)) === 1, 'the case once the read store is back', {
      timeoutMs: 30_000,
    });
    expect(await deadLetters()).toBe(before);
  });

  it('dead-letters what fails on a healthy system, and replays it for a platform operator, recorded', async () => {
    const before = await deadLetters();
    const event = submitted();
    broken.add(event.data.programId);
    await publish(event);
    await until(async () => (await deadLetters()) === before + 1, 'the dead letter', { timeoutMs: 30_000 });
    broken.delete(event.data.programId); // the bug is mended

    const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;
    expect((await api.as(admin).post('/reactions/dead-letters/replay')).status).toBe(403);
    const started = await api.as(operator).post<RecordedReplay>('/reactions/dead-letters/replay');
    expect(started).toMatchObject({
      status: 202,
      body: { requestedBy: { id: 'ops-1', role: 'platform-operator' } },
    });
    expect(started.body.total).toBeGreaterThanOrEqual(1);
    const replays = () =>
      api
        .as(operator)
        .get<{ current: RecordedReplay; recorded: RecordedReplay[] }>('/reactions/dead-letters/replay');
    // the record is written just after the replay finishes: both say so once it is
    await until(async () => {
      const { current, recorded } = (await replays()).body;
      return current.state === 'finished' && recorded[0]?.state === 'finished';
    }, 'the replay, finished and recorded');
    await until(async () => (await opened(event)) === 1, 'the case from the replayed letter');
    const { current, recorded } = (await replays()).body;
    expect(current).toMatchObject({ replayId: started.body.replayId, replayed: current.total });
    expect(recorded[0]).toEqual(current);

    // replayed letters are not replayed again: a second replay covers only what failed again since
    const again = await api.as(operator).post<RecordedReplay>('/reactions/dead-letters/replay');
    await until(async () => (await replays()).body.current.state === 'finished', 'the second replay');
    expect((await replays()).body.current).toMatchObject({
      replayId: again.body.replayId,
      total: current.deadLetteredAgain,
    });
    expect(await opened(event)).toBe(1);
  });
});
