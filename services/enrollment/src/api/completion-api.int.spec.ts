import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, readPublishedEvent, REGION_CODES } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import {
  publishedEvent,
  reactionsFromNow,
  serverEndpoints,
  type ServiceApi,
  startServiceApi,
  uniqueName,
  until,
} from '@pk/test-kit';
import { Kafka, logLevel } from 'kafkajs';
import { ids, offeringOpened } from '../../test/group.fixtures';
import { service } from '../service';

// The course's results as enrollment runs: the group formed from catalog's topic, the provider's
// results and attendance over HTTP, decided on PostgreSQL, and relayed to enrollment's public topic
// in the contracts' shapes, where vouchers (redeem, release, fraud signal) and diagnostics read them.
jest.setTimeout(120_000);

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

describe('the course results on PostgreSQL and Kafka (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'enrollment-completion-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
  const coordinator: Principal = {
    subject: 'coord',
    role: 'school-coordinator',
    region,
    organization: ids.school,
  };
  const provider: Principal = { subject: 'prov', role: 'provider', region, organization: ids.provider };
  let api: ServiceApi;

  beforeAll(async () => {
    await reactionsFromNow('enrollment');
    api = await startServiceApi('enrollment', [ServiceKit.forService(service)]);
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  /** enrollment's public topic, from the beginning, keyed by the group's stream, until `count` events of these types. */
  async function publishedOf(offeringId: string, types: readonly string[], count: number) {
    const kafka = new Kafka({
      clientId: 'completion-int',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: uniqueName('completion-int') });
    const found: ReturnType<typeof readPublishedEvent>[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: publicTopic('enrollment'), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not ${count} of ${types.join(', ')} within 60 s`)),
          60_000,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() !== `group-${offeringId}`) return;
            // validated against the contract's schema of its type and version, or this throws
            const event = readPublishedEvent(JSON.parse(message.value?.toString() ?? '{}'));
            if (!types.includes(event.type)) return;
            found.push(event);
            if (found.length === count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return found;
  }

  it('publishes a completion, a non-completion with its block notice, attendance and feedback in the contracts’ shapes', async () => {
    // a course that began 10 days ago; its group formed when catalog closed enrollment
    const opened = offeringOpened({ region, capacity: 3, startsOn: daysAgo(10) });
    const { offeringId, programId } = opened.data;
    await bus.publish(publicTopic('catalog'), [toMessage(opened)]);
    await until(
      async () => (await api.as(provider).get(`/offerings/${offeringId}/group`)).status === 200,
      'the group',
    );
    const learners: { teacherId: string; applicationId: string }[] = [];
    for (const route of ['employer', 'voucher']) {
      const teacherId = randomUUID();
      const applied = await api
        .as({ subject: teacherId, role: 'teacher', region })
        .post(`/offerings/${offeringId}/applications`, { organizationId: ids.school, route });
      const applicationId = applied.body['applicationId'] as string;
      await api.as(coordinator).post(`/offerings/${offeringId}/applications/${applicationId}/approval`, {});
      learners.push({ teacherId, applicationId });
    }
    const [employed, vouchered] = learners as [(typeof learners)[0], (typeof learners)[0]];
    // vouchers' answer to the voucher learner's block request, as vouchers publishes it
    const blockReserved = publishedEvent('vouchers.BlockReserved', {
      requestId: vouchered.applicationId,
      applicationId: vouchered.applicationId,
      teacherId: vouchered.teacherId,
      region,
      year: Number(daysAgo(10).slice(0, 4)),
      programId,
      offeringId,
      providerId: ids.provider,
      voucherId: ids.voucher,
      block: 1,
    });
    await bus.publish(publicTopic('vouchers'), [toMessage(blockReserved)]);
    await bus.publish(publicTopic('catalog'), [
      toMessage(
        publishedEvent(
          'catalog.OfferingClosed',
          { offeringId, region },
          { subject: `offering-${offeringId}` },
        ),
      ),
    ]);
    await until(async () => {
      const group = (await api.as(provider).get(`/offerings/${offeringId}/group`)).body;
      return (
        group['status'] === 'formed' &&
        (group['places'] as { status: string }[]).every((p) => p.status === 'confirmed')
      );
    }, 'the group formed with both confirmed');

    const at = (applicationId: string, what: string) =>
      `/offerings/${offeringId}/applications/${applicationId}/${what}`;
    const completion = {
      kind: 'advanced-training',
      hours: 72,
      certificateNumber: `63-${randomUUID().slice(0, 8)}`,
      completedOn: daysAgo(1),
    };
    expect(
      (
        await api
          .as(provider)
          .post(at(employed.applicationId, 'attendance'), { hoursAttended: 70, hoursPlanned: 72 })
      ).status,
    ).toBe(201);
    expect((await api.as(provider).post(at(employed.applicationId, 'completion'), completion)).status).toBe(
      201,
    );
    const dropout = {
      code: 'failed-final-assessment',
      reason: 'итоговая работа не сдана',
      endedOn: daysAgo(1),
    };
    expect((await api.as(provider).post(at(vouchered.applicationId, 'non-completion'), dropout)).status).toBe(
      201,
    );

    const ratings = { content: 5, practiceOrientation: 4, teachers: 5, organization: 4 };
    const feedback = await api
      .as({ subject: employed.teacherId, role: 'teacher', region })
      .post(at(employed.applicationId, 'feedback'), { ...ratings, comment: 'Спасибо Ивановой И. И.!' });
    expect(feedback.status).toBe(201);

    const events = await publishedOf(
      offeringId,
      [
        'enrollment.AttendanceRecorded',
        'enrollment.CourseCompleted',
        'enrollment.CourseNotCompleted',
        'enrollment.LearnerDroppedOut',
        'enrollment.FeedbackGiven',
      ],
      5,
    );
    const common = { teacherId: employed.teacherId, region, offeringId, programId, providerId: ids.provider };
    expect(events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data }))).toEqual([
      {
        type: 'enrollment.AttendanceRecorded',
        schemaVersion: 1,
        data: {
          ...common,
          applicationId: employed.applicationId,
          hoursAttended: 70,
          hoursPlanned: 72,
          recordedAt: expect.any(String),
        },
      },
      {
        type: 'enrollment.CourseCompleted',
        schemaVersion: 1,
        data: { ...common, enrollmentId: employed.applicationId, organizationId: ids.school, ...completion },
      },
      {
        type: 'enrollment.CourseNotCompleted',
        schemaVersion: 1,
        data: {
          ...common,
          teacherId: vouchered.teacherId,
          applicationId: vouchered.applicationId,
          organizationId: ids.school,
          route: 'voucher',
          ...dropout,
        },
      },
      {
        type: 'enrollment.LearnerDroppedOut',
        schemaVersion: 1,
        data: {
          applicationId: vouchered.applicationId,
          teacherId: vouchered.teacherId,
          region,
          droppedOn: dropout.endedOn,
          reason: dropout.reason,
        },
      },
      {
        // anonymous, and without the comment (it names a person): whether there is one, only
        type: 'enrollment.FeedbackGiven',
        schemaVersion: 1,
        data: { region, offeringId, programId, providerId: ids.provider, ratings, hasComment: true },
      },
    ]);
  });
});
