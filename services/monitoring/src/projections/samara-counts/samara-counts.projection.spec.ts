import { randomUUID } from 'node:crypto';
import { type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import { InMemoryReadModel, InMemoryTopics } from '@pk/projections';
import { publishedEvent } from '@pk/test-kit';
import { type SamaraFacts, samaraIndicators } from '../../indicators/samara';
import { SamaraQueries } from '../../queries/samara.queries';
import { regionFigures } from '../region-figures/region-figures.projection';
import { samaraCounts } from './samara-counts.projection';

// The hand-computed case of samara.spec.ts (teachers A, B, C, D of one municipality, 2026 against
// 2025) plus a second municipality with teacher E, published as events over three partitions, each
// stream in one of them as Kafka would place it. The counts the projection keeps, added up by the
// query, must give exactly what the definitions give on the same facts — and the arithmetic of
// samara.spec.ts for the first municipality.
const [A, B, C, D, E] = Array.from({ length: 5 }, () => randomUUID());
const [north, south] = [randomUUID(), randomUUID()];
const [schoolN, schoolS] = [randomUUID(), randomUUID()];
const [P1, P2, P3, P4, P5] = Array.from({ length: 5 }, () => randomUUID());
const region = '63';
const schoolOf = (teacherId: string) => (teacherId === E ? schoolS : schoolN);
const municipalityOf = (teacherId: string) => (teacherId === E ? south : north);

const competenciesOf: Record<string, ('R/01' | 'B/05.6' | 'A/01.6' | 'B/04.6' | 'A/02.6')[]> = {
  [P1]: ['R/01'],
  [P2]: ['B/05.6'],
  [P3]: ['A/01.6'],
  [P4]: ['B/04.6'],
  [P5]: ['A/02.6'],
};
const approved = new Set([P1, P5]);

const deficits = [
  { teacherId: A, competency: 'R/01', year: 2026 },
  { teacherId: A, competency: 'A/01.6', year: 2026 },
  { teacherId: B, competency: 'R/01', year: 2025 },
  { teacherId: C, competency: 'B/04.6', year: 2026 },
  { teacherId: E, competency: 'R/01', year: 2026 },
] as const;
const trajectories = [
  { teacherId: C, year: 2025 },
  { teacherId: A, year: 2026 },
  { teacherId: C, year: 2026 },
];
const completions = [
  { teacherId: B, programId: P1, kind: 'advanced-training', year: 2025 },
  { teacherId: C, programId: P4, kind: 'advanced-training', year: 2025 },
  { teacherId: A, programId: P2, kind: 'advanced-training', year: 2026 },
  { teacherId: A, programId: P3, kind: 'retraining', year: 2026 },
  { teacherId: B, programId: P1, kind: 'advanced-training', year: 2026 },
  { teacherId: C, programId: P1, kind: 'advanced-training', year: 2026 },
  { teacherId: D, programId: P3, kind: 'retraining', year: 2026 },
  { teacherId: E, programId: P1, kind: 'advanced-training', year: 2026 },
] as const;

/** The partition a stream lands in: fixed here so that one teacher's facts are spread over all three. */
const partitions = ['p0', 'p1', 'p2'];
let next = 0;
const placed = new Map<string, string>();
const partitionOf = (subject: string) => {
  if (!placed.has(subject)) placed.set(subject, partitions[next++ % partitions.length]!);
  return placed.get(subject)!;
};

function events(): EventEnvelope[] {
  const all: EventEnvelope[] = [north, south].map((municipalityId, i) =>
    publishedEvent(
      'catalog.MunicipalityRegistered',
      { municipalityId, region, name: i === 0 ? 'Северный' : 'Южный' },
      { subject: `municipality-${municipalityId}` },
    ),
  );
  for (const [id, m] of [
    [schoolN, north],
    [schoolS, south],
  ] as const)
    all.push(
      publishedEvent(
        'catalog.OrganizationRegistered',
        { organizationId: id, region, municipalityId: m },
        { subject: `organization-${id}` },
      ),
    );
  for (const programId of [P1, P2, P3, P4, P5]) {
    const subject = `program-${programId}`;
    const data = { programId, region, competencies: competenciesOf[programId]! };
    all.push(publishedEvent('catalog.ProgramSubmitted', data, { subject, position: 1 }));
    if (approved.has(programId))
      all.push(publishedEvent('catalog.ProgramApproved', data, { subject, position: 4 }));
  }
  for (const teacherId of [A, B, C, D, E])
    all.push(
      publishedEvent(
        'diagnostics.TeacherRegistered',
        {
          teacherId,
          region,
          organizationId: schoolOf(teacherId),
          municipalityId: municipalityOf(teacherId),
          category: teacherId === D ? 'first' : 'none',
          categorySince: teacherId === D ? '2026-04-10' : null,
        },
        { subject: `teacher-${teacherId}` },
      ),
    );
  const positions = new Map<string, number>();
  for (const { teacherId, competency, year } of deficits) {
    const position = positions.get(teacherId) ?? 0;
    positions.set(teacherId, position + 1);
    all.push(
      publishedEvent(
        'diagnostics.DeficitFound',
        {
          teacherId,
          region,
          organizationId: schoolOf(teacherId),
          municipalityId: municipalityOf(teacherId),
          competency,
        },
        { subject: `profile-${teacherId}`, position, time: `${year}-03-01T09:00:00.000Z` },
      ),
    );
  }
  for (const { teacherId, year } of trajectories)
    all.push(
      publishedEvent(
        'diagnostics.TrajectoryProposed',
        { teacherId, region, organizationId: schoolOf(teacherId), year },
        { subject: `trajectory-${teacherId}-${year}` },
      ),
    );
  for (const { teacherId, programId, kind, year } of completions)
    all.push(
      publishedEvent(
        'enrollment.CourseCompleted',
        {
          enrollmentId: randomUUID(),
          teacherId,
          region,
          organizationId: schoolOf(teacherId),
          programId,
          kind,
          completedOn: `${year}-06-15`,
        },
        // each course in a group of its own: a teacher's completions are in different partitions
        { subject: `group-${randomUUID()}`, position: 5 },
      ),
    );
  return all;
}

/** The same case as facts, for the definitions applied directly (samara.spec.ts's shape). */
function factsOf(teachers: readonly string[]): SamaraFacts {
  const of = <T extends { teacherId: string }>(list: readonly T[]) =>
    list.filter((fact) => teachers.includes(fact.teacherId));
  return {
    teachers: teachers.length,
    deficits: of(deficits),
    trajectories: of(trajectories),
    completions: of(completions),
    categoryAwards: teachers.includes(D) ? [{ teacherId: D, year: 2026 }] : [],
    programCompetencies: new Map(Object.entries(competenciesOf)),
    approvedCompetencies: new Set([...approved].flatMap((programId) => competenciesOf[programId]!)),
  };
}

function served(published: readonly EventEnvelope[]) {
  const model = new InMemoryReadModel(samaraCounts, {
    topics: new InMemoryTopics(),
    readEvent: readPublishedEvent,
  });
  for (const event of published) model.apply([event], partitionOf(event.subject));
  const figures = new InMemoryReadModel(regionFigures, {
    topics: new InMemoryTopics(),
    readEvent: readPublishedEvent,
  });
  figures.apply(published);
  return { model, queries: new SamaraQueries(model as never, figures as never) };
}

describe('Samara counts, per partition', () => {
  const published = events();

  it('gives the definitions’ indicators for the municipality, the region and every municipality', async () => {
    const { queries } = served(published);
    const municipal = await queries.samara({ region, municipalityId: north }, 2026);
    expect(municipal.indicators).toEqual(samaraIndicators(factsOf([A, B, C, D]), 2026));
    const regionWide = await queries.samara({ region }, 2026);
    expect(regionWide.indicators).toEqual(samaraIndicators(factsOf([A, B, C, D, E]), 2026));
    const every = await queries.samaraByMunicipality(region, 2026);
    expect(new Map(every.map((row) => [row.municipalityId, row.indicators]))).toEqual(
      new Map([
        [north, samaraIndicators(factsOf([A, B, C, D]), 2026)],
        [south, samaraIndicators(factsOf([E]), 2026)],
      ]),
    );
  });

  it('keeps samara.spec.ts’s arithmetic for the first municipality, and adds E for the region', async () => {
    const { queries } = served(published);
    const byId = async (scope: { region: string; municipalityId?: string }) =>
      new Map((await queries.samara(scope, 2026)).indicators.map((indicator) => [indicator.id, indicator]));
    const municipal = await byId({ region, municipalityId: north });
    // A and C of four; B in 2025
    expect(municipal.get('teachers-with-deficits')).toMatchObject({
      current: { numerator: 2, denominator: 4 },
      previous: { numerator: 1, denominator: 4 },
    });
    // of R/01, A/01.6 and B/04.6 only R/01 has an approved program
    expect(municipal.get('deficit-competencies-covered')).toMatchObject({
      current: { numerator: 1, denominator: 3 },
    });
    // A (P3 for A/01.6) and B (P1 for last year's R/01), whose completions are in other partitions
    expect(municipal.get('teachers-trained-on-deficits')).toMatchObject({
      current: { numerator: 2, denominator: 4 },
      previous: { numerator: 1 },
    });
    expect(municipal.get('teachers-with-trajectories')).toMatchObject({ current: { numerator: 2 } });
    expect(municipal.get('teachers-raised-category')).toMatchObject({ current: { numerator: 1 } });
    expect(municipal.get('teachers-retrained')).toMatchObject({ current: { numerator: 2 } });
    const regionWide = await byId({ region });
    // E adds a deficit in R/01 and a course of P1 that answers it
    expect(regionWide.get('teachers-with-deficits')).toMatchObject({
      current: { numerator: 3, denominator: 5 },
    });
    expect(regionWide.get('teachers-trained-on-deficits')).toMatchObject({ current: { numerator: 3 } });
  });

  it('counts nothing twice when every event is delivered again, newest first', async () => {
    const once = await served(published).queries.samara({ region }, 2026);
    const { model, queries } = served(published);
    for (const event of [...published].reverse()) model.apply([event], partitionOf(event.subject));
    expect((await queries.samara({ region }, 2026)).indicators).toEqual(once.indicators);
  });

  it('answers from what changed when the same queries are asked again after more events', async () => {
    // the queries keep the documents they read; each later event must be read again, none kept stale
    const { model, queries } = served(published.slice(0, published.length / 2));
    await queries.samara({ region }, 2026);
    await queries.samaraByMunicipality(region, 2026);
    for (const event of published.slice(published.length / 2))
      model.apply([event], partitionOf(event.subject));
    expect(await queries.samara({ region, municipalityId: north }, 2026)).toEqual(
      await served(published).queries.samara({ region, municipalityId: north }, 2026),
    );
    expect(await queries.samaraByMunicipality(region, 2026)).toEqual(
      await served(published).queries.samaraByMunicipality(region, 2026),
    );
  });

  it('follows a teacher’s move and erasure in the register, and a program archived', async () => {
    const moved = publishedEvent(
      'diagnostics.TeacherUpdated',
      {
        teacherId: D,
        region,
        organizationId: schoolS,
        municipalityId: south,
        category: 'first',
        categorySince: '2026-04-10',
      },
      { subject: `teacher-${D}`, position: 1 },
    );
    const erased = publishedEvent(
      'diagnostics.TeacherErased',
      { teacherId: E, region },
      { subject: `teacher-${E}`, position: 1 },
    );
    const archived = publishedEvent(
      'catalog.ProgramArchived',
      { programId: P1, region },
      { subject: `program-${P1}`, position: 9 },
    );
    const { queries } = served([...published, moved, erased, archived]);
    const byId = new Map(
      (await queries.samara({ region, municipalityId: south }, 2026)).indicators.map((indicator) => [
        indicator.id,
        indicator,
      ]),
    );
    // D is south's only teacher now (E erased); D's category moved with the record that names it
    expect(byId.get('teachers-raised-category')).toMatchObject({ current: { numerator: 1, denominator: 1 } });
    // south's deficit competency R/01 has no approved program once P1 is archived
    expect(byId.get('deficit-competencies-covered')).toMatchObject({
      current: { numerator: 0, denominator: 1 },
    });
  });
});
