import type { CompetencyCode } from '@pk/contracts';
import {
  ACTIVITY_TITLES,
  blockHoursFor,
  forTeacher,
  type ProgramCard,
  recommend,
  type TeacherNeeds,
  voucherFit,
} from './recommend';

// The recommendation rule, case by case: only programs for the teacher's position and kind of
// organization; among them coverage first, then voucher fit (eligibility, then whole voucher blocks),
// then title; activities for deficits no program covers; runner-ups for each covered deficit.

let n = 0;
function program(fields: Partial<ProgramCard> = {}): ProgramCard {
  n += 1;
  return {
    programId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    region: '63',
    title: `Программа ${n}`,
    kind: 'advanced-training',
    hours: 40,
    competencies: ['R/01'],
    targetPositions: [],
    organizationTypes: [],
    voucherEligible: false,
    ...fields,
  };
}

const teacher = (deficits: CompetencyCode[], fields: Partial<TeacherNeeds> = {}): TeacherNeeds => ({
  deficits,
  position: 'teacher',
  organizationKind: 'school',
  ...fields,
});

const ids = (ranked: readonly { program: ProgramCard }[]) => ranked.map((r) => r.program.programId);

describe('voucher fit', () => {
  const needs = teacher(['R/01']);

  it('counts nothing for a program that fits no voucher rule', () => {
    expect(voucherFit(program(), needs)).toBe(0);
  });

  it('weighs eligibility above hours that are whole blocks of the teacher’s voucher', () => {
    expect(voucherFit(program({ voucherEligible: true }), needs)).toBe(2);
    expect(voucherFit(program({ hours: 36 }), needs)).toBe(1);
    expect(voucherFit(program({ hours: 72 }), needs)).toBe(1);
    expect(voucherFit(program({ voucherEligible: true, hours: 36 }), needs)).toBe(3);
  });

  it('gives no hours bit to durations that are not whole voucher blocks', () => {
    for (const hours of [16, 20, 35, 37, 48, 54, 71, 90, 108, 144, 250]) {
      expect(voucherFit(program({ hours }), needs)).toBe(0);
    }
  });

  it('fits the internship block (54 hours, 90 with the variable one) to masters and special disciplines', () => {
    expect(blockHoursFor('teacher')).toEqual([36, 72]);
    for (const position of ['industrial-training-master', 'special-discipline-lecturer'] as const) {
      expect(blockHoursFor(position)).toEqual([36, 54, 90]);
      const master = teacher(['R/01'], { position, organizationKind: 'vocational-college' });
      expect([36, 54, 90, 72].map((hours) => voucherFit(program({ hours }), master))).toEqual([1, 1, 1, 0]);
    }
  });
});

describe('forTeacher', () => {
  const physics = teacher(['R/01']);

  it('takes a program for the teacher’s position and kind of organization', () => {
    expect(
      forTeacher(program({ targetPositions: ['teacher'], organizationTypes: ['school'] }), physics),
    ).toBe(true);
  });

  it('refuses a program for another position or another kind of organization', () => {
    expect(
      forTeacher(program({ targetPositions: ['methodist'], organizationTypes: ['school'] }), physics),
    ).toBe(false);
    expect(
      forTeacher(program({ targetPositions: ['teacher'], organizationTypes: ['preschool'] }), physics),
    ).toBe(false);
  });

  it('holds no program to a list it does not name, nor to an organization kind the directory does not know', () => {
    expect(forTeacher(program({ targetPositions: [], organizationTypes: [] }), physics)).toBe(true);
    const unknownPlace = teacher(['R/01'], { organizationKind: null });
    expect(
      forTeacher(program({ targetPositions: ['teacher'], organizationTypes: ['preschool'] }), unknownPlace),
    ).toBe(true);
    expect(
      forTeacher(program({ targetPositions: ['methodist'], organizationTypes: ['school'] }), unknownPlace),
    ).toBe(false);
  });
});

