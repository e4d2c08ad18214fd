// The domain's read queries at a region's scale, each beside the same query at 1 000 documents in
// the same run: the catalog register's search (1 000 vs 20 000 approved programs) and diagnostics'
// overdue-training report (1 000 vs 45 651 teachers). The documents are written by the services'
// own projections (through Kafka into FerretDB), and the queries are the services' own classes.
import { randomUUID } from 'node:crypto';
import {
  COMPETENCY_FRAMEWORK,
  ContractViolation,
  type EventEnvelope,
  ORGANIZATION_KINDS,
  POSITIONS,
  publicTopic,
  readPublishedEvent,
  SUBJECTS,
} from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import type { KafkaMessageBus } from '@pk/messaging';
import { ProjectionRunner } from '@pk/projections';
import { publishedEvent, uniqueName, until } from '@pk/test-kit';
import mongoose from 'mongoose';
import { register } from '../../services/catalog/src/projections/register/register.projection';
import {
  RegisterQueries,
  type RegisterSearch,
} from '../../services/catalog/src/projections/register/register.queries';
import { reviewWaits } from '../../services/catalog/src/projections/review-waits/review-waits.projection';
import { teacherRoster } from '../../services/diagnostics/src/projections/teacher-roster/teacher-roster.projection';
import { TeacherRosterQueries } from '../../services/diagnostics/src/projections/teacher-roster/teacher-roster.queries';

export interface QueryFigures {
  /** Every sample of every shape, in milliseconds. */
  readonly samples: number[];
  /** The median of each shape. */
  readonly shapes: Record<string, number>;
}

const LONG = { timeoutMs: 900_000, pollMs: 200 };

/** A small deterministic generator: the same register at every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], min: number, max: number) => {
    const count = min + Math.floor(next() * (max - min + 1));
    return [...new Set(Array.from({ length: count }, () => pick(list)))];
  };
  return { next, pick, some };
}

const TOPICS = [
  'Формирование функциональной грамотности обучающихся',
  'Инклюзивное образование детей с ОВЗ',
  'Цифровая образовательная среда: инструменты учителя',
  'Подготовка к ЕГЭ по физике: методика',
  'Ёмкие уроки: смысловое чтение на всех предметах',
  'Воспитательная работа классного руководителя',
  'Наставничество в образовательной организации',
  'Обновлённые ФГОС: рабочая программа по предмету',
  'Профилактика выгорания педагога',
  'Проектная деятельность в основной школе',
];

/** A projection of a service on a topic of its own, in a database of its own. */
const retopic = <T extends { readonly name: string }>(projection: T, topic: string): T => ({
  ...projection,
  name: uniqueName(projection.name),
  topics: [topic],
});
const runnerOptions = (bus: KafkaMessageBus, connection: mongoose.Connection) => ({
  service: 'bench',
  connection,
  bus,
  readEvent: readPublishedEvent,
  isPermanent: (error: unknown) => error instanceof ContractViolation,
});

async function publishAll(bus: KafkaMessageBus, topic: string, events: readonly EventEnvelope[]) {
  for (let i = 0; i < events.length; i += 1000)
    await bus.publish(topic, events.slice(i, i + 1000).map(toMessage));
}

