import { deciderSpec } from '@pk/test-kit';
import { program, type SubmitProgram } from './program.decider';

const submit: SubmitProgram = {
  type: 'SubmitProgram',
  programId: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
  providerId: '5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11',
  region: '63',
  title: 'Формирование функциональной грамотности',
  kind: 'advanced-training',
  hours: 36,
  provider: { registered: true, region: '63' },
};
const { type: _type, provider: _provider, ...submitted } = submit;

describe('program', () => {
  const spec = deciderSpec(program);

  it('accepts a program of a registered provider of the same region', () => {
    spec
      .given([])
      .when(submit)
      .then([{ type: 'catalog.ProgramSubmitted', data: submitted }]);
  });

  it('refuses a second submission of the same program', () => {
    spec
      .given([{ type: 'catalog.ProgramSubmitted', data: submitted }])
      .when(submit)
      .thenFails('program-already-submitted');
  });

  it('refuses a program of an unregistered provider', () => {
    spec
      .given([])
      .when({ ...submit, provider: { registered: false, region: null } })
      .thenFails('provider-not-registered');
  });

  it('refuses a program for another region than its provider', () => {
    spec
      .given([])
      .when({ ...submit, region: '24' })
      .thenFails('provider-in-another-region', /registered in region 63, not 24/);
  });

  it.each([
    ['advanced-training', 15, 16],
    ['retraining', 249, 250],
  ] as const)('refuses a %s program of %i hours (minimum %i)', (kind, hours, minimum) => {
    spec
      .given([])
      .when({ ...submit, kind, hours })
      .thenFails('program-hours-below-minimum', new RegExp(`at least ${minimum} hours`));
  });

  it('accepts exactly the minimum hours', () => {
    spec
      .given([])
      .when({ ...submit, kind: 'retraining', hours: 250 })
      .then([{ type: 'catalog.ProgramSubmitted', data: { ...submitted, kind: 'retraining', hours: 250 } }]);
  });
});
