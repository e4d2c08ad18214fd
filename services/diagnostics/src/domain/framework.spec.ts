import { competenciesOf, frameworkFor } from './framework';

describe('competency framework', () => {
  it('gives a teacher the subject module of its subject only', () => {
    const maths = competenciesOf('teacher', ['mathematics']);
    expect(maths).toEqual(
      expect.arrayContaining(['A/01.6', 'A/02.6', 'A/03.6', 'B/03.6', 'B/04.6', 'R/01', 'R/06']),
    );
    expect(maths).not.toContain('B/05.6');
    expect(maths).not.toContain('B/02.6');
    expect(competenciesOf('teacher', ['russian-language'])).toContain('B/05.6');
    expect(competenciesOf('teacher', ['primary-education'])).toContain('B/02.6');
  });

  it('gives a preschool teacher the preschool function, not the school ones', () => {
    const preschool = competenciesOf('preschool-teacher');
    expect(preschool).toContain('B/01.5');
    expect(preschool).not.toContain('B/03.6');
  });

  it('names every competency in Russian under version 2026.1', () => {
    const framework = frameworkFor('teacher');
    expect(framework.version).toBe('2026.1');
    expect(framework.competencies.find((c) => c.code === 'R/01')).toEqual({
      code: 'R/01',
      name: 'Формирование функциональной грамотности обучающихся',
      kind: 'regional',
      onlyForSubjects: null,
    });
  });
});
