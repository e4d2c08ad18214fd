// Monitoring's admin queries at a region's scale beside the same at 1 000 teachers, measured in one
// run on the same servers: each of monitoring's projections writes a generated region through Kafka
// into the read store, then every query shape is timed `samples` times in turn. Prints p50 and p99
// of each shape at both sizes, and the samples as JSON on the last line.
//
//   PK_PORT_OFFSET=4000 MONITORING_BENCH_TEACHERS=45651 MONITORING_BENCH_SAMPLES=5 \
//     node deploy/bench/run.mjs services/monitoring/scripts/indicators-bench.ts
import { randomUUID } from 'node:crypto';
import { type EventEnvelope, publicTopic } from '@pk/contracts';
import { KafkaMessageBus } from '@pk/messaging';
import { type AnyProjection, ProjectionRunner } from '@pk/projections';
import {
  benchRunnerOptions,
  onTopicOfItsOwn,
  publishAll,
  publishedEvent,
  seededRandom,
  serverEndpoints,
  timeShapes,
  uniqueName,
  until,
} from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { regionFigures } from '../src/projections/region-figures/region-figures.projection';
import { teacherDevelopment } from '../src/projections/teacher-development/teacher-development.projection';
import { voucherFigures } from '../src/projections/voucher-figures/voucher-figures.projection';
import { MonitoringQueries } from '../src/queries/monitoring.queries';

const LONG = { timeoutMs: 1_800_000, pollMs: 500 };
const COMPETENCIES = [
  'A/01.6',
  'A/02.6',
  'A/03.6',
  'B/01.5',
  'B/02.6',
  'B/03.6',
  'B/04.6',
  'B/05.6',
] as const;
const REGIONAL = ['R/01', 'R/02', 'R/03', 'R/04', 'R/05', 'R/06'] as const;
const ALL = [...COMPETENCIES, ...REGIONAL];

/**
 * A region of `teachers` teachers shaped like Samara's (45 651 teachers, 2 146 schools, 915 programs;
 * 40 municipalities): for 2025 and 2026, 40 % of teachers with one to three deficits, 30 % with a
 * trajectory, 35 % with a completed course; 20 % awarded a category; half with a voucher of 2026, a
 * block of it redeemed. The events of each projection on a topic of its own.
 */
function region(teachers: number) {
  const random = seededRandom(teachers);
  const scale = teachers / 45_651;
  const municipalities = Array.from({ length: 40 }, () => randomUUID());
  const schools = Array.from({ length: Math.max(40, Math.round(2_146 * scale)) }, () => randomUUID());
  const programs = Array.from({ length: Math.max(20, Math.round(915 * scale)) }, () => randomUUID());
  const municipalityOf = (school: number) => municipalities[school % municipalities.length]!;
  const figures: EventEnvelope[] = [];
  const development: EventEnvelope[] = [];
  const vouchers: EventEnvelope[] = [];
  municipalities.forEach((municipalityId, i) =>
    figures.push(
      publishedEvent(
        'catalog.MunicipalityRegistered',
        { municipalityId, region: '63', name: `Муниципалитет ${i + 1}` },
        { subject: `municipality-${municipalityId}` },
      ),
    ),
  );
  schools.forEach((organizationId, i) =>
    figures.push(
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId, region: '63', municipalityId: municipalityOf(i) },
        { subject: `organization-${organizationId}` },
      ),
    ),
  );
  for (const programId of programs) {
    figures.push(
      publishedEvent(
        'catalog.ProgramApproved',
        { programId, region: '63', competencies: random.some(ALL, 1, 3) },
        { subject: `program-${programId}`, position: 3 },
      ),
    );
  }
  for (let i = 0; i < teachers; i++) {
    const teacherId = randomUUID();
    const school = i % schools.length;
    const organizationId = schools[school]!;
    const municipalityId = municipalityOf(school);
    const awarded = random.next() < 0.2;
    const registered = publishedEvent(
      'diagnostics.TeacherRegistered',
      {
        teacherId,
        region: '63',
        organizationId,
        municipalityId,
        category: awarded ? 'first' : 'none',
        categorySince: awarded ? `${random.pick([2024, 2025, 2026])}-03-01` : null,
      },
      { subject: `teacher-${teacherId}` },
    );
    figures.push(registered);
    development.push(registered);
    let position = 0;
    for (const year of [2025, 2026]) {
      if (random.next() < 0.4) {
        for (const competency of random.some(ALL, 1, 3)) {
          development.push(
            publishedEvent(
              'diagnostics.DeficitFound',
              { teacherId, region: '63', organizationId, municipalityId, competency },
              { subject: `profile-${teacherId}`, position: position++, time: `${year}-02-01T09:00:00.000Z` },
            ),
          );
        }
      }
      if (random.next() < 0.3) {
        development.push(
          publishedEvent(
            'diagnostics.TrajectoryProposed',
            { teacherId, region: '63', organizationId, year },
            { subject: `trajectory-${teacherId}-${year}` },
          ),
        );
      }
      if (random.next() < 0.35) {
        const enrollmentId = randomUUID();
        development.push(
          publishedEvent(
            'enrollment.CourseCompleted',
            {
              enrollmentId,
              teacherId,
              region: '63',
              organizationId,
              programId: random.pick(programs),
              completedOn: `${year}-06-15`,
            },
            { subject: `enrollment-${enrollmentId}`, position: 6 },
          ),
        );
      }
    }
    if (random.next() < 0.5) {
      const voucherId = randomUUID();
      const subject = `voucher-${voucherId}`;
      vouchers.push(
        publishedEvent(
          'vouchers.VoucherIssued',
          { voucherId, teacherId, region: '63', year: 2026, municipalityId, organizationId },
          { subject },
        ),
        publishedEvent(
          'vouchers.BlockRedeemed',
          { voucherId, teacherId, region: '63', year: 2026, block: 1 },
          { subject, position: 2 },
        ),
      );
    }
  }
  return { municipalities, figures, development, vouchers };
}