describe('recommend', () => {
  it('leaves out programs that cover none of the teacher’s deficits', () => {
    const other = program({ competencies: ['R/02'], voucherEligible: true });
    const none = program({ competencies: [] });
    const covering = program({ competencies: ['R/01'] });
    const result = recommend(teacher(['R/01']), [other, none, covering]);
    expect(ids(result.ranked)).toEqual([covering.programId]);
    expect(result.ranked[0]).toEqual({ program: covering, covers: ['R/01'], voucherFit: 0 });
  });

  it('ranks by deficits covered first, above any voucher fit', () => {
    const one = program({
      competencies: ['R/01'],
      voucherEligible: true,
      hours: 36,
      targetPositions: ['teacher'],
    });
    const two = program({ competencies: ['R/01', 'R/02', 'A/01.6'] });
    const three = program({ competencies: ['R/01', 'R/02', 'R/03'] });
    const result = recommend(teacher(['R/01', 'R/02', 'R/03']), [one, two, three]);
    expect(ids(result.ranked)).toEqual([three.programId, two.programId, one.programId]);
    expect(result.ranked.map((r) => r.covers)).toEqual([
      ['R/01', 'R/02', 'R/03'],
      ['R/01', 'R/02'],
      ['R/01'],
    ]);
  });

  it('ranks equal coverage by voucher fit, best first', () => {
    const blocks = program({ hours: 36 });
    const eligible = program({ voucherEligible: true, hours: 40 });
    const both = program({ voucherEligible: true, hours: 72 });
    const plain = program();
    const result = recommend(teacher(['R/01']), [plain, blocks, both, eligible]);
    expect(ids(result.ranked)).toEqual([
      both.programId,
      eligible.programId,
      blocks.programId,
      plain.programId,
    ]);
    expect(result.ranked.map((r) => r.voucherFit)).toEqual([3, 2, 1, 0]);
  });

  it('ranks equal coverage and fit by title, as Russian sorts them, then by program id', () => {
    const b = program({ title: 'Бережливое обучение' });
    const a = program({ title: 'Актуальные вопросы' });
    const e = program({ title: 'ёлочная педагогика' });
    const twinLater = program({ title: 'Актуальные вопросы' });
    const result = recommend(teacher(['R/01']), [twinLater, e, b, a]);
    expect(ids(result.ranked)).toEqual([a.programId, twinLater.programId, b.programId, e.programId]);
  });

  it('is the same whatever order the programs come in, and counts a program found twice once', () => {
    const programs = [
      program({ competencies: ['R/01', 'R/02'] }),
      program({ competencies: ['R/02'], voucherEligible: true }),
      program({ competencies: ['R/01'], hours: 72 }),
    ];
    const needs = teacher(['R/01', 'R/02']);
    const forward = recommend(needs, programs);
    expect(recommend(needs, [...programs].reverse())).toEqual(forward);
    expect(recommend(needs, [...programs, ...programs])).toEqual(forward);
  });

  it('counts a deficit named twice once', () => {
    const p = program({ competencies: ['R/01'] });
    expect(recommend(teacher(['R/01', 'R/01']), [p]).ranked[0]!.covers).toEqual(['R/01']);
  });

  it('chooses, walking the ranking, each program that covers a deficit not covered yet', () => {
    const broad = program({ competencies: ['R/01', 'R/02'], title: 'Широкая' });
    const sameAsBroad = program({ competencies: ['R/01', 'R/02'], title: 'Ягодная' }); // adds nothing
    const narrow = program({ competencies: ['R/01'], voucherEligible: true }); // adds nothing
    const digital = program({ competencies: ['R/03'] });
    const result = recommend(teacher(['R/01', 'R/02', 'R/03']), [narrow, digital, sameAsBroad, broad]);
    expect(ids(result.ranked)).toEqual([
      broad.programId,
      sameAsBroad.programId,
      narrow.programId,
      digital.programId,
    ]);
    expect(ids(result.chosen)).toEqual([broad.programId, digital.programId]);
    expect(result.activities).toEqual([]);
  });

  it('proposes no program and no activity for a teacher without deficits', () => {
    expect(recommend(teacher([]), [program()])).toEqual({
      ranked: [],
      chosen: [],
      activities: [],
      alternatives: [],
    });
  });

  it('proposes an activity for each kind of deficit no program covers, one per kind', () => {
    const literacy = program({ competencies: ['R/01'] });
    const result = recommend(
      teacher(['R/01', 'R/05', 'R/06', 'R/03', 'R/04', 'A/02.6', 'A/03.6', 'R/02', 'B/04.6']),
      [literacy],
    );
    expect(ids(result.chosen)).toEqual([literacy.programId]);
    expect(result.activities).toEqual([
      { kind: 'mentoring', title: ACTIVITY_TITLES.mentoring, competencies: ['R/05', 'R/02', 'B/04.6'] },
      {
        kind: 'practice-presentation',
        title: ACTIVITY_TITLES['practice-presentation'],
        competencies: ['A/02.6', 'A/03.6'],
      },
      { kind: 'contest', title: ACTIVITY_TITLES.contest, competencies: ['R/03', 'R/04'] },
      { kind: 'expert-work', title: ACTIVITY_TITLES['expert-work'], competencies: ['R/06'] },
    ]);
  });

  it('gives mentoring to R/05 and to any competency without an activity of its own', () => {
    for (const code of [
      'R/05',
      'R/01',
      'R/02',
      'A/01.6',
      'B/01.5',
      'B/02.6',
      'B/03.6',
      'B/04.6',
      'B/05.6',
    ] as const) {
      expect(recommend(teacher([code]), []).activities).toEqual([
        { kind: 'mentoring', title: ACTIVITY_TITLES.mentoring, competencies: [code] },
      ]);
    }
  });

  it('gives no activity for a deficit a program covers, however poorly it fits a voucher', () => {
    const poor = program({ competencies: ['R/05'], hours: 500, kind: 'retraining' });
    const result = recommend(teacher(['R/05']), [poor]);
    expect(ids(result.chosen)).toEqual([poor.programId]);
    expect(result.activities).toEqual([]);
  });
});

