import { randomUUID } from 'node:crypto';
import { type EventEnvelope, publicTopic, readPublishedEvent } from '@pk/contracts';
import { InMemoryReadModel, InMemoryTopics } from '@pk/projections';
import { publishedEvent, seededRandom } from '@pk/test-kit';
import { isOverdueOn, teacherRoster, trainingDueOn } from '../teacher-roster/teacher-roster.projection';
import { TeacherRosterQueries } from '../teacher-roster/teacher-roster.queries';
import { teacherOverdue } from './teacher-overdue.projection';

// The report of a region or a municipality adds up the per-partition counts; one school's reads its
// teachers. Both must answer what counting the teachers one by one answers, on any day: here 300
// teachers in 12 schools of 3 municipalities register, a third of them change school or train again,
// a tenth are erased, some events arrive twice, and the report is compared with a count of the
// teachers' final records, by hand, on days around the due dates.
describe('the overdue report from the counts', () => {
  const random = seededRandom(24);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)]!;
  const municipalities = [randomUUID(), randomUUID(), randomUUID()];
  const schools = Array.from({ length: 12 }, (_, i) => ({
    id: randomUUID(),
    municipality: municipalities[i % 3]!,
  }));
  const day = () =>
    random.next() < 0.1
      ? null
      : `${2019 + Math.floor(random.next() * 6)}-${String(1 + Math.floor(random.next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random.next() * 28)).padStart(2, '0')}`;

  type Final = { organizationId: string; municipalityId: string; last: string | null } | null;
  const finals = new Map<string, Final>();
  const events: EventEnvelope[] = [];
  for (let i = 0; i < 300; i++) {
    const teacherId = randomUUID();
    let position = 0;
    const record = (type: 'diagnostics.TeacherRegistered' | 'diagnostics.TeacherUpdated') => {
      const school = pick(schools);
      const last = day();
      finals.set(teacherId, { organizationId: school.id, municipalityId: school.municipality, last });
      return publishedEvent(
        type,
        {
          teacherId,
          region: '63',
          organizationId: school.id,
          municipalityId: school.municipality,
          lastTrainingCompletedOn: last,
        },
        { subject: `teacher-${teacherId}`, position: position++ },
      );
    };
    events.push(record('diagnostics.TeacherRegistered'));
    if (random.next() < 0.33) events.push(record('diagnostics.TeacherUpdated'));
    if (random.next() < 0.1) {
      finals.set(teacherId, null);
      events.push(
        publishedEvent(
          'diagnostics.TeacherErased',
          { teacherId, region: '63' },
          { subject: `teacher-${teacherId}`, position: position++ },
        ),
      );
    }
  }
  // the relay published some events twice, the second time after later ones
  const published = [...events, ...events.filter(() => random.next() < 0.2)];

  const topics = new InMemoryTopics();
  topics.publish(publicTopic('diagnostics'), published);
  const queries = new TeacherRosterQueries(
    new InMemoryReadModel(teacherRoster, { topics, readEvent: readPublishedEvent }),
    new InMemoryReadModel(teacherOverdue, { topics, readEvent: readPublishedEvent }),
  );

  /** What counting the final records one by one gives. */
  const byHand = (on: string, within: (t: NonNullable<Final>) => boolean) => {
    const organizations = new Map<
      string,
      { organizationId: string; municipalityId: string; teachers: number; overdue: number }
    >();
    const perMunicipality = new Map<string, { municipalityId: string; teachers: number; overdue: number }>();
    let teachers = 0;
    let overdue = 0;
    for (const teacher of finals.values()) {
      if (teacher === null || !within(teacher)) continue;
      const late = isOverdueOn(trainingDueOn({ lastTrainingCompletedOn: teacher.last }), on) ? 1 : 0;
      teachers += 1;
      overdue += late;
      const o = organizations.get(teacher.organizationId) ?? {
        organizationId: teacher.organizationId,
        municipalityId: teacher.municipalityId,
        teachers: 0,
        overdue: 0,
      };
      o.teachers += 1;
      o.overdue += late;
      organizations.set(teacher.organizationId, o);
      const m = perMunicipality.get(teacher.municipalityId) ?? {
        municipalityId: teacher.municipalityId,
        teachers: 0,
        overdue: 0,
      };
      m.teachers += 1;
      m.overdue += late;
      perMunicipality.set(teacher.municipalityId, m);
    }
    return {
      teachers,
      overdue,
      municipalities: [...perMunicipality.values()].sort((a, b) =>
        a.municipalityId.localeCompare(b.municipalityId),
      ),
      organizations: [...organizations.values()].sort((a, b) =>
        a.organizationId.localeCompare(b.organizationId),
      ),
    };
  };

  const days = ['2022-01-01', '2024-03-15', '2025-06-30', '2025-07-01', '2026-12-31', '2027-12-29'];

  it.each(days)('the region on %s', async (on) => {
    expect(await queries.overdue({ region: '63', on })).toEqual({
      region: '63',
      municipalityId: null,
      organizationId: null,
      on,
      ...byHand(on, () => true),
    });
  });

  it.each(days)('a municipality and a school on %s', async (on) => {
    const municipalityId = municipalities[1]!;
    expect(await queries.overdue({ region: '63', municipalityId, on })).toEqual({
      region: '63',
      municipalityId,
      organizationId: null,
      on,
      ...byHand(on, (t) => t.municipalityId === municipalityId),
    });
    const organizationId = schools[4]!.id;
    expect(await queries.overdue({ region: '63', organizationId, on })).toEqual({
      region: '63',
      municipalityId: null,
      organizationId,
      on,
      ...byHand(on, (t) => t.organizationId === organizationId),
    });
  });

  it('counts the teachers it was given (the comparison is not vacuous)', () => {
    const report = byHand('2025-07-01', () => true);
    expect(report.teachers).toBeGreaterThan(200);
    expect(report.overdue).toBeGreaterThan(20);
    expect(report.overdue).toBeLessThan(report.teachers);
  });
});