async function measure(bus: KafkaMessageBus, mongodbUrl: string, teachers: number, samples: number) {
  const connection = await mongoose
    .createConnection(mongodbUrl.replace(/\/pk$/, `/${uniqueName('bench').replace(/-/g, '_')}`))
    .asPromise();
  const generated = region(teachers);
  const runners: ProjectionRunner<never, never>[] = [];
  const start = async (projection: AnyProjection, events: readonly EventEnvelope[]) => {
    const topic = uniqueName(publicTopic('diagnostics'));
    await bus.ensureTopics([{ topic, partitions: 6 }]);
    const runner = new ProjectionRunner({
      ...benchRunnerOptions(bus, connection),
      projection: onTopicOfItsOwn(projection, topic),
    });
    runners.push(runner as never);
    await runner.start();
    await publishAll(bus, topic, events);
    return runner;
  };
  try {
    const figures = await start(regionFigures, generated.figures);
    const development = await start(teacherDevelopment, generated.development);
    const vouchers = await start(voucherFigures, generated.vouchers);
    await until(
      async () =>
        (await figures.model('teachers').countDocuments({ region: '63' })) >= teachers &&
        (await vouchers.model('vouchers').countDocuments({ region: '63' })) >=
          generated.vouchers.length / 2 &&
        (await development.model('outcomes').countDocuments({ region: '63' })) >=
          generated.development.filter((event) => event.type === 'enrollment.CourseCompleted').length,
      'the read models',
      LONG,
    );
    const queries = new MonitoringQueries(figures as never, development as never, vouchers as never);
    const one = { region: '63', municipalityId: generated.municipalities[0]! };
    return await timeShapes(
      {
        'indicators, one municipality': () => queries.samara(one, 2026),
        'indicators, region-wide': () => queries.samara({ region: '63' }, 2026),
        'indicators, every municipality (the list)': () => queries.samaraByMunicipality('63', 2026),
        'figures, one municipality': () => queries.statistics(one, 2026),
        'figures, region-wide': () => queries.statistics({ region: '63' }, 2026),
      },
      samples,
    );
  } finally {
    for (const runner of runners) await runner.stop();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main() {
  const teachers = Number(process.env['MONITORING_BENCH_TEACHERS'] ?? 45_651);
  const samples = Number(process.env['MONITORING_BENCH_SAMPLES'] ?? 5);
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  try {
    const peer = await measure(bus, mongodbUrl, 1_000, samples);
    const ours = await measure(bus, mongodbUrl, teachers, samples);
    const ms = (value: number) => `${Math.round(value)} ms`;
    console.log(`| shape | ${teachers} teachers p50 / p99 | 1 000 teachers p50 / p99 |`);
    console.log('| --- | --- | --- |');
    for (const shape of Object.keys(ours)) {
      const [a, b] = [ours[shape]!, peer[shape]!];
      console.log(
        `| ${shape} | ${ms(percentile(a, 50))} / ${ms(percentile(a, 99))} | ${ms(percentile(b, 50))} / ${ms(percentile(b, 99))} |`,
      );
    }
    console.log(JSON.stringify({ teachers, samples, ours, peer }));
  } finally {
    await bus.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
