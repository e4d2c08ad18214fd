import { randomUUID } from 'node:crypto';
import { type EventEnvelope, readPublishedEvent } from '@pk/contracts';
import { InMemoryReadModel, InMemoryTopics } from '@pk/projections';
import { publishedEvent } from '@pk/test-kit';
import { EveryFactGathered } from '../../../scripts/every-fact-gathered';
import { MonitoringQueries, type Scope } from '../../queries/monitoring.queries';
import { regionFigures } from '../region-figures/region-figures.projection';
import { teacherDevelopment } from '../teacher-development/teacher-development.projection';
import { voucherFigures } from '../voucher-figures/voucher-figures.projection';
import { figureCounts } from './figure-counts.projection';

// Two municipalities with every kind of fact the figures count, published over three partitions
// (each stream in one, as Kafka places it; a teacher's, a group's and a voucher's streams spread
// over all three). The figures the partitions count ahead must be those computed by hand below, and
// exactly those the gathered documents give when counted one by one (the old path, kept in the
// benchmark as its peer), for each municipality and the region, each year — after redelivery too.
const region = '63';
const [north, south] = [randomUUID(), randomUUID()];
const [schoolN1, schoolN2, schoolS] = [randomUUID(), randomUUID(), randomUUID()];
const [T1, T2, T3, T4] = Array.from({ length: 4 }, () => randomUUID());
const [P1, P2, P3] = Array.from({ length: 3 }, () => randomUUID());
const [V1, V2, V3] = Array.from({ length: 3 }, () => randomUUID());
const [G1, G2] = [randomUUID(), randomUUID()];
const [A1, A2, A3, A4] = Array.from({ length: 4 }, () => randomUUID());
const [X1, X2] = [randomUUID(), randomUUID()];

const at = (subject: string, position: number, time = '2026-03-02T09:00:00.000Z') => ({
  subject,
  position,
  time,
});

