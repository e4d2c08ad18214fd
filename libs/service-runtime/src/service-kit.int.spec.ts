import { Body, Controller, Injectable, Module, Post } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Allow, Caller } from '@pk/auth';
import { type CatalogEvent, goldenExample, type ProgramSubmitted, publicTopic } from '@pk/contracts';
import {
  type CommandContext,
  defineAggregate,
  DomainError,
  type DomainEvent,
  issue,
  type Reaction,
  ReactionRunner,
  toMessage,
} from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { defineProjection, type ProjectionRunner, type ReadModelOf } from '@pk/projections';
import {
  publishedProviderRegistered,
  serverEndpoints,
  type ServiceApi,
  startServiceApi,
  until,
} from '@pk/test-kit';
import { IsString } from 'class-validator';
import { logLevel } from 'kafkajs';
import { Schema } from 'mongoose';
import { Pool } from 'pg';
import { CommandAccepted } from './http/command-accepted';
import { EventSourcing } from './event-sourcing/event-sourcing.service';
import { InjectReadModel, readModelToken } from './read-models/read-model.module';
import { defineService, ServiceKit } from './service-definition';

// The kit as a service uses it, on real Kafka, PostgreSQL and FerretDB: a small "expertise" that
// keeps a replica of catalog's providers, opens a review case when a program is submitted (a
// reaction, with a deadline), and takes an HTTP command that needs the replica.

