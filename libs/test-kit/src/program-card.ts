/**
 * A 36-hour physics program for school teachers, voucher-eligible: the body of
 * `POST /providers/:id/programs` (without its `programId` and `region`) that specs, the e2e files
 * and the operations scripts draft, with the fields a caller wants otherwise.
 */
export const programCard = (title: string, fields: Record<string, unknown> = {}) => ({
  title,
  annotation: 'Практико-ориентированная программа для учителей физики.',
  kind: 'advanced-training',
  hours: 36,
  format: 'blended',
  targetPositions: ['teacher'],
  organizationTypes: ['school'],
  subjects: ['physics'],
  workProfile: '',
  competencies: ['R/01'],
  voucherEligible: true,
  employerAssessment: true,
  practiceShare: 50,
  ...fields,
});
