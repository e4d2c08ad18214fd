import { DomainError } from '@pk/kernel';
import { blocksOf, categoryOf, positionsWithoutVoucher } from './entitlement';

describe('the voucher a position gets (seed 000, «Актуальная структура ИОЧ»)', () => {
  it('gives 72 hours to every pedagogical worker of a school, a preschool or an УДОД', () => {
    for (const kind of ['school', 'preschool', 'additional-education'] as const) {
      for (const position of [
        'teacher',
        'preschool-teacher',
        'additional-education-teacher',
        'methodist',
        'educational-psychologist',
        'speech-therapist',
        'social-pedagogue',
        'tutor',
        'head',
      ] as const) {
        expect(categoryOf(position, kind)).toBe('72-hours');
      }
    }
  });

  it('gives 72 hours to general-subject lecturers of a college, 90 to masters of industrial training and special-discipline lecturers', () => {
    expect(categoryOf('general-subject-lecturer', 'vocational-college')).toBe('72-hours');
    expect(categoryOf('special-discipline-lecturer', 'vocational-college')).toBe('90-hours');
    expect(categoryOf('industrial-training-master', 'vocational-college')).toBe('90-hours');
  });

  it('gives no voucher, with the reason, to the positions the seed does not name', () => {
    expect(positionsWithoutVoucher('vocational-college')).toEqual([
      'teacher',
      'preschool-teacher',
      'additional-education-teacher',
      'methodist',
      'educational-psychologist',
      'speech-therapist',
      'social-pedagogue',
      'tutor',
      'head',
    ]);
    expect(positionsWithoutVoucher('school')).toEqual([
      'general-subject-lecturer',
      'special-discipline-lecturer',
      'industrial-training-master',
    ]);
    const refused = categoryOf('methodist', 'vocational-college');
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('position-without-voucher');
    expect((refused as DomainError).message).toMatch(/Методист.*не входит в структуру ИОЧ/);
  });

  it('builds 72 hours from two 36-hour variable blocks the subject rule spans, 90 from 36 variable + 54 internship', () => {
    expect(blocksOf('72-hours').map((b) => [b.kind, b.hours, b.matchesProfile])).toEqual([
      ['variable', 36, true],
      ['variable', 36, true],
    ]);
    expect(blocksOf('90-hours').map((b) => [b.kind, b.hours, b.matchesProfile])).toEqual([
      ['variable', 36, false],
      ['internship', 54, false],
    ]);
    expect(blocksOf('72-hours').reduce((h, b) => h + b.hours, 0)).toBe(72);
    expect(blocksOf('90-hours').reduce((h, b) => h + b.hours, 0)).toBe(90);
  });
});
