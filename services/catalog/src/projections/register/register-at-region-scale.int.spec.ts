import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import {
  ContractViolation,
  type PublicEvent,
  publicTopic,
  REGION_CODES,
  readPublishedEvent,
} from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ProjectionRunner, type ReadModelOf } from '@pk/projections';
import { EVENT_STORE, readModelToken, ServiceKit } from '@pk/service-runtime';
import {
  providerRegistered,
  publishedEvent,
  serverEndpoints,
  type ServiceApi,
  startServiceApi,
  uniqueName,
  until,
} from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { service } from '../../service';
import { register } from './register.projection';

/**
 * Issue 24's two shapes that once wedged FerretDB. The submissions run at the size they were found
 * at; the rebuild at a fortieth of the 80 000 events it stopped at (its batches are the wedging
 * shape whatever their number; each fetch brings hundreds), to keep the suite within its time — `REGISTER_REBUILD_PROGRAMS=10000`
 * runs it at full size (8 events a program): 42.6 s to the swap during a whole `npm test` on this
 * machine.
 */
const SUBMISSIONS = Number(process.env['REGISTER_SUBMISSIONS'] ?? 1_000);
const SUBMISSION_WINDOW_MS = 12_000;
const REBUILD_PROGRAMS = Number(process.env['REGISTER_REBUILD_PROGRAMS'] ?? 250);

const operator = { id: 'ops-test', role: 'platform-operator' };
const LONG = { timeoutMs: 600_000, pollMs: 250 };

