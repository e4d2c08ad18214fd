import type { CompetencyCode, TeacherPlace } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { type Evidence, profile, type ProfileEvent, type RecordEvidence } from './profile.decider';

const place: TeacherPlace = {
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
};
const score = (competency: CompetencyCode, value: number) => ({
  competency,
  score: value,
  deficit: value < 60,
});
const evidence = (id: string, observedAt: string, ...scores: ReturnType<typeof score>[]): Evidence => ({
  id,
  source: 'monitoring',
  observedAt,
  scores,
});
const recordOf = (e: Evidence): RecordEvidence => ({ type: 'RecordEvidence', place, evidence: e });
const recorded = (e: Evidence): ProfileEvent => ({
  type: 'diagnostics.ProfileScoresRecorded',
  data: { ...place, evidenceId: e.id, source: e.source, observedAt: e.observedAt, scores: e.scores },
});
const found = (competency: CompetencyCode, e: Evidence): ProfileEvent => ({
  type: 'diagnostics.DeficitFound',
  data: { ...place, competency, foundBy: e.id, source: e.source },
});
const resolved = (competency: CompetencyCode, e: Evidence): ProfileEvent => ({
  type: 'diagnostics.DeficitResolved',
  data: { ...place, competency, resolvedBy: e.id },
});

const january = evidence(
  '0b7c1e2a-0000-4000-8000-000000000001',
  '2027-01-20T10:30:00.000Z',
  score('R/01', 33),
  score('A/01.6', 100),
);
const march = evidence(
  '0b7c1e2a-0000-4000-8000-000000000002',
  '2027-03-02T09:00:00.000Z',
  score('R/01', 40),
  score('R/06', 20),
);
const april = evidence('0b7c1e2a-0000-4000-8000-000000000003', '2027-04-10T09:00:00.000Z', score('R/01', 67));

describe('profile', () => {
  it('finds a deficit where a competency scores below the threshold', () => {
    deciderSpec(profile)
      .given([])
      .when(recordOf(january))
      .then([recorded(january), found('R/01', january)]);
  });

  it('does not find an open deficit twice', () => {
    deciderSpec(profile)
      .given([recorded(january), found('R/01', january)])
      .when(recordOf(march))
      .then([recorded(march), found('R/06', march)]);
  });

  it('resolves a deficit when a later diagnostic scores it at or above the threshold', () => {
    deciderSpec(profile)
      .given([recorded(january), found('R/01', january), recorded(march), found('R/06', march)])
      .when(recordOf(april))
      .then([recorded(april), resolved('R/01', april)]);
  });

  it('does not resolve a deficit by an earlier good score recorded late', () => {
    const ефом = {
      ...evidence('0b7c1e2a-0000-4000-8000-000000000004', '2027-01-10T00:00:00.000Z', score('R/01', 90)),
      source: 'federal-assessment' as const,
    };
    deciderSpec(profile)
      .given([recorded(january), found('R/01', january)])
      .when(recordOf(ефом))
      .then([recorded(ефом)]);
  });

  it('does not find a deficit by an older result arriving after a newer good one', () => {
    const earlyGood = evidence(
      '0b7c1e2a-0000-4000-8000-000000000005',
      '2027-01-05T00:00:00.000Z',
      score('R/01', 80),
    );
    const lateBad = evidence(
      '0b7c1e2a-0000-4000-8000-000000000006',
      '2027-01-01T00:00:00.000Z',
      score('R/01', 10),
    );
    deciderSpec(profile)
      .given([recorded(earlyGood)])
      .when(recordOf(lateBad))
      .then([recorded(lateBad)]);
  });

  it('records the same attempt twice as nothing new', () => {
    deciderSpec(profile)
      .given([recorded(january), found('R/01', january)])
      .when(recordOf(january))
      .then([]);
    deciderSpec(profile)
      .given([recorded(january), found('R/01', january), recorded(april), resolved('R/01', april)])
      .when(recordOf(january))
      .then([]);
  });
});