const providersReplica = defineProjection<CatalogEvent>()({
  name: 'known-providers',
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

type ReviewCommand = { type: 'OpenCase'; programId: string; providerId: string } | { type: 'Expire' };
type ReviewEvent =
  | DomainEvent<'expertise.CaseOpened', { programId: string; providerId: string }>
  | DomainEvent<'expertise.CaseExpired', object>;
const reviewCase = defineAggregate<{ open: boolean }, ReviewCommand, ReviewEvent>({
  name: 'review',
  initialState: { open: false },
  decide(command, state) {
    switch (command.type) {
      case 'OpenCase':
        if (state.open) throw new DomainError('case-open', 'the case is open already');
        return [
          {
            type: 'expertise.CaseOpened',
            data: { programId: command.programId, providerId: command.providerId },
          },
        ];
      case 'Expire':
        return [{ type: 'expertise.CaseExpired', data: {} }];
    }
  },
  evolve: (state, event) => (event.type === 'expertise.CaseOpened' ? { open: true } : state),
});

@Injectable()
class Replica {
  constructor(@InjectReadModel(providersReplica) readonly providers: ReadModelOf<typeof providersReplica>) {}

  /** The provider as this service knows it; unknown only once the replica has caught up. */
  async provider(providerId: string): Promise<{ region: string } | null> {
    const found = await this.providers.lookUp(`provider ${providerId}`, () =>
      this.providers.collection('providers').findById<{ region: string }>(providerId),
    );
    return found ? { region: String(found.region) } : null;
  }
}

/** A reaction that needs the replica closes over it. */
const openCase = (replica: Replica): Reaction<ProgramSubmitted> => ({
  name: 'open-review-case',
  events: ['catalog.ProgramSubmitted'],
  async react(event) {
    const { programId, providerId } = event.data;
    if (!(await replica.provider(providerId))) return []; // caught up and still unknown: nothing to review
    return [
      issue(reviewCase, [programId], { type: 'OpenCase', programId, providerId }),
      issue(reviewCase, [programId], { type: 'Expire' }, { at: new Date(Date.now() + 14 * 86_400_000) }),
    ];
  },
});

class OpenCaseRequest {
  @IsString() programId!: string;
  @IsString() providerId!: string;
}

@Controller('reviews')
class ReviewController {
  private readonly reviews;
  constructor(
    eventSourcing: EventSourcing,
    private readonly reactions: ReactionRunner,
    private readonly replica: Replica,
  ) {
    this.reviews = eventSourcing.handler(reviewCase);
  }

  @EventPattern('catalog.ProgramSubmitted')
  onProgramSubmitted(@Payload() event: ProgramSubmitted) {
    return this.reactions.run(openCase(this.replica), event);
  }

  @Post()
  @Allow({ roles: ['expert'], scope: 'region' })
  async open(@Body() body: OpenCaseRequest, @Caller() caller: CommandContext): Promise<CommandAccepted> {
    if (!(await this.replica.provider(body.providerId)))
      throw new DomainError('unknown-provider', `no provider ${body.providerId}`);
    return CommandAccepted.of(
      await this.reviews.handle(reviewCase.streamId(body.programId), { type: 'OpenCase', ...body }, caller),
    );
  }
}

@Module({ controllers: [ReviewController], providers: [Replica] })
class ReviewsModule {}

const reviews = defineService({
  context: 'expertise',
  module: ReviewsModule,
  readModels: [providersReplica],
  // the review events of this sketch are in no contract: private to the service, never published
  privateEvents: ['expertise.CaseOpened', 'expertise.CaseExpired'],
  defaultPort: 0,
});

describe('service kit (integration)', () => {
  const { kafkaBrokers, databaseUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'kit-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const expert = { subject: 'expert-1', role: 'expert', region: '63' } as const;
  const operator = { subject: 'ops-1', role: 'platform-operator', region: '63' } as const;
  let api: ServiceApi;
  let replica: ProjectionRunner;

  const programSubmitted = (providerId: string): ProgramSubmitted => {
    const programId = crypto.randomUUID();
    const example = goldenExample('catalog.ProgramSubmitted');
    return {
      ...publishedProviderRegistered('63', providerId),
      type: example.type,
      schemaVersion: example.schemaVersion,
      subject: `program-${programId}`,
      data: { ...example.data, programId, providerId, region: '63', title: 'Наставничество' },
    };
  };
  const publish = (...events: object[]) =>
    bus.publish(
      publicTopic('catalog'),
      events.map((e) => toMessage(e as Parameters<typeof toMessage>[0])),
    );
  /** Messages in the reactions' dead-letter topic (the topic outlives test runs: compare counts). */
  const deadLetters = async () => Number((await bus.endOffsets('expertise.reactions.dlt')).get(0) ?? 0);
  const review = async (programId: string) =>
    (
      await pool.query(
        'select type, causation_id, actor from expertise.events where stream_id = $1 order by stream_position',
        [`review-${programId}`],
      )
    ).rows;

  beforeAll(async () => {
    api = await startServiceApi('expertise', [ServiceKit.forService(reviews)]);
    replica = api.app.get(readModelToken(providersReplica));
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
    await pool.end();
  });

  it('delivers events to @EventPattern methods with the event as cause, and a redelivered event decides nothing more', async () => {
    const provider = publishedProviderRegistered('63');
    await publish(provider);
    const submitted = programSubmitted(provider.data.providerId);
    await publish(submitted, submitted); // the second as a redelivery would bring it
    await until(async () => (await review(submitted.data.programId)).length > 0, 'the review case');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await review(submitted.data.programId)).toEqual([
      {
        type: 'expertise.CaseOpened',
        causation_id: submitted.id,
        actor: { id: 'system:expertise', role: 'system' },
      },
    ]);
    const scheduled = (
      await api.as(operator).get<{ streamId: string; command: { type: string } }[]>('/schedule')
    ).body;
    expect(scheduled.filter((e) => e.streamId === `review-${submitted.data.programId}`)).toMatchObject([
      { command: { type: 'Expire' } },
    ]);
  });

  it('answers 503 replica-behind while the replica lags behind a fact, and decides once it has caught up', async () => {
    await replica.stop();
    const provider = publishedProviderRegistered('63');
    await publish(provider);
    const body = { programId: crypto.randomUUID(), providerId: provider.data.providerId };
    const lagging = await api.as(expert).post<{ code: string }>('/reviews', body);
    expect(lagging).toMatchObject({ status: 503, body: { code: 'replica-behind' } });
    await replica.start();
    await until(
      async () => (await api.as(expert).post('/reviews', body)).status === 201,
      'the replica to catch up',
    );
    const unknown = await api.as(expert).post('/reviews', { ...body, providerId: crypto.randomUUID() });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'unknown-provider' } });
  });

  it('lets a reaction wait for a lagging replica instead of dead-lettering its event', async () => {
    const deadBefore = await deadLetters();
    await replica.stop();
    const provider = publishedProviderRegistered('63');
    const submitted = programSubmitted(provider.data.providerId);
    await publish(provider, submitted);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the reaction meets the lag, retries
    expect(await review(submitted.data.programId)).toEqual([]);
    await replica.start();
    await until(
      async () => (await review(submitted.data.programId)).length === 1,
      'the case once the replica caught up',
    );
    expect(await deadLetters()).toBe(deadBefore);
  });

  it('dead-letters a malformed event of a type it handles, and passes over types it does not', async () => {
    const deadBefore = await deadLetters();
    const provider = publishedProviderRegistered('63');
    const broken = { ...programSubmitted(provider.data.providerId), data: { programId: 'x' } };
    const fine = programSubmitted(provider.data.providerId);
    await publish(provider, broken, { ...provider, type: 'catalog.ProviderRenamed' }, fine);
    await until(
      async () => (await review(fine.data.programId)).length === 1,
      'the good event after the bad ones',
    );
    // the broken event and the good one are other streams, so other partitions: the good one may be
    // handled before the broken one has gone through its attempts to the dead-letter topic
    await until(async () => (await deadLetters()) > deadBefore, 'the broken event dead-lettered');
    expect(await deadLetters()).toBe(deadBefore + 1);
  });

  it('rebuilds a read model for a platform operator only, with progress', async () => {
    const admin = { subject: 'admin-63', role: 'ministry-admin', region: '63' } as const;
    expect((await api.as(admin).post('/projections/known-providers/rebuild')).status).toBe(403);
    expect((await api.as(operator).post('/projections/no-such/rebuild')).status).toBe(404);
    const started = await api
      .as(operator)
      .post<{ state: string; requestedBy: unknown }>('/projections/known-providers/rebuild');
    expect(started).toMatchObject({
      status: 202,
      body: { state: 'rebuilding', requestedBy: { id: 'ops-1', role: 'platform-operator' } },
    });
    await until(
      async () =>
        (await api.as(operator).get<{ state: string }>('/projections/known-providers/rebuild')).body.state ===
        'swapped',
      'the swap',
    );
    const health = (await api.anonymous.get<{ checks: Record<string, { generation: number }> }>('/health'))
      .body;
    expect(health.checks['projection:known-providers']!.generation).toBeGreaterThan(1);
  });

  it("shows the relay backlog and the consumers' lag per partition at GET /metrics, and is ready", async () => {
    const series = async () => (await api.anonymous.get('/metrics')).text ?? '';
    // the consumers' lag is measured every 10 s; the relay has relayed every review event by now
    await until(async () => {
      const text = await series();
      return (
        /^pk_relay_backlog_events\{service="expertise"\} 0$/m.test(text) &&
        /^pk_relay_leading\{service="expertise"\} 1$/m.test(text) &&
        /^pk_consumer_lag_messages\{[^}]*part="reactions"[^}]*topic="pk\.catalog\.events\.v1"[^}]*\} \d+$/m.test(
          text,
        ) &&
        /^pk_consumer_lag_messages\{[^}]*part="projection:known-providers"[^}]*partition="\d"[^}]*\} \d+$/m.test(
          text,
        )
      );
    }, 'the relay and consumer series');
    const ready = await api.anonymous.get('/health/ready');
    expect(ready).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        checks: { stores: { ready: true }, broker: { ready: true }, 'read-models': { ready: true } },
      },
    });
  });
});
