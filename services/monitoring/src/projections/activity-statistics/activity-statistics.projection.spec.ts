import { randomUUID } from 'node:crypto';
import { type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import { InMemoryReadModel, InMemoryTopics } from '@pk/projections';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { ActivityQueries } from '../../queries/activity.queries';
import { samaraCounts } from '../samara-counts/samara-counts.projection';
import { activityStatistics } from './activity-statistics.projection';

// A year's activity computed by hand: two schools of two municipalities, two providers, three
// applications of an offering and one of another, a review case opened and decided, two ratings, and
// three redeemed blocks. The counts are summed by the query with and without each filter.
const region = '63';
const [north, south, schoolN, schoolS] = Array.from({ length: 4 }, () => randomUUID());
const [alpha, beta, P1, P2, O1, O2] = Array.from({ length: 6 }, () => randomUUID());
const [a1, a2, a3, a4, a5] = Array.from({ length: 5 }, () => randomUUID());
const group = (offeringId: string) => `group-${offeringId}`;
const at = (offeringId: string, position: number, time = '2026-03-01T09:00:00.000Z') => ({
  subject: group(offeringId),
  position,
  time,
});

const confirmed = (
  applicationId: string,
  organizationId: string,
  offeringId: string,
  providerId: string,
  programId: string,
  position: number,
) =>
  publishedEvent(
    'enrollment.EnrollmentConfirmed',
    { applicationId, region, organizationId, offeringId, providerId, programId },
    at(offeringId, position),
  );

const events: EventEnvelope[] = [
  publishedEvent(
    'catalog.OrganizationRegistered',
    { organizationId: schoolN, region, municipalityId: north },
    { subject: `organization-${schoolN}` },
  ),
  publishedEvent(
    'catalog.OrganizationRegistered',
    { organizationId: schoolS, region, municipalityId: south },
    { subject: `organization-${schoolS}` },
  ),
  // offering O1 of alpha's P1: a1 (north) completes, a2 (north) drops out, a3 (south) cancelled
  confirmed(a1, schoolN, O1, alpha, P1, 0),
  confirmed(a2, schoolN, O1, alpha, P1, 1),
  confirmed(a3, schoolS, O1, alpha, P1, 2),
  publishedEvent(
    'enrollment.EnrollmentCancelled',
    { applicationId: a3, region, offeringId: O1, providerId: alpha, code: 'withdrawn-by-teacher' },
    at(O1, 3),
  ),
  publishedEvent(
    'enrollment.CourseCompleted',
    {
      enrollmentId: a1,
      region,
      organizationId: schoolN,
      offeringId: O1,
      providerId: alpha,
      programId: P1,
      completedOn: '2026-05-20',
    },
    at(O1, 4),
  ),
  publishedEvent(
    'enrollment.CourseNotCompleted',
    {
      applicationId: a2,
      region,
      organizationId: schoolN,
      offeringId: O1,
      providerId: alpha,
      programId: P1,
      code: 'dropped-out',
      endedOn: '2026-04-10',
    },
    at(O1, 5),
  ),
  publishedEvent(
    'enrollment.LearnerDroppedOut',
    { applicationId: a2, region, droppedOn: '2026-04-10' },
    at(O1, 6),
  ),
  publishedEvent(
    'enrollment.FeedbackGiven',
    {
      region,
      offeringId: O1,
      programId: P1,
      providerId: alpha,
      ratings: { content: 5, practiceOrientation: 4, teachers: 5, organization: 3 },
    },
    at(O1, 7),
  ),
  publishedEvent(
    'enrollment.FeedbackGiven',
    {
      region,
      offeringId: O1,
      programId: P1,
      providerId: alpha,
      ratings: { content: 4, practiceOrientation: 4, teachers: 4, organization: 4 },
    },
    at(O1, 8),
  ),
  // offering O2 of beta's P2: a4 (south) fails the final assessment; a5 withdrawn before confirmation
  confirmed(a4, schoolS, O2, beta, P2, 0),
  publishedEvent(
    'enrollment.CourseNotCompleted',
    {
      applicationId: a4,
      region,
      organizationId: schoolS,
      offeringId: O2,
      providerId: beta,
      programId: P2,
      code: 'failed-final-assessment',
      endedOn: '2026-06-01',
    },
    at(O2, 1),
  ),
  publishedEvent('enrollment.ApplicationCancelled', { applicationId: a5, region }, at(O2, 2)),
  publishedEvent(
    'catalog.OfferingStarted',
    { offeringId: O1, region, providerId: alpha, programId: P1 },
    { subject: `offering-${O1}`, position: 2, time: '2026-03-10T09:00:00.000Z' },
  ),
  publishedEvent(
    'catalog.OfferingCancelled',
    { offeringId: O2, region, providerId: beta, programId: P2 },
    { subject: `offering-${O2}`, position: 2, time: '2026-03-10T09:00:00.000Z' },
  ),
  // alpha's P1 reviewed: opened on 1 February, approved on 11 February — ten days
  publishedEvent(
    'expertise.ReviewCaseOpened',
    { caseId: O1, region, providerId: alpha, programId: P1 },
    { subject: `review-case-${O1}`, time: '2026-02-01T09:00:00.000Z' },
  ),
  publishedEvent(
    'expertise.ReviewDecided',
    { caseId: O1, region, providerId: alpha, programId: P1, outcome: 'approved' },
    { subject: `review-case-${O1}`, position: 5, time: '2026-02-11T09:00:00.000Z' },
  ),
  // vouchers: north's pays alpha 7 200 and beta 3 600; south's pays alpha 7 200
  ...[
    [north, alpha, 7_200],
    [north, beta, 3_600],
    [south, alpha, 7_200],
  ].flatMap(([municipalityId, providerId, amount]) => {
    const voucherId = randomUUID();
    return [
      publishedEvent(
        'vouchers.VoucherIssued',
        { voucherId, region, year: 2026, municipalityId: municipalityId as string },
        { subject: `voucher-${voucherId}` },
      ),
      publishedEvent(
        'vouchers.BlockRedeemed',
        {
          voucherId,
          region,
          year: 2026,
          block: 1,
          providerId: providerId as string,
          programId: providerId === alpha ? P1 : P2,
          amount: amount as number,
        },
        { subject: `voucher-${voucherId}`, position: 3 },
      ),
    ];
  }),
];

function queries() {
  const topics = new InMemoryTopics();
  const model = new InMemoryReadModel(activityStatistics, { topics, readEvent: readPublishedEvent });
  const counts = new InMemoryReadModel(samaraCounts, { topics, readEvent: readPublishedEvent });
  model.apply(events);
  counts.apply(events);
  return new ActivityQueries(model as never, counts as never);
}

describe('activity statistics, per partition', () => {
  it('adds up a year of the region: enrollments and their ends, groups, reviews, ratings, providers paid', async () => {
    expect(await queries().statistics({ region, year: 2026 })).toEqual({
      region,
      year: 2026,
      municipalityId: null,
      organizationId: null,
      providerId: null,
      programId: null,
      enrollments: {
        confirmed: 4,
        cancelled: 1,
        completed: 1,
        droppedOut: 1,
        failedFinalAssessment: 1,
        didNotAttend: 0,
        notCompleted: 2,
        withdrawnBeforeConfirmation: 1,
      },
      groups: { started: 1, cancelled: 1 },
      reviews: { approved: 1, returned: 0, rejected: 0, averageDays: 10 },
      // (5 + 4) / 2, (4 + 4) / 2, (5 + 4) / 2, (3 + 4) / 2
      feedback: { ratings: 2, content: 4.5, practiceOrientation: 4, teachers: 4.5, organization: 3.5 },
      vouchers: {
        blocks: 3,
        amount: 18_000,
        providersServing: 2,
        providers: [
          { providerId: alpha, blocks: 2, amount: 14_400, share: 80 },
          { providerId: beta, blocks: 1, amount: 3_600, share: 20 },
        ],
      },
    });
  });

  it('narrows to one school: its enrollments, and no money (the vouchers name no school)', async () => {
    const south2026 = await queries().statistics({ region, year: 2026, organizationId: schoolS });
    // schoolS: a3 confirmed and cancelled, a4 confirmed and failed; schoolN's a1, a2 are not counted
    expect(south2026).toMatchObject({
      organizationId: schoolS,
      enrollments: {
        confirmed: 2,
        cancelled: 1,
        completed: 0,
        droppedOut: 0,
        failedFinalAssessment: 1,
        withdrawnBeforeConfirmation: null,
      },
      vouchers: null,
    });
    // a school of another municipality than the one asked: nothing of either
    expect(
      (await queries().statistics({ region, year: 2026, municipalityId: north, organizationId: schoolS }))
        .enrollments.confirmed,
    ).toBe(0);
  });

  it('narrows to a municipality by its schools and vouchers, and to a provider or a program', async () => {
    const north2026 = await queries().statistics({ region, year: 2026, municipalityId: north });
    expect(north2026.enrollments).toMatchObject({
      confirmed: 2,
      cancelled: 0,
      completed: 1,
      droppedOut: 1,
      withdrawnBeforeConfirmation: null,
    });
    expect(north2026.vouchers).toMatchObject({ amount: 10_800, providersServing: 2 });
    expect(north2026.vouchers!.providers.map((p) => p.share)).toEqual([66.7, 33.3]);
    const beta2026 = await queries().statistics({ region, year: 2026, providerId: beta });
    expect(beta2026.enrollments).toMatchObject({ confirmed: 1, failedFinalAssessment: 1 });
    expect(beta2026.groups).toEqual({ started: 0, cancelled: 1 });
    expect(beta2026.feedback).toMatchObject({ ratings: 0, content: null });
    expect(beta2026.reviews).toMatchObject({ approved: 0, averageDays: null });
    const p1 = await queries().statistics({ region, year: 2026, programId: P1 });
    expect(p1.vouchers!.providers).toEqual([{ providerId: alpha, blocks: 2, amount: 14_400, share: 100 }]);
    expect(await queries().statistics({ region, year: 2025 })).toMatchObject({
      enrollments: { confirmed: 0 },
      vouchers: { providers: [] },
    });
  });

  it('counts nothing twice when every event is delivered again, newest first', () => {
    projectionSpec(activityStatistics).given(events).thenRedeliveryChangesNothing();
  });
});
