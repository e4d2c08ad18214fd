import { randomUUID } from 'node:crypto';
import { type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import { InMemoryReadModel, InMemoryTopics } from '@pk/projections';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import type { GoalIndicator } from '../../indicators/goals';
import { GoalQueries } from '../../queries/goals.queries';
import { goalCounts } from './goal-counts.projection';

// Two municipalities computed by hand (north: school sN, teachers t1–t3; south: school sS, teachers
// t4 and t5, t5 erased), published as public events, counted per partition and read back by the
// query. The arithmetic of each figure is beside its expectation.
const region = '63';
const id = () => randomUUID();
const [north, south, sN, sS, P1, P2, alpha, beta] = Array.from({ length: 8 }, id);
const [t1, t2, t3, t4, t5] = Array.from({ length: 5 }, id);
const day = (date: string) => `${date}T09:00:00.000Z`;

const teacher = (teacherId: string, municipalityId: string, organizationId: string) =>
  publishedEvent(
    'diagnostics.TeacherRegistered',
    { teacherId, region, municipalityId, organizationId },
    { subject: `teacher-${teacherId}` },
  );
const attempt = (teacherId: string, municipalityId: string, campaignId: string | null, date: string) => {
  const attemptId = id();
  return publishedEvent(
    'diagnostics.AttemptScored',
    { attemptId, teacherId, region, municipalityId, campaignId },
    { subject: `attempt-${attemptId}`, time: day(date) },
  );
};
const trajectory = (
  type: 'diagnostics.TrajectoryProposed' | 'diagnostics.TrajectoryAccepted',
  teacherId: string,
  organizationId: string,
  position: number,
) =>
  publishedEvent(
    type,
    { teacherId, region, organizationId, year: 2026 },
    { subject: `trajectory-${teacherId}-2026`, position },
  );
const completed = (organizationId: string, programId: string) => {
  const enrollmentId = id();
  return publishedEvent(
    'enrollment.CourseCompleted',
    { enrollmentId, region, organizationId, programId, completedOn: '2026-05-20' },
    { subject: `group-${enrollmentId}` },
  );
};
const rated = (content: number, practiceOrientation: number, teachers: number, organization: number) =>
  publishedEvent(
    'enrollment.FeedbackGiven',
    { region, programId: P1, ratings: { content, practiceOrientation, teachers, organization } },
    { subject: `group-${id()}`, time: day('2026-06-01') },
  );
const reviewed = (revision: number, outcome: 'approved' | 'returned', opened: string, decided: string) => {
  const caseId = id();
  return [
    publishedEvent(
      'expertise.ReviewCaseOpened',
      { caseId, region, revision },
      { subject: `review-case-${caseId}`, time: day(opened) },
    ),
    publishedEvent(
      'expertise.ReviewDecided',
      { caseId, region, revision, outcome },
      { subject: `review-case-${caseId}`, position: 4, time: day(decided) },
    ),
  ];
};
const voucher = (municipalityId: string, year: number, paid?: [string, number]) => {
  const voucherId = id();
  const at = (position: number) => ({ subject: `voucher-${voucherId}`, position });
  return [
    publishedEvent('vouchers.VoucherIssued', { voucherId, region, year, municipalityId }, at(0)),
    ...(paid === undefined
      ? []
      : [
          publishedEvent('vouchers.BlockReserved', { voucherId, region, year, block: 1 }, at(1)),
          publishedEvent(
            'vouchers.BlockRedeemed',
            { voucherId, region, year, block: 1, providerId: paid[0], amount: paid[1] },
            at(2),
          ),
        ]),
  ];
};

const events: EventEnvelope[] = [
  publishedEvent(
    'catalog.OrganizationRegistered',
    { organizationId: sN, region, municipalityId: north },
    { subject: `organization-${sN}` },
  ),
  publishedEvent(
    'catalog.OrganizationRegistered',
    { organizationId: sS, region, municipalityId: south },
    { subject: `organization-${sS}` },
  ),
  // P1 an internship assessed by employers; P2 in person, without them
  publishedEvent(
    'catalog.ProgramApproved',
    { programId: P1, region, format: 'internship', employerAssessment: true },
    { subject: `program-${P1}`, position: 3 },
  ),
  publishedEvent(
    'catalog.ProgramApproved',
    { programId: P2, region, format: 'in-person', employerAssessment: false },
    { subject: `program-${P2}`, position: 3 },
  ),
  teacher(t1, north, sN),
  teacher(t2, north, sN),
  teacher(t3, north, sN),
  teacher(t4, south, sS),
  teacher(t5, south, sS),
  publishedEvent(
    'diagnostics.TeacherErased',
    { teacherId: t5, region },
    { subject: `teacher-${t5}`, position: 1 },
  ),
  // 2026: t1 twice on their own (one teacher), t2 in a campaign, t4 on their own; 2025: t3 on their own
  attempt(t1, north, null, '2026-02-01'),
  attempt(t1, north, null, '2026-09-01'),
  attempt(t2, north, id(), '2026-02-01'),
  attempt(t4, south, null, '2026-03-01'),
  attempt(t3, north, null, '2025-10-01'),
  // ИОМ 2026: t1 and t4 accept, t2 does not
  trajectory('diagnostics.TrajectoryProposed', t1, sN, 0),
  trajectory('diagnostics.TrajectoryAccepted', t1, sN, 1),
  trajectory('diagnostics.TrajectoryProposed', t2, sN, 0),
  trajectory('diagnostics.TrajectoryProposed', t4, sS, 0),
  trajectory('diagnostics.TrajectoryAccepted', t4, sS, 1),
  // completions 2026: north P1 and P2, south P1
  completed(sN, P1),
  completed(sN, P2),
  completed(sS, P1),
  // ratings: (5 + 4 + 5 + 4) / 4 = 4.5, (3 + 3 + 4 + 3) / 4 = 3.25 and exactly 4 (counted as 4 or more)
  rated(5, 4, 5, 4),
  rated(3, 3, 4, 3),
  rated(4, 4, 4, 4),
  // first revisions: approved in 10 days, returned in 4; a second revision approved in 7
  ...reviewed(1, 'approved', '2026-02-01', '2026-02-11'),
  ...reviewed(1, 'returned', '2026-03-01', '2026-03-05'),
  ...reviewed(2, 'approved', '2026-03-10', '2026-03-17'),
  // experts: e1 active, e2 deactivated
  ...[id(), id()].flatMap((expertId, i) => [
    publishedEvent('expertise.ExpertRegistered', { expertId, region }, { subject: `expert-${expertId}` }),
    ...(i === 1
      ? [
          publishedEvent(
            'expertise.ExpertDeactivated',
            { expertId, region },
            { subject: `expert-${expertId}`, position: 1 },
          ),
        ]
      : []),
  ]),
  // vouchers 2026: north pays alpha 7 200, north's second unused; south pays beta 3 600.
  // 2025: north pays alpha 3 600.
  ...voucher(north, 2026, [alpha, 7_200]),
  ...voucher(north, 2026),
  ...voucher(south, 2026, [beta, 3_600]),
  ...voucher(north, 2025, [alpha, 3_600]),
];

function queries(given = events) {
  const model = new InMemoryReadModel(goalCounts, {
    topics: new InMemoryTopics(),
    readEvent: readPublishedEvent,
  });
  model.apply(given);
  return new GoalQueries(model as never);
}
const byId = (indicators: GoalIndicator[]) =>
  Object.fromEntries(indicators.map((indicator) => [indicator.id, indicator]));

describe('goal counts, per partition', () => {
  it('adds up the region', async () => {
    const goals = byId((await queries().goals({ region }, 2026)).indicators);
    // 1 of 2 first-revision decisions approved
    expect(goals['programs-approved-first-review']!.current).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    // (10 + 4 + 7) / 3 = 7; the median of 4, 7, 10 is 7
    expect(goals['review-days-mean']!.current.value).toBe(7);
    expect(goals['review-days-median']!.current.value).toBe(7);
    // P1 twice of 3 completions: 66.7 % internship and employer-assessed
    expect(goals['completions-internship']!.current).toMatchObject({
      numerator: 2,
      denominator: 3,
      value: 66.7,
    });
    expect(goals['completions-employer-assessed']!.current.value).toBe(66.7);
    // (4.5 + 3.25 + 4) / 3 = 11.75 / 3 = 3.916… → 3.92; two of three at 4 or more
    expect(goals['feedback-mean']!.current).toMatchObject({ numerator: 11.75, denominator: 3, value: 3.92 });
    expect(goals['feedback-high']!.current).toMatchObject({ numerator: 2, denominator: 3, value: 66.7 });
    // alpha 7 200 and beta 3 600 of 10 800: 2 providers (1 last year), 66.7 %, HHI 10 000 × (4/9 + 1/9) = 5 555.6
    expect(goals['providers-serving-vouchers']).toMatchObject({
      current: { value: 2 },
      previous: { value: 1 },
      change: 1,
    });
    expect(goals['largest-provider-share']!.current).toMatchObject({
      numerator: 7_200,
      denominator: 10_800,
      value: 66.7,
    });
    expect(goals['voucher-market-hhi']!.current.value).toBe(5_555.6);
    expect(goals['voucher-market-hhi']!.previous.value).toBe(10_000);
    // register: t1–t4 (t5 erased); on their own t1 and t4 = 2 / 4 = 50 %; 2025: t3 = 25 %
    expect(goals['teachers-self-diagnosed']).toMatchObject({
      current: { numerator: 2, denominator: 4, value: 50 },
      previous: { numerator: 1, value: 25 },
      change: 25,
    });
    // 2 of 3 proposed accepted
    expect(goals['trajectories-accepted']!.current).toMatchObject({
      numerator: 2,
      denominator: 3,
      value: 66.7,
    });
    // 2 of 3 vouchers of 2026 reserved a block
    expect(goals['voucher-holders-applied']!.current).toMatchObject({
      numerator: 2,
      denominator: 3,
      value: 66.7,
    });
    // 1 active expert / 4 teachers × 100 = 25
    expect(goals['experts-per-100-teachers']!.current).toMatchObject({
      numerator: 1,
      denominator: 4,
      value: 25,
    });
  });

  it('narrows to a municipality where the events carry a place, and reads the rest region-wide', async () => {
    const answer = await queries().goals({ region, municipalityId: north }, 2026);
    expect(answer.municipalityId).toBe(north);
    const goals = byId(answer.indicators);
    // north: P1 and P2 completed, 1 of 2 on an internship
    expect(goals['completions-internship']!.current).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    // north pays alpha alone: one provider, 100 %, HHI 10 000
    expect(goals['largest-provider-share']!.current.value).toBe(100);
    expect(goals['voucher-market-hhi']!.current.value).toBe(10_000);
    // t1 of t1–t3 on their own: 33.3 %
    expect(goals['teachers-self-diagnosed']!.current).toMatchObject({
      numerator: 1,
      denominator: 3,
      value: 33.3,
    });
    // t1 of t1, t2 accepted; 1 of 2 vouchers applied
    expect(goals['trajectories-accepted']!.current.value).toBe(50);
    expect(goals['voucher-holders-applied']!.current.value).toBe(50);
    // region-wide: the region's figures, said so
    expect(goals['programs-approved-first-review']).toMatchObject({
      regionWide: true,
      current: { value: 50 },
    });
    expect(goals['experts-per-100-teachers']!.current).toMatchObject({ denominator: 4, value: 25 });
  });

  it('has no data where nothing happened, never 0 % or NaN', async () => {
    const goals = byId((await queries().goals({ region }, 2024)).indicators);
    expect(goals['completions-internship']!.current).toMatchObject({
      value: null,
      noData: expect.any(String),
    });
    expect(goals['voucher-market-hhi']!.current.value).toBeNull();
    expect(goals['providers-serving-vouchers']!.current.value).toBe(0);
  });

  it('counts nothing twice when every event is delivered again, newest first', () => {
    projectionSpec(goalCounts).given(events).thenRedeliveryChangesNothing();
  });
});
