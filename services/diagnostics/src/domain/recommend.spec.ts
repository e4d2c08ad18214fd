import type { CompetencyCode } from '@pk/contracts';
import { ACTIVITY_TITLES, type ProgramCard, recommend, type TeacherNeeds, voucherFit } from './recommend';

// The recommendation rule, case by case: coverage first, then voucher fit (eligibility, position,
// organization kind, whole voucher blocks — in that order of weight), then title; activities for
// deficits no program covers.

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

  it('weighs eligibility above position, position above organization kind, that above whole blocks', () => {
    expect(voucherFit(program({ voucherEligible: true }), needs)).toBe(8);
    expect(voucherFit(program({ targetPositions: ['teacher'] }), needs)).toBe(4);
    expect(voucherFit(program({ organizationTypes: ['school'] }), needs)).toBe(2);
    expect(voucherFit(program({ hours: 36 }), needs)).toBe(1);
    expect(voucherFit(program({ hours: 72 }), needs)).toBe(1);
    // eligibility alone outranks every other rule together
    expect(
      voucherFit(program({ targetPositions: ['teacher'], organizationTypes: ['school'], hours: 36 }), needs),
    ).toBe(7);
    expect(
      voucherFit(
        program({
          voucherEligible: true,
          targetPositions: ['teacher'],
          organizationTypes: ['school'],
          hours: 72,
        }),
        needs,
      ),
    ).toBe(15);
  });

  it('gives no hours bit to durations that are not whole voucher blocks', () => {
    for (const hours of [16, 35, 37, 48, 71, 108, 144, 250]) {
      expect(voucherFit(program({ hours }), needs)).toBe(0);
    }
  });

  it('ranks by position or organization kind only when the teacher’s is known', () => {
    const targeted = program({ targetPositions: ['teacher'], organizationTypes: ['school'] });
    expect(voucherFit(targeted, teacher(['R/01'], { position: null }))).toBe(2);
    expect(voucherFit(targeted, teacher(['R/01'], { organizationKind: null }))).toBe(4);
    expect(
      voucherFit(targeted, teacher(['R/01'], { position: 'methodist', organizationKind: 'preschool' })),
    ).toBe(0);
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
    const targeted = program({ targetPositions: ['teacher'] });
    const plain = program();
    const result = recommend(teacher(['R/01']), [plain, blocks, targeted, eligible]);
    expect(ids(result.ranked)).toEqual([
      eligible.programId,
      targeted.programId,
      blocks.programId,
      plain.programId,
    ]);
    expect(result.ranked.map((r) => r.voucherFit)).toEqual([8, 4, 1, 0]);
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
    expect(recommend(teacher([]), [program()])).toEqual({ ranked: [], chosen: [], activities: [] });
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
