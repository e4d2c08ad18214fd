// The overdue-training report at a region's scale, for `npm run bench` (deploy/bench/read-queries.ts):
// `teachers` teachers of region 63 written by the roster projection and the overdue counts
// (teacher-overdue, kept per Kafka partition) through Kafka into the read store, then the report for the region, one municipality and one school, and a school's list,
// each `samples` times in turn. Prints the milliseconds of every sample, per shape, as JSON on its
// last line.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/diagnostics/scripts/overdue-report-bench.ts 45651 3
import { randomUUID } from 'node:crypto';
import { publicTopic } from '@pk/contracts';
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
import { teacherRoster } from '../src/projections/teacher-roster/teacher-roster.projection';
import { teacherOverdue } from '../src/projections/teacher-overdue/teacher-overdue.projection';
import { TeacherRosterQueries } from '../src/projections/teacher-roster/teacher-roster.queries';

const LONG = { timeoutMs: 900_000, pollMs: 200 };

/**
 * `teachers` teachers of region 63 in 2 146 organizations of 40 municipalities (Samara's), their
 * last ПК spread over 2018–2025, written by diagnostics' roster projection; then the overdue report
 * for the region, one municipality and one school, and a school's list of overdue teachers.
 */
async function overdueReport(
  bus: KafkaMessageBus,
  mongodbUrl: string,
  teachers: number,
  samplesPerShape: number,
): Promise<Record<string, number[]>> {
  const connection = await mongoose
    .createConnection(mongodbUrl.replace(/\/pk$/, `/${uniqueName('bench').replace(/-/g, '_')}`))
    .asPromise();
  const topic = uniqueName(publicTopic('diagnostics'));
  await bus.ensureTopics([{ topic, partitions: 6 }]);
  const roster = new ProjectionRunner({
    ...benchRunnerOptions(bus, connection),
    projection: onTopicOfItsOwn(teacherRoster, topic),
  });
  const counts = new ProjectionRunner({
    ...benchRunnerOptions(bus, connection),
    projection: onTopicOfItsOwn(teacherOverdue, topic),
  });
  try {
    await roster.start();
    await counts.start();
    const random = seededRandom(teachers);
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
    // the counts are written by a consumer of their own: caught up when no message waits
    await until(async () => (await counts.lag()) === 0, 'the overdue counts', LONG);
    const queries = new TeacherRosterQueries(roster as never, counts as never);
    const on = '2026-12-03';
    // a fast answer must be the right one: the counts hold every teacher the roster holds
    const counted = (await queries.overdue({ region: '63', on })).teachers;
    if (counted !== teachers) throw new Error(`the overdue counts hold ${counted} teachers, not ${teachers}`);
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
    await counts.stop();
    await roster.stop();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

runQueryBench(overdueReport);