function events(): EventEnvelope[] {
  const teacher = (teacherId: string, organizationId: string, municipalityId: string, position = 0) =>
    publishedEvent(
      position === 0 ? 'diagnostics.TeacherRegistered' : 'diagnostics.TeacherUpdated',
      { teacherId, region, organizationId, municipalityId, category: 'none', categorySince: null },
      at(`teacher-${teacherId}`, position),
    );
  const school = (organizationId: string, municipalityId: string) =>
    publishedEvent(
      'catalog.OrganizationRegistered',
      { organizationId, region, municipalityId },
      at(`organization-${organizationId}`, 0),
    );
  const confirmed = (applicationId: string, organizationId: string, group: string, time: string) =>
    publishedEvent(
      'enrollment.EnrollmentConfirmed',
      { applicationId, region, organizationId },
      at(`group-${group}`, 1, time),
    );
  return [
    school(schoolN1, north),
    school(schoolN2, north),
    school(schoolS, south),
    teacher(T1, schoolN1, north),
    teacher(T2, schoolN2, north),
    teacher(T3, schoolS, south),
    teacher(T4, schoolS, south),
    // T4 moves north
    teacher(T4, schoolN1, north, 1),
    publishedEvent(
      'catalog.InternshipSiteRegistered',
      { siteId: X1, region, municipalityId: north },
      at(`site-${X1}`, 0),
    ),
    publishedEvent(
      'catalog.InternshipSiteRegistered',
      { siteId: X2, region, municipalityId: south },
      at(`site-${X2}`, 0),
    ),
    publishedEvent('catalog.ProviderRegistered', { providerId: randomUUID(), region }, at('provider-1', 0)),
    publishedEvent('catalog.ProgramApproved', { programId: P1, region }, at(`program-${P1}`, 2)),
    publishedEvent('catalog.ProgramSubmitted', { programId: P2, region }, at(`program-${P2}`, 0)),
    publishedEvent('catalog.ProgramSubmitted', { programId: P3, region }, at(`program-${P3}`, 0)),
    publishedEvent('catalog.ProgramReturned', { programId: P3, region }, at(`program-${P3}`, 1)),
    publishedEvent('expertise.ExpertRegistered', { expertId: G1, region }, at(`expert-${G1}`, 0)),
    publishedEvent('expertise.ExpertRegistered', { expertId: G2, region }, at(`expert-${G2}`, 0)),
    publishedEvent('expertise.ExpertDeactivated', { expertId: G2, region }, at(`expert-${G2}`, 1)),
    publishedEvent(
      'expertise.ReviewDecided',
      { caseId: randomUUID(), region, outcome: 'approved' },
      at('review-1', 3, '2026-04-01T09:00:00.000Z'),
    ),
    publishedEvent(
      'expertise.ReviewDecided',
      { caseId: randomUUID(), region, outcome: 'returned' },
      at('review-2', 3, '2025-04-01T09:00:00.000Z'),
    ),
    // A1, A2 confirmed in 2026 at north's schools, A2 then cancelled; A3 at south's; A4 in 2025
    confirmed(A1, schoolN1, 'g1', '2026-02-01T09:00:00.000Z'),
    confirmed(A2, schoolN2, 'g1', '2026-02-01T09:00:00.000Z'),
    publishedEvent('enrollment.EnrollmentCancelled', { applicationId: A2, region }, at('group-g1', 2)),
    confirmed(A3, schoolS, 'g2', '2026-02-01T09:00:00.000Z'),
    confirmed(A4, schoolN1, 'g2', '2025-02-01T09:00:00.000Z'),
    publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId: A1, region, organizationId: schoolN1, teacherId: T1, completedOn: '2026-06-15' },
      at('group-g1', 5),
    ),
    publishedEvent(
      'enrollment.CourseCompleted',
      { enrollmentId: A4, region, organizationId: schoolN1, teacherId: T4, completedOn: '2025-06-15' },
      at('group-g2', 5),
    ),
    publishedEvent(
      'enrollment.LearnerDroppedOut',
      { applicationId: A3, region, droppedOn: '2026-05-10' },
      at('group-g2', 6),
    ),
    // V1 north: both blocks reserved, one redeemed, one released; V2 south expired; V3 north revoked
    publishedEvent(
      'vouchers.VoucherIssued',
      { voucherId: V1, region, year: 2026, municipalityId: north, amount: 14_400 },
      at(`voucher-${V1}`, 0),
    ),
    publishedEvent(
      'vouchers.BlockReserved',
      { voucherId: V1, region, year: 2026, block: 1, amount: 7_200 },
      at(`voucher-${V1}`, 1),
    ),
    publishedEvent(
      'vouchers.BlockReserved',
      { voucherId: V1, region, year: 2026, block: 2, amount: 7_200 },
      at(`voucher-${V1}`, 2),
    ),
    publishedEvent(
      'vouchers.BlockRedeemed',
      { voucherId: V1, region, year: 2026, block: 1, amount: 7_200 },
      at(`voucher-${V1}`, 3),
    ),
    publishedEvent(
      'vouchers.BlockReleased',
      { voucherId: V1, region, year: 2026, block: 2 },
      at(`voucher-${V1}`, 4),
    ),
    publishedEvent(
      'vouchers.VoucherIssued',
      { voucherId: V2, region, year: 2026, municipalityId: south, amount: 14_400 },
      at(`voucher-${V2}`, 0),
    ),
    publishedEvent(
      'vouchers.VoucherExpired',
      { voucherId: V2, region, year: 2026, municipalityId: south, unspentAmount: 14_400 },
      at(`voucher-${V2}`, 1),
    ),
    publishedEvent(
      'vouchers.VoucherIssued',
      { voucherId: V3, region, year: 2026, municipalityId: north, amount: 14_400 },
      at(`voucher-${V3}`, 0),
    ),
    publishedEvent(
      'vouchers.VoucherRevoked',
      { voucherId: V3, region, year: 2026, municipalityId: north, unspentAmount: 14_400 },
      at(`voucher-${V3}`, 1),
    ),
  ];
}

const partitions = ['p0', 'p1', 'p2'];
let next = 0;
const placed = new Map<string, string>();
const partitionOf = (subject: string) => {
  if (!placed.has(subject)) placed.set(subject, partitions[next++ % partitions.length]!);
  return placed.get(subject)!;
};

