// Monitoring's admin queries — the Samara indicators and the region in figures — at a region's scale
// beside the same at 1 000 teachers, measured in one run on the same servers: monitoring's
// projections write a generated region through Kafka into the read store, then every query shape is
// timed `samples` times in turn. The answers come from the per-partition counts (samara-counts,
// figure-counts), kept parsed by the queries between requests while their stamps do not change.
// Beside them, in the same run, peers: the same queries on a fresh instance each time (what a request
// costs when every document changed since the last: all read, parsed and joined again), the
// region-wide Samara answer's documents read by a raw driver `find` (the store's share of that), and
// at 1 000 teachers the old paths that gathered every fact of the scope (every-fact-gathered.ts; 95 s
// and 37 s region-wide at Samara's size, so not repeated there). Prints p50 and p99 of each shape
// at both sizes with the growth (large p50 / 1 000 p50), and the samples as JSON on the last line.
//
//   PK_PORT_OFFSET=3000 MONITORING_BENCH_TEACHERS=45651 MONITORING_BENCH_SAMPLES=20 \
//     node deploy/bench/run.mjs services/monitoring/scripts/indicators-bench.ts
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
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
import { samaraCounts } from '../src/projections/samara-counts/samara-counts.projection';
import { teacherDevelopment } from '../src/projections/teacher-development/teacher-development.projection';
import { figureCounts } from '../src/projections/figure-counts/figure-counts.projection';
import { voucherFigures } from '../src/projections/voucher-figures/voucher-figures.projection';
import { MonitoringQueries } from '../src/queries/monitoring.queries';
import { SamaraQueries } from '../src/queries/samara.queries';
import { EveryFactGathered } from './every-fact-gathered';

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