// The register at a region's size, on real servers. Both cases once left FerretDB wedged for good
// (docs/read-models.md, "FerretDB's connection pool"): a region's programs submitted within seconds
// made the projection write one large batch of guarded updates, and a rebuild of the 79 492 events of
// a register stopped at 15 489. What is asserted is that they finish, with every program where it
// belongs — how fast is the benchmark's business.
describe('the register at a region’s size (integration)', () => {
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'register-scale-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });

  afterAll(() => bus.close());

  describe(`${SUBMISSIONS} programs submitted over HTTP within ${SUBMISSION_WINDOW_MS / 1000} s`, () => {
    let api: ServiceApi;
    const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
    const providerId = randomUUID();
    const provider: Principal = { subject: 'sipkro', role: 'provider', region, organization: providerId };

    beforeAll(async () => {
      api = await startServiceApi('catalog', [ServiceKit.forService(service)]);
      await api.app
        .get(EVENT_STORE)
        .append(`provider-${providerId}`, [providerRegistered(region, providerId)], 'no-stream');
    });
    afterAll(() => api?.close());

    const card = (n: number) => ({
      title: `Программа ${n} для учителей физики`,
      annotation: 'Задания PISA-типа на уроках физики.',
      kind: 'advanced-training',
      hours: 36,
      format: 'blended',
      targetPositions: ['teacher'],
      organizationTypes: ['school'],
      subjects: ['physics'],
      workProfile: '',
      competencies: ['R/01'],
      voucherEligible: true,
      employerAssessment: true,
      practiceShare: 50,
    });

    it('all reach the register as submitted, and the read store answers throughout', async () => {
      const programs = `/providers/${providerId}/programs`;
      const submitted: string[] = [];
      const started = Date.now();
      // as a region's providers would: each program's draft is due at its time in the window, sent
      // by one of 16 submitters (a service that falls behind stretches the window, never the test)
      let next = 0;
      const submit = async (n: number) => {
        const programId = randomUUID();
        const drafted = await api.as(provider).post(programs, { ...card(n), programId, region });
        expect(drafted.status).toBe(201);
        expect((await api.as(provider).post(`${programs}/${programId}/submission`)).status).toBe(201);
        submitted.push(programId);
      };
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < SUBMISSIONS) {
            const n = next++;
            const due = started + (n * SUBMISSION_WINDOW_MS) / SUBMISSIONS;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
            await submit(n);
          }
        }),
      );
      const sent = Date.now() - started;
      const model = api.app.get<ReadModelOf<typeof register>>(readModelToken(register));
      const inRegister = () => model.collection('programs').count({ providerId, status: 'submitted' });
      await until(async () => (await inRegister()) === SUBMISSIONS, 'every submission in the register', LONG);
      process.stdout.write(
        `register: ${SUBMISSIONS} programs drafted and submitted in ${sent} ms, all in the register ${Date.now() - started} ms after the first\n`,
      );
      expect(submitted).toHaveLength(SUBMISSIONS);
      // the store still answers a point read at once: nothing is left holding its connections
      expect((await api.as(provider).get(`/programs/${submitted[0]}`)).status).toBe(200);
    }, 600_000);
  });

  describe(`a rebuild of a register of ${REBUILD_PROGRAMS * 8} events`, () => {
    const connection = mongoose.createConnection(
      mongodbUrl.replace(/\/pk$/, `/${uniqueName('register').replace(/-/g, '_')}`),
    );
    const topic = uniqueName(publicTopic('catalog'));
    // the catalog's own register, on a topic of this spec's
    const projection = { ...register, name: uniqueName('catalog-register'), topics: [topic] };
    const runner = new ProjectionRunner({
      service: 'test',
      connection,
      bus,
      projection,
      readEvent: readPublishedEvent,
      isPermanent: (error) => error instanceof ContractViolation,
    });

    beforeAll(async () => {
      await connection.asPromise();
      await bus.ensureTopics([{ topic, partitions: 6 }]);
    });
    afterAll(async () => {
      await runner.stop();
      await connection.dropDatabase();
      await connection.close();
    });

    it('finishes, holding every program approved after its return and resubmission, and its offering', async () => {
      const region = '63';
      const providerId = randomUUID();
      const programIds = Array.from({ length: REBUILD_PROGRAMS }, () => randomUUID());
      // eight events a program, published round by round as a year of review lays them down, so
      // most of a rebuild's batches update documents an earlier batch wrote
      const rounds: ((programId: string) => PublicEvent)[] = [
        (programId) =>
          publishedEvent('catalog.ProgramDrafted', { programId, providerId, region }, at(programId, 0)),
        (programId) =>
          publishedEvent('catalog.ProgramDraftEdited', { programId, providerId, region }, at(programId, 1)),
        (programId) =>
          publishedEvent(
            'catalog.ProgramSubmitted',
            { programId, providerId, region, revision: 1 },
            at(programId, 2),
          ),
        (programId) =>
          publishedEvent(
            'catalog.ProgramReturned',
            { programId, providerId, region, revision: 1 },
            at(programId, 3),
          ),
        (programId) =>
          publishedEvent('catalog.ProgramDraftEdited', { programId, providerId, region }, at(programId, 4)),
        (programId) =>
          publishedEvent(
            'catalog.ProgramSubmitted',
            { programId, providerId, region, revision: 2 },
            at(programId, 5),
          ),
        (programId) =>
          publishedEvent(
            'catalog.ProgramApproved',
            { programId, providerId, region, revision: 2 },
            at(programId, 6),
          ),
        (programId) =>
          publishedEvent(
            'catalog.OfferingOpened',
            { offeringId: offeringOf(programId), programId, providerId, region },
            { subject: `offering-${offeringOf(programId)}`, position: 0 },
          ),
      ];
      for (const round of rounds) {
        const events = programIds.map(round);
        for (let i = 0; i < events.length; i += 1_000)
          await bus.publish(topic, events.slice(i, i + 1_000).map(toMessage));
      }

      // The live generation is at the head, as a register's is when an operator rebuilds it: its
      // consumer group (the runner's first-generation group, `<service>.<read model>.g1`) committed
      // at the topic's end. Catching a live generation up from zero is another path (each change a
      // committed write, updates guarded one by one), which the first case above measures live.
      const admin = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.setOffsets({
          groupId: `test.${projection.name}.g1`,
          topic,
          partitions: (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({
            partition,
            offset: high,
          })),
        });
      } finally {
        await admin.disconnect();
      }
      await runner.start();
      await until(async () => (await runner.lag()) === 0, 'the live generation at the head', LONG);
      const started = Date.now();
      const progress = await runner.rebuild(operator);
      expect(progress.state).toBe('rebuilding');
      await until(() => runner.progress()?.state !== 'rebuilding', 'the rebuild', LONG);
      expect(runner.progress()).toMatchObject({ state: 'swapped', total: REBUILD_PROGRAMS * 8 });
      process.stdout.write(
        `register: a rebuild of ${REBUILD_PROGRAMS * 8} events swapped in ${Date.now() - started} ms\n`,
      );
      expect(runner.generation).toBe(2);
      expect(
        await runner
          .model('programs')
          .countDocuments({ providerId, status: 'approved', approvedRevision: 2 }),
      ).toBe(REBUILD_PROGRAMS);
      expect(await runner.model('offerings').countDocuments({ providerId })).toBe(REBUILD_PROGRAMS);
    }, 900_000);
  });
});

const at = (programId: string, position: number) => ({ subject: `program-${programId}`, position });
/** An offering id per program, stable within the spec. */
const offerings = new Map<string, string>();
function offeringOf(programId: string): string {
  let id = offerings.get(programId);
  if (!id) offerings.set(programId, (id = randomUUID()));
  return id;
}