const options = () => ({ topics: new InMemoryTopics(), readEvent: readPublishedEvent });

function served(published: readonly EventEnvelope[]) {
  const model = new InMemoryReadModel(figureCounts, options());
  for (const event of published) model.apply([event], partitionOf(event.subject));
  return { model, queries: new MonitoringQueries(model as never) };
}

function gathered(published: readonly EventEnvelope[]) {
  const figures = new InMemoryReadModel(regionFigures, options());
  const development = new InMemoryReadModel(teacherDevelopment, options());
  const vouchers = new InMemoryReadModel(voucherFigures, options());
  figures.apply(published);
  development.apply(published);
  vouchers.apply(published);
  return new EveryFactGathered(figures as never, development as never, vouchers as never);
}

const scopes: Scope[] = [{ region }, { region, municipalityId: north }, { region, municipalityId: south }];

describe('figure counts, per partition', () => {
  const published = events();

  it('gives the figures computed by hand for a municipality and the region', async () => {
    const { queries } = served(published);
    expect(await queries.statistics({ region, municipalityId: north }, 2026)).toMatchObject({
      // T1, T2 and T4 (moved from the south); two schools; one site
      territory: { teachers: 3, organizations: 2, internshipSites: 1 },
      // the region's: P1 approved, P2 in review (P3 returned); G1 active; 2025's review not this year's
      regionWide: {
        providers: 1,
        programsApproved: 1,
        programsInReview: 1,
        activeExperts: 1,
        reviews: { approved: 1, returned: 0, rejected: 0 },
        droppedOut: 1,
      },
      // V1 (a block redeemed, one released) and V3 (revoked)
      vouchers: {
        issued: 2,
        issuedAmount: 28_800,
        reservedBlocks: 0,
        redeemedBlocks: 1,
        redeemedAmount: 7_200,
        releasedBlocks: 1,
        expired: 0,
        revoked: 1,
        unspentAmount: 14_400,
      },
      // A1 at N1, A2 at N2 cancelled; A1 completed
      enrollments: { confirmed: 1, cancelled: 1, completed: 1 },
    });
    expect(await queries.statistics({ region }, 2026)).toMatchObject({
      territory: { teachers: 4, organizations: 3, internshipSites: 2 },
      vouchers: { issued: 3, expired: 1, revoked: 1, unspentAmount: 28_800 },
      // A3 at the south's school too (its dropout is not a completion)
      enrollments: { confirmed: 2, cancelled: 1, completed: 1 },
    });
    expect(await queries.statistics({ region }, 2025)).toMatchObject({
      regionWide: { reviews: { approved: 0, returned: 1 }, droppedOut: 0 },
      enrollments: { confirmed: 1, cancelled: 0, completed: 1 },
      vouchers: { issued: 0 },
    });
  });

  it('equals the gathered documents counted one by one, for every scope and year', async () => {
    const { queries } = served(published);
    const old = gathered(published);
    for (const scope of scopes)
      for (const year of [2025, 2026])
        expect(await queries.statistics(scope, year)).toEqual(await old.statistics(scope, year));
  });

  it('counts nothing twice when every event is delivered again, newest first', async () => {
    const { model, queries } = served(published);
    const once = await queries.statistics({ region }, 2026);
    for (const event of [...published].reverse()) model.apply([event], partitionOf(event.subject));
    expect(await queries.statistics({ region }, 2026)).toEqual(once);
    expect(await served(published).queries.statistics({ region, municipalityId: north }, 2026)).toEqual(
      await queries.statistics({ region, municipalityId: north }, 2026),
    );
  });

  it('answers from what changed when asked again after more events', async () => {
    const half = Math.floor(published.length / 2);
    const { model, queries } = served(published.slice(0, half));
    for (const scope of scopes) await queries.statistics(scope, 2026);
    for (const event of published.slice(half)) model.apply([event], partitionOf(event.subject));
    const old = gathered(published);
    for (const scope of scopes)
      expect(await queries.statistics(scope, 2026)).toEqual(await old.statistics(scope, 2026));
  });
});