async function timeShapes(
  shapes: Record<string, () => Promise<unknown>>,
  samplesPerShape: number,
): Promise<QueryFigures> {
  const samples: number[] = [];
  const byShape: Record<string, number[]> = {};
  for (const run of Object.values(shapes)) await run(); // one uncounted round: connections, JIT
  for (let i = 0; i < samplesPerShape; i++) {
    for (const [name, run] of Object.entries(shapes)) {
      const started = performance.now();
      await run();
      const spent = performance.now() - started;
      samples.push(spent);
      (byShape[name] ??= []).push(spent);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    samples,
    shapes: Object.fromEntries(Object.entries(byShape).map(([name, values]) => [name, median(values)])),
  };
}

/**
 * `programs` approved programs of region 63, written by the catalog's register projection, then
 * nine query shapes a teacher and the ministry use, each `samplesPerShape` times in turn.
 */
export async function registerSearch(
  bus: KafkaMessageBus,
  mongodbUrl: string,
  programs: number,
  samplesPerShape: number,
): Promise<QueryFigures> {
  const connection = await mongoose
    .createConnection(mongodbUrl.replace(/\/pk$/, `/${uniqueName('bench').replace(/-/g, '_')}`))
    .asPromise();
  const topic = uniqueName(publicTopic('catalog'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  const listings = new ProjectionRunner({
    ...runnerOptions(bus, connection),
    projection: retopic(register, topic),
  });
  const reviews = new ProjectionRunner({
    ...runnerOptions(bus, connection),
    projection: retopic(reviewWaits, topic),
  });
  try {
    await listings.start();
    await reviews.start();
    const random = generator(programs);
    const providers = Array.from({ length: 150 }, () => randomUUID());
    const events = Array.from({ length: programs }, (_, i) => {
      const programId = randomUUID();
      return publishedEvent(
        'catalog.ProgramApproved',
        {
          programId,
          providerId: random.pick(providers),
          region: '63',
          revision: 1,
          title: `${random.pick(TOPICS)}${random.next() < 0.3 ? ', модуль 2' : ''} (${i + 1})`,
          hours: random.pick([16, 18, 24, 36, 48, 72, 108, 144]),
          format: random.pick(['in-person', 'blended', 'distance', 'internship'] as const),
          targetPositions: random.some(Object.keys(POSITIONS) as (keyof typeof POSITIONS)[], 1, 3),
          organizationTypes: random.some(
            Object.keys(ORGANIZATION_KINDS) as (keyof typeof ORGANIZATION_KINDS)[],
            1,
            2,
          ),
          subjects: random.some(Object.keys(SUBJECTS) as (keyof typeof SUBJECTS)[], 1, 3),
          competencies: random.some(
            Object.keys(
              COMPETENCY_FRAMEWORK.competencies,
            ) as (keyof typeof COMPETENCY_FRAMEWORK.competencies)[],
            1,
            3,
          ),
          voucherEligible: random.next() < 0.6,
        },
        { subject: `program-${programId}`, position: 1 },
      );
    });
    await publishAll(bus, topic, events);
    await until(
      async () => (await listings.model('listings').countDocuments({ listed: '63' })) >= programs,
      'the register',
      LONG,
    );
    const queries = new RegisterQueries(listings as never, reviews as never);
    const search = (over: Partial<RegisterSearch>) =>
      queries.search({ region: '63', page: 1, pageSize: 20, ...over });
    const second = (await search({})).next ?? undefined;
    const competency = Object.keys(COMPETENCY_FRAMEWORK.competencies)[0]!;
    return await timeShapes(
      {
        'first page, unfiltered': () => search({}),
        'page 10 by number': () => search({ page: 10 }),
        'next page by cursor': () => search({ cursor: second }),
        'title word': () => search({ text: 'грамотности' }),
        'two title words, one a beginning': () => search({ text: 'инклюзивное дет' }),
        subject: () => search({ subject: 'physics' }),
        'subject and position': () => search({ subject: 'mathematics', position: 'teacher' }),
        competency: () => search({ competency }),
        'voucher, format and hours': () => search({ voucherEligible: true, format: 'blended', minHours: 36 }),
      },
      samplesPerShape,
    );
  } finally {
    await listings.stop();
    await reviews.stop();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/**
 * `teachers` teachers of region 63 in 2 146 organizations of 40 municipalities (Samara's), their
 * last ПК spread over 2018–2025, written by diagnostics' roster projection; then the overdue report
 * for the region, one municipality and one school, and a school's list of overdue teachers.
 */
export async function overdueReport(
  bus: KafkaMessageBus,
  mongodbUrl: string,
  teachers: number,
  samplesPerShape: number,
): Promise<QueryFigures> {
  const connection = await mongoose
    .createConnection(mongodbUrl.replace(/\/pk$/, `/${uniqueName('bench').replace(/-/g, '_')}`))
    .asPromise();
  const topic = uniqueName(publicTopic('diagnostics'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  const roster = new ProjectionRunner({
    ...runnerOptions(bus, connection),
    projection: retopic(teacherRoster, topic),
  });
  try {
    await roster.start();
    const random = generator(teachers);
    const municipalities = Array.from({ length: 40 }, () => randomUUID());
    const schools = Array.from({ length: 2_146 }, () => randomUUID());
    const events = Array.from({ length: teachers }, (_, i) => {
      const teacherId = randomUUID();
      const school = i % schools.length;
      const year = 2018 + Math.floor(random.next() * 8);
      return publishedEvent(
        'diagnostics.TeacherRegistered',
        {
          teacherId,
          region: '63',
          organizationId: schools[school]!,
          municipalityId: municipalities[school % municipalities.length]!,
          lastTrainingCompletedOn:
            random.next() < 0.1 ? null : `${year}-0${1 + Math.floor(random.next() * 9)}-15`,
        },
        { subject: `teacher-${teacherId}`, position: 0 },
      );
    });
    await publishAll(bus, topic, events);
    await until(
      async () => (await roster.model('teachers').countDocuments({ region: '63' })) >= teachers,
      'the roster',
      LONG,
    );
    const queries = new TeacherRosterQueries(roster as never);
    const on = '2026-12-03';
    return await timeShapes(
      {
        'region-wide report': () => queries.overdue({ region: '63', on }),
        'one municipality': () => queries.overdue({ region: '63', municipalityId: municipalities[0]!, on }),
        'one school': () => queries.overdue({ region: '63', organizationId: schools[0]!, on }),
        "one school's overdue teachers, first page": () =>
          queries.overdueTeachers({ region: '63', organizationId: schools[0]!, on, limit: 50 }),
      },
      samplesPerShape,
    );
  } finally {
    await roster.stop();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
