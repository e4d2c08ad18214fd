import { deciderSpec } from '@pk/test-kit';
import { expert, type ExpertEvent, type RegisterExpert } from './expert.decider';

const expertId = '0d7e3b95-6a2c-4f18-9b4d-e1c5a8f3d267';
const register: RegisterExpert = {
  type: 'RegisterExpert',
  expertId,
  region: '63',
  organizationId: '5b9c2e48-1d7a-4f63-a0e5-9c3b7d2f8e14',
  subjects: ['physics', 'chemistry'],
  competencies: ['R/01', 'A/01.6'],
};
const { type: _type, ...data } = register;
const registered = { type: 'expertise.ExpertRegistered', data } as ExpertEvent;
const deactivated: ExpertEvent = { type: 'expertise.ExpertDeactivated', data: { expertId, region: '63' } };

describe('expert', () => {
  const spec = deciderSpec(expert);

  it('registers an expert with known subjects and competencies', () => {
    spec.given([]).when(register).then([registered]);
  });

  it('takes the same registration again as done, refuses another one, unknown codes (naming them) and an expert with no specialization', () => {
    spec.given([registered]).when(register).then([]);
    spec
      .given([registered])
      .when({ ...register, organizationId: '7a2d9c14-4b3e-4f5a-8c6d-1e2f3a4b5c6d' })
      .thenFails('expert-already-registered');
    spec
      .given([])
      .when({ ...register, subjects: ['physics', 'astrology'] })
      .thenFails('subject-unknown', /astrology/);
    spec
      .given([])
      .when({ ...register, competencies: ['Z/99'] })
      .thenFails('competency-unknown', /Z\/99/);
    spec
      .given([])
      .when({ ...register, subjects: [], competencies: [] })
      .thenFails('expert-without-specialization');
  });

  it('deactivates and reactivates an expert of the region', () => {
    spec.given([registered]).when({ type: 'DeactivateExpert', expertId, region: '63' }).then([deactivated]);
    spec
      .given([registered, deactivated])
      .when({ type: 'ReactivateExpert', expertId, region: '63' })
      .then([{ type: 'expertise.ExpertReactivated', data: { expertId, region: '63' } }]);
  });

  it('changes a status once (again decides nothing), and refuses an unknown expert or another region', () => {
    spec.given([registered, deactivated]).when({ type: 'DeactivateExpert', expertId, region: '63' }).then([]);
    spec.given([registered]).when({ type: 'ReactivateExpert', expertId, region: '63' }).then([]);
    spec
      .given([])
      .when({ type: 'DeactivateExpert', expertId, region: '63' })
      .thenFails('expert-not-registered');
    spec
      .given([registered])
      .when({ type: 'DeactivateExpert', expertId, region: '24' })
      .thenFails('expert-in-another-region', /региона 63, а не 24/);
  });
});
