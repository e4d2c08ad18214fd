import { deciderSpec } from '@pk/test-kit';
import { type IrbeyCriterionRecordedV1, irbeyCriteria } from './irbey-criteria.decider';

describe('Irbey criteria the municipal operator records', () => {
  const spec = deciderSpec(irbeyCriteria);
  const operator = { id: 'mmc-irbey', role: 'municipal-operator' };
  const record = {
    type: 'RecordIrbeyCriterion',
    region: '24',
    municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
    year: 2026,
    criterionId: '1',
    met: true,
    comment: '  Информация о программах КИПК на сайте ММЦ, раздел «Повышение квалификации»  ',
  } as const;
  const recorded = (fields: Partial<IrbeyCriterionRecordedV1> = {}) => ({
    type: 'monitoring.IrbeyCriterionRecorded' as const,
    data: {
      region: '24',
      municipalityId: record.municipalityId,
      year: 2026,
      criterionId: '1',
      met: true,
      comment: 'Информация о программах КИПК на сайте ММЦ, раздел «Повышение квалификации»',
      recordedBy: 'mmc-irbey',
      recordedByRole: 'municipal-operator',
      recordedAt: '2027-01-15T09:00:00.000Z',
      ...fields,
    },
  });

  it('records the answer with who recorded it and when, the comment trimmed', () => {
    spec.given([]).at('2027-01-15T09:00:00.000Z').by(operator).when(record).then([recorded()]);
  });

  it('records a correction, and nothing when the same answer comes again', () => {
    spec.given([recorded()]).by(operator).at('2027-01-15T10:00:00.000Z').when(record).then([]);
    spec
      .given([recorded()])
      .by(operator)
      .at('2027-01-16T10:00:00.000Z')
      .when({ ...record, met: false, comment: 'страница удалена' })
      .then([recorded({ met: false, comment: 'страница удалена', recordedAt: '2027-01-16T10:00:00.000Z' })]);
    // another row of the same year is its own answer
    spec
      .given([recorded()])
      .by(operator)
      .at('2027-01-15T09:00:00.000Z')
      .when({ ...record, criterionId: '3.1c' })
      .then([recorded({ criterionId: '3.1c' })]);
  });

  it('refuses a row the platform computes from events, and a row the table does not have', () => {
    spec
      .given([])
      .when({ ...record, criterionId: '2.2a' })
      .thenFails('criterion-not-recorded', /^criterionId: /);
    spec
      .given([])
      .when({ ...record, criterionId: '9' })
      .thenFails('criterion-not-recorded');
  });

  it("refuses another region's call on the stream", () => {
    spec
      .given([recorded()])
      .when({ ...record, region: '63' })
      .thenFails('municipality-not-found');
  });
});
