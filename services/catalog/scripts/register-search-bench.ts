// The register's search at a region's scale, for `npm run bench` (deploy/bench/read-queries.ts):
// `programs` approved programs of region 63 written by the register projection (through Kafka into
// the read store), then nine query shapes a teacher and the ministry use, each `samples` times in
// turn. Prints the milliseconds of every sample, per shape, as JSON on its last line.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/catalog/scripts/register-search-bench.ts 20000 10
import { randomUUID } from 'node:crypto';
import { COMPETENCY_FRAMEWORK, ORGANIZATION_KINDS, POSITIONS, publicTopic, SUBJECTS } from '@pk/contracts';
import {
  benchRunnerOptions,
  onTopicOfItsOwn,
  publishAll,
  publishedEvent,
  runQueryBench,
  seededRandom,
  timeShapes,
  uniqueName,
  until,
} from '@pk/test-kit';
import { KafkaMessageBus } from '@pk/messaging';
import { ProjectionRunner } from '@pk/projections';
import mongoose from 'mongoose';
import { register } from '../src/projections/register/register.projection';
import { RegisterQueries, type RegisterSearch } from '../src/projections/register/register.queries';
import { reviewWaits } from '../src/projections/review-waits/review-waits.projection';

const LONG = { timeoutMs: 900_000, pollMs: 200 };

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

/**
 * `programs` approved programs of region 63, written by the catalog's register projection, then
 * nine query shapes a teacher and the ministry use, each `samplesPerShape` times in turn.
 */
async function registerSearch(
  bus: KafkaMessageBus,
  mongodbUrl: string,
  programs: number,
  samplesPerShape: number,
): Promise<Record<string, number[]>> {
  const connection = await mongoose
    .createConnection(mongodbUrl.replace(/\/pk$/, `/${uniqueName('bench').replace(/-/g, '_')}`))
    .asPromise();
  const topic = uniqueName(publicTopic('catalog'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  const listings = new ProjectionRunner({
    ...benchRunnerOptions(bus, connection),
    projection: onTopicOfItsOwn(register, topic),
  });
  const reviews = new ProjectionRunner({
    ...benchRunnerOptions(bus, connection),
    projection: onTopicOfItsOwn(reviewWaits, topic),
  });
  try {
    await listings.start();
    await reviews.start();
    const random = seededRandom(programs);
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

runQueryBench(registerSearch);
