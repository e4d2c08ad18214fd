import { deciderSpec } from '@pk/test-kit';
import type { TeacherFacts } from './attempt-teacher';
import { burnout, type BurnoutEvent, type ScreenBurnout } from './burnout.decider';
import { BURNOUT_V1 } from './instruments';

const teacher: TeacherFacts = {
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
  position: 'teacher',
  subjects: ['mathematics'],
};
const screeningId = '7c3e9a1b-2d4f-4e6a-8b0c-1d2e3f4a5b6c';
const command: ScreenBurnout = {
  type: 'ScreenBurnout',
  screeningId,
  teacher,
  campaignId: null,
  instrument: { id: 'burnout', version: 1 },
  answers: BURNOUT_V1.items.map((i) => ({ item: i.id, answer: i.reversed ? '0' : '4' })),
};
const screened: BurnoutEvent = {
  type: 'diagnostics.BurnoutScreened',
  data: {
    screeningId,
    teacherId: teacher.teacherId,
    region: '63',
    instrument: { id: 'burnout', version: 1 },
    score: 100,
    level: 'high',
  },
};

describe('burnout screening', () => {
  it('records the level privately, once per screening', () => {
    deciderSpec(burnout).given([]).when(command).then([screened]);
    deciderSpec(burnout).given([screened]).when(command).then([]);
  });

  it('belongs to no campaign and takes only the screening scale', () => {
    deciderSpec(burnout)
      .given([])
      .when({ ...command, campaignId: 'b7e2c5a9-1d3f-4a68-9c0b-5e7f2a4d8c16' })
      .thenFails('screening-outside-campaigns');
    deciderSpec(burnout)
      .given([])
      .when({ ...command, instrument: { id: 'teacher-core', version: 1 } })
      .thenFails('instrument-not-a-screening');
  });
});