describe('a trajectory for a school physics teacher (issue 16.2)', () => {
  // given a school physics teacher with deficits in functional literacy and inclusive education
  const physics = teacher(['R/01', 'R/02'], { position: 'teacher', organizationKind: 'school' });
  // and a short course for preschool methodists covering both, not for the voucher
  const forMethodists = program({
    title: 'Методическое сопровождение в ДОУ',
    competencies: ['R/01', 'R/02'],
    hours: 20,
    voucherEligible: false,
    targetPositions: ['methodist'],
    organizationTypes: ['preschool'],
  });
  // and two voucher-eligible 36-hour courses for school teachers, one per deficit
  const literacy = program({
    title: 'Функциональная грамотность на уроках физики',
    competencies: ['R/01'],
    hours: 36,
    voucherEligible: true,
    targetPositions: ['teacher'],
    organizationTypes: ['school'],
  });
  const inclusion = program({
    title: 'Инклюзивное образование в школе',
    competencies: ['R/02'],
    hours: 36,
    voucherEligible: true,
    targetPositions: ['teacher'],
    organizationTypes: ['school'],
  });

  it('proposes the two courses the teacher can take, never the preschool methodists’ one', () => {
    // when the recommendation is made
    const result = recommend(physics, [forMethodists, literacy, inclusion]);
    // then it takes the two voucher-eligible courses for teachers, one for each deficit
    expect(ids(result.chosen)).toEqual([inclusion.programId, literacy.programId]);
    expect(ids(result.ranked)).not.toContain(forMethodists.programId);
    expect(result.activities).toEqual([]);
  });

  it('puts what the teacher can pay for before the rest, once coverage is equal', () => {
    // given a course for teachers covering literacy, neither for the voucher nor in whole blocks
    const unpaid = program({
      title: 'Аардварк: грамотность',
      competencies: ['R/01'],
      hours: 20,
      targetPositions: ['teacher'],
      organizationTypes: ['school'],
    });
    // when the recommendation is made
    const result = recommend(physics, [unpaid, literacy, inclusion]);
    // then the voucher-eligible 36-hour course takes the deficit, the other is its runner-up
    expect(ids(result.chosen)).toEqual([inclusion.programId, literacy.programId]);
    expect(result.alternatives).toEqual([
      { competency: 'R/01', programs: [{ program: unpaid, covers: ['R/01'], voucherFit: 0 }] },
      { competency: 'R/02', programs: [] },
    ]);
  });
});

describe('runner-up programs', () => {
  const needs = teacher(['R/01', 'R/02']);
  const forTeachers = { targetPositions: ['teacher'], organizationTypes: ['school'] } as const;

  it('shows, for each covered deficit, the programs not taken, best first, none the teacher cannot take', () => {
    // given programs for school teachers and one for preschools
    const broad = program({
      ...forTeachers,
      competencies: ['R/01', 'R/02'],
      voucherEligible: true,
      hours: 36,
    });
    const eligible = program({ ...forTeachers, competencies: ['R/01'], voucherEligible: true });
    const plain = program({ ...forTeachers, competencies: ['R/01'] });
    const inclusion = program({ ...forTeachers, competencies: ['R/02'], hours: 72 });
    const preschool = program({
      competencies: ['R/01'],
      organizationTypes: ['preschool'],
      voucherEligible: true,
    });
    // when the recommendation is made
    const result = recommend(needs, [plain, preschool, inclusion, eligible, broad]);
    // then the broad one is taken, and each deficit shows the others that cover it
    expect(ids(result.chosen)).toEqual([broad.programId]);
    expect(result.alternatives.map((a) => [a.competency, ids(a.programs)])).toEqual([
      ['R/01', [eligible.programId, plain.programId]],
      ['R/02', [inclusion.programId]],
    ]);
  });

  it('shows at most three runner-ups per deficit and none for a deficit no program covers', () => {
    const programs = [1, 2, 3, 4, 5].map((k) =>
      program({ ...forTeachers, title: `Курс ${k}`, competencies: ['R/01'] }),
    );
    const result = recommend(teacher(['R/01', 'R/05']), programs);
    expect(ids(result.chosen)).toEqual([programs[0]!.programId]);
    expect(result.alternatives).toHaveLength(1);
    expect(ids(result.alternatives[0]!.programs)).toEqual(programs.slice(1, 4).map((p) => p.programId));
  });
});
