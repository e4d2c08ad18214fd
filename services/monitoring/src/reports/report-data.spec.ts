import type { IrbeyProgram } from '../indicators/irbey';
import { changeText, percentText, recommendationsOf, teachersWord, TYPICAL_DEFICITS } from './report-data';

const program = (title: string, competencies: string[], status = 'approved'): IrbeyProgram => ({
  title,
  kind: 'advanced-training',
  format: 'in-person',
  competencies,
  targetPositions: ['teacher'],
  employerAssessment: false,
  status,
});

// Ten teachers. Deficits: R/01 — t1, t2, t3; R/03 — t1, t4; B/04.6 — t5 (twice: one teacher);
// R/02, R/04, R/05, R/06 — one teacher each. Approved: «Грамотность» (R/01), «Математика»
// (B/04.6); «Цифра» (R/03) is archived. Three teachers without pedagogical education are teachers,
// one a methodist.
describe('targeted recommendations (seed 000, «Адресные рекомендации»)', () => {
  const deficits = [
    ...['t1', 't2', 't3'].map((teacherId) => ({ teacherId, competency: 'R/01' })),
    ...['t1', 't4'].map((teacherId) => ({ teacherId, competency: 'R/03' })),
    { teacherId: 't5', competency: 'B/04.6' },
    { teacherId: 't5', competency: 'B/04.6' },
    ...['R/02', 'R/04', 'R/05', 'R/06'].map((competency, i) => ({ teacherId: `u${i}`, competency })),
  ];
  const result = recommendationsOf({
    teachers: 10,
    deficits,
    programs: new Map([
      ['a', program('Грамотность', ['R/01'])],
      ['b', program('Математика', ['B/04.6'])],
      ['c', program('Цифра', ['R/03'], 'archived')],
    ]),
    notPedagogical: [
      { position: 'teacher', teachers: 3 },
      { position: 'methodist', teachers: 1 },
      { position: 'tutor', teachers: 0 },
    ],
  });

  it('ranks the typical deficits by teachers, with the approved programs that close them', () => {
    expect(TYPICAL_DEFICITS).toBe(5);
    expect(result.typicalDeficits.map((d) => [d.competency, d.teachers, d.percent, d.programs])).toEqual([
      ['R/01', 3, 30, ['Грамотность']],
      ['R/03', 2, 20, []],
      ['B/04.6', 1, 10, ['Математика']],
      ['R/02', 1, 10, []],
      ['R/04', 1, 10, []],
    ]);
    expect(result.text[0]).toBe(
      'Дефицит «Формирование функциональной грамотности обучающихся» выявлен у 3 педагогов (30 % педагогов территории): направить их на программы «Грамотность» и включить эти программы в индивидуальные маршруты.',
    );
  });

  it('asks providers for programs where no approved one covers a deficit (an archived one does not)', () => {
    expect(result.programsToDevelop.map((p) => [p.competency, p.teachers])).toEqual([
      ['R/03', 2],
      ['R/02', 1],
      ['R/04', 1],
      ['R/05', 1],
      ['R/06', 1],
    ]);
  });

  it('advises retraining by position where education is not pedagogical', () => {
    expect(result.retraining).toEqual([
      { position: 'teacher', name: 'Учитель', teachers: 3 },
      { position: 'methodist', name: 'Методист', teachers: 1 },
    ]);
    expect(result.text).toContain(
      '3 педагога (Учитель) не имеют педагогического образования и не прошли переподготовку: рекомендуется профессиональная переподготовка по программам педагогической направленности (не менее 250 часов) для соответствия профессиональному стандарту.',
    );
  });

  it('agrees «педагог» with its number', () => {
    const genitive = ['педагога', 'педагогов', 'педагогов'] as const;
    expect([1, 2, 5, 11, 21, 104].map((n) => teachersWord(n, genitive))).toEqual([
      '1 педагога',
      '2 педагогов',
      '5 педагогов',
      '11 педагогов',
      '21 педагога',
      '104 педагогов',
    ]);
    expect(result.text).toContain(
      '1 педагог (Методист) не имеет педагогического образования и не прошёл переподготовку: рекомендуется профессиональная переподготовка по программам педагогической направленности (не менее 250 часов) для соответствия профессиональному стандарту.',
    );
  });

  it('says so when no deficit was found, and writes figures the Russian way', () => {
    expect(
      recommendationsOf({ teachers: 0, deficits: [], programs: new Map(), notPedagogical: [] }).text,
    ).toEqual(['За год профессиональных дефицитов у педагогов не выявлено.']);
    expect([
      percentText(33.3),
      percentText(null),
      changeText(-2.5),
      changeText(1, ''),
      changeText(null),
    ]).toEqual(['33,3 %', 'нет данных', '−2,5 п. п.', '+1', '—']);
  });
});