/** Teachers at or below which the old path (every fact gathered per request) is timed too. */
const OLD_PATH_UP_TO = 1_000;

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
  const completions = generated.development.filter((event) => event.type === 'enrollment.CourseCompleted');
  try {
    const oldPath = teachers <= OLD_PATH_UP_TO;
    const figures = await start(regionFigures, generated.figures);
    const development = oldPath ? await start(teacherDevelopment, generated.development) : null;
    const vouchers = oldPath ? await start(voucherFigures, generated.vouchers) : null;
    // the counts read the catalog's schools and programs and every teacher's facts
    const counts = await start(samaraCounts, [...generated.figures, ...generated.development]);
    const figureCounted = await start(figureCounts, [
      ...generated.figures,
      ...generated.development,
      ...generated.vouchers,
    ]);
    const issued = generated.vouchers.filter((event) => event.type === 'vouchers.VoucherIssued').length;
    const started = performance.now();
    await until(
      async () => {
        const years = await counts
          .model('counts')
          .find({ region: '63', part: 'year' }, { data: 1 })
          .lean<{ data: string | null }[]>();
        const counted = years.reduce((total, { data }) => {
          if (data === null) return total;
          const parsed = JSON.parse(data) as { completions: Record<string, Record<string, number[]>> };
          return (
            total +
            Object.values(parsed.completions)
              .flatMap((school) => Object.values(school))
              .reduce((n, list) => n + list.length, 0)
          );
        }, 0);
        const figured = (
          await figureCounted
            .model('counts')
            .find({ region: '63', part: 'year' }, { data: 1 })
            .lean<{ data: string | null }[]>()
        ).reduce(
          (total, { data }) => {
            if (data === null) return total;
            const parsed = JSON.parse(data) as { enrollments: number[]; vouchers: Record<string, number[]> };
            return [total[0]! + parsed.enrollments[2]!, total[1]! + (parsed.vouchers['*']?.[0] ?? 0)];
          },
          [0, 0],
        );
        return (
          counted >= completions.length &&
          figured[0]! >= completions.length &&
          figured[1]! >= issued &&
          (await figures.model('municipalities').countDocuments({ region: '63' })) >= 40 &&
          (development === null ||
            (await development.model('outcomes').countDocuments({ region: '63' })) >= completions.length) &&
          (vouchers === null || (await vouchers.model('vouchers').countDocuments({ region: '63' })) >= issued)
        );
      },
      'the read models',
      LONG,
    );
    console.error(
      `${teachers} teachers: read models caught up in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    const queries = new SamaraQueries(counts as never, figures as never);
    const figureQueries = new MonitoringQueries(figureCounted as never);
    const one = { region: '63', municipalityId: generated.municipalities[0]! };
    const raw = connection.db!.collection(counts.model('counts').collection.collectionName);
    const shapes: Record<string, () => Promise<unknown>> = {
      'indicators, one municipality': () => queries.samara(one, 2026),
      'indicators, region-wide': () => queries.samara({ region: '63' }, 2026),
      'indicators, every municipality (the list)': () => queries.samaraByMunicipality('63', 2026),
      'figures, one municipality': () => figureQueries.statistics(one, 2026),
      'figures, region-wide': () => figureQueries.statistics({ region: '63' }, 2026),
      // peers: every document read, parsed and added up again (a fresh instance keeps nothing)
      'peer: indicators region-wide, every document changed': () =>
        new SamaraQueries(counts as never, figures as never).samara({ region: '63' }, 2026),
      'peer: the list, every document changed': () =>
        new SamaraQueries(counts as never, figures as never).samaraByMunicipality('63', 2026),
      'peer: figures region-wide, every document changed': () =>
        new MonitoringQueries(figureCounted as never).statistics({ region: '63' }, 2026),
      // the documents a region-wide answer reads when all changed, by the driver alone (no parsing, no sums)
      'peer: the region-wide indicators’ documents, raw find': () =>
        Promise.all([
          raw.find({ region: '63', part: 'register' }).toArray(),
          raw.find({ region: '63', part: 'catalog' }).toArray(),
          raw.find({ region: '63', part: 'year', year: 2026 }).toArray(),
          raw.find({ region: '63', part: 'year', year: 2025 }).toArray(),
          raw.find({ region: '63', part: 'firsts' }).toArray(),
        ]),
    };
    if (development !== null && vouchers !== null) {
      const old = new EveryFactGathered(figures as never, development as never, vouchers as never);
      shapes['old path (every fact gathered): indicators region-wide'] = () =>
        old.samara({ region: '63' }, 2026);
      shapes['old path: indicators, one municipality'] = () => old.samara(one, 2026);
      shapes['old path: figures region-wide'] = () => old.statistics({ region: '63' }, 2026);
      shapes['old path: figures, one municipality'] = () => old.statistics(one, 2026);
      // what is timed must be the same answer: the counts kept ahead against every fact gathered
      for (const scope of [{ region: '63' }, one]) {
        const same = (a: unknown, b: unknown, what: string) => {
          if (!isDeepStrictEqual(a, b))
            throw new Error(`${what} differ from the old path's: ${JSON.stringify({ ours: a, old: b })}`);
        };
        same(await queries.samara(scope, 2026), await old.samara(scope, 2026), 'the indicators');
        same(await figureQueries.statistics(scope, 2026), await old.statistics(scope, 2026), 'the figures');
      }
      console.error(`${teachers} teachers: the answers equal the old paths'`);
    }
    // the size of what a region-wide answer reads
    const bytes = (
      await raw.find({ region: '63', part: { $in: ['register', 'catalog', 'year', 'firsts'] } }).toArray()
    ).reduce(
      (total, document) => total + (typeof document['data'] === 'string' ? document['data'].length : 0),
      0,
    );
    console.error(
      `${teachers} teachers: the region's count documents hold ${Math.round(bytes / 1024)} KB of JSON`,
    );
    const spent = await timeShapes(shapes, samples);
    // a request after one partition's year document changed (a completion or a deficit arrived):
    // that document read again and the region's counts computed again — timed without the setup
    const changed = async (name: string, held: unknown, run: () => Promise<unknown>) => {
      const internals = held as {
        documents: { kept: Map<string, { part: string; year: number | null; stamp: string }> };
        computed: { regions: Map<string, unknown> };
      };
      const forgetOne = () => {
        const year = [...internals.documents.kept.values()].find(
          (document) => document.part === 'year' && document.year === 2026,
        );
        if (!year) throw new Error('no year document kept');
        // as if its partition rewrote it: read again, and everything computed from it computed again
        year.stamp = 'changed';
        internals.computed.regions.clear();
      };
      await run();
      spent[name] = [];
      for (let i = 0; i < samples; i++) {
        forgetOne();
        const started = performance.now();
        await run();
        spent[name].push(performance.now() - started);
      }
    };
    await changed('indicators region-wide, after one partition’s year changed', queries, () =>
      queries.samara({ region: '63' }, 2026),
    );
    await changed('the list, after one partition’s year changed', queries, () =>
      queries.samaraByMunicipality('63', 2026),
    );
    await changed('figures region-wide, after one partition’s year changed', figureQueries, () =>
      figureQueries.statistics({ region: '63' }, 2026),
    );
    return spent;
  } finally {
    for (const runner of runners) await runner.stop();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/** Nearest rank, as deploy/bench/percentile.ts (which a service's script cannot import). */
const percentile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function main() {
  const teachers = Number(process.env['MONITORING_BENCH_TEACHERS'] ?? 45_651);
  const samples = Number(process.env['MONITORING_BENCH_SAMPLES'] ?? 20);
  const { kafkaBrokers, mongodbUrl } = serverEndpoints();
  const bus = new KafkaMessageBus({ clientId: 'bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  try {
    const peer = await measure(bus, mongodbUrl, 1_000, samples);
    const ours = await measure(bus, mongodbUrl, teachers, samples);
    const ms = (value: number) => `${Math.round(value)} ms`;
    console.log(`| shape | ${teachers} teachers p50 / p99 | 1 000 teachers p50 / p99 | growth of p50 |`);
    console.log('| --- | --- | --- | --- |');
    for (const shape of Object.keys(peer)) {
      const b = peer[shape]!;
      const a = ours[shape];
      const large = a ? `${ms(percentile(a, 0.5))} / ${ms(percentile(a, 0.99))}` : 'not run';
      const growth = a ? `${(percentile(a, 0.5) / percentile(b, 0.5)).toFixed(1)}×` : '—';
      console.log(
        `| ${shape} | ${large} | ${ms(percentile(b, 0.5))} / ${ms(percentile(b, 0.99))} | ${growth} |`,
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
