import { deciderSpec } from '@pk/test-kit';
import { attempt, type AttemptEvent, type ScoreAttempt } from './attempt.decider';
import type { TeacherFacts } from './attempt-teacher';
import type { CampaignState } from './campaign.decider';
import { BURNOUT_V1 } from './instruments';
import { answersFor } from '../../test/instruments.fixtures';

const teacher: TeacherFacts = {
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
  position: 'teacher',
  subjects: ['mathematics'],
};
const campaignId = 'b7e2c5a9-1d3f-4a68-9c0b-5e7f2a4d8c16';
const monitoring: CampaignState = {
  status: 'open',
  campaignId,
  region: '63',
  kind: 'yearly-monitoring',
  year: 2026,
  opensOn: '2026-12-01',
  closesOn: '2027-05-31',
};
const attemptId = 'e1c4a7f2-5b8d-4e39-a6c0-2f9b3d7e5a18';
const command: ScoreAttempt = {
  type: 'ScoreAttempt',
  attemptId,
  teacher,
  campaignId,
  campaign: monitoring,
  instrument: { id: 'teacher-core', version: 1 },
  answers: answersFor(undefined, { 'R/01': 2, 'R/06': 3 }),
};
const full = (competency: string) => ({ competency, score: 100, deficit: false });
const scored: AttemptEvent = {
  type: 'diagnostics.AttemptScored',
  data: {
    attemptId,
    teacherId: teacher.teacherId,
    region: '63',
    organizationId: teacher.organizationId,
    municipalityId: teacher.municipalityId,
    campaignId,
    instrument: { id: 'teacher-core', version: 1 },
    scores: [
      full('A/01.6'),
      full('A/02.6'),
      full('A/03.6'),
      full('B/03.6'),
      { competency: 'R/01', score: 33, deficit: true },
      full('R/03'),
      { competency: 'R/06', score: 0, deficit: true },
    ] as AttemptEvent['data']['scores'],
  },
};

describe('attempt', () => {
  it('scores the answers per competency in an open monitoring, deficits below the threshold', () => {
    deciderSpec(attempt).given([]).at('2027-01-20T10:30:00Z').when(command).then([scored]);
  });

  it('scores self-diagnostics outside any campaign', () => {
    deciderSpec(attempt)
      .given([])
      .when({ ...command, campaignId: null, campaign: { status: 'none' } })
      .then([{ ...scored, data: { ...scored.data, campaignId: null } }]);
  });

  it('takes a hand-in again as nothing new, and refuses another under the same id', () => {
    deciderSpec(attempt).given([scored]).at('2027-01-21').when(command).then([]);
    deciderSpec(attempt)
      .given([scored])
      .at('2027-01-21')
      .when({ ...command, campaignId: null })
      .thenFails('attempt-already-scored');
  });

  it('refuses an attempt outside the monitoring’s dates or after it closed', () => {
    deciderSpec(attempt).given([]).at('2027-06-02T08:00:00Z').when(command).thenFails('campaign-not-running');
    deciderSpec(attempt)
      .given([])
      .at('2027-01-20')
      .when({ ...command, campaign: { ...monitoring, status: 'closed' } })
      .thenFails('campaign-closed');
    deciderSpec(attempt)
      .given([])
      .at('2027-01-20')
      .when({ ...command, campaign: { status: 'none' } })
      .thenFails('campaign-not-found');
  });

  it('refuses an instrument that does not fit the position', () => {
    deciderSpec(attempt)
      .given([])
      .at('2027-01-20')
      .when({ ...command, teacher: { ...teacher, position: 'preschool-teacher' } })
      .thenFails('instrument-not-for-position');
    deciderSpec(attempt)
      .given([])
      .when({ ...command, instrument: { id: BURNOUT_V1.id, version: 1 } })
      .thenFails('instrument-not-a-test');
    deciderSpec(attempt)
      .given([])
      .when({ ...command, instrument: { id: 'teacher-core', version: 7 } })
      .thenFails('instrument-not-found');
  });
});
