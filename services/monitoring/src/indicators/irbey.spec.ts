import {
  IRBEY_ROWS,
  type IrbeyFacts,
  type IrbeyProgram,
  irbeyIndicators,
  OPERATOR_CRITERIA,
  TEAM_SIZE,
} from './irbey';

// One municipality computed by hand, for 2026 against 2025.
//
//   Teachers t1, t2, t3 (school s1) and t4 (school s2); positions: teacher, preschool-teacher.
//   Programs: pA approved, R/01, distance, ПК, for teachers; pB approved, B/04.6, internship,
//   retraining, employers assess, for teachers; pC archived, R/02.
//   Deficits: t1 R/01 2026 by ГИА analysis; t2 R/01 2025 by a municipal survey; t3 B/04.6 2026 by
//   ЕФОМ; t4 R/03 2026 by the yearly monitoring.
//   Completions 2026: t1 pA (answers t1's ГИА deficit), t2 pA (answers t2's survey deficit of last
//   year), t3 pB (answers t3's ЕФОМ deficit). 2025: t2 pB (B/04.6 is no deficit of t2's).
//   Not completed 2026: t4.
//   Enrollments 2026: t1, t2, t3 of s1 in offering off1 (pA; voucher, voucher, employer) — a team of
//   three; t4 of s2 in off2 (pB, state assignment).
//   Trajectories accepted 2026: t1 (one course), t2 (activities only). Attempts 2026: t4.
//   Records: 2026 row 1 «Да», 3.1a «Нет», 2.1 «Да» then corrected to «Нет»; 2025 row 1 «Нет».

const program = (fields: Partial<IrbeyProgram>): IrbeyProgram => ({
  title: 'Программа',
  kind: 'advanced-training',
  format: 'in-person',
  competencies: [],
  targetPositions: ['teacher'],
  employerAssessment: false,
  status: 'approved',
  ...fields,
});

const record = (criterionId: string, year: number, met: boolean, recordedAt: string) => ({
  criterionId,
  year,
  met,
  comment: met ? 'подтверждено' : 'нет',
  recordedBy: 'mmc-1',
  recordedAt,
});

const facts: IrbeyFacts = {
  teachers: 4,
  schools: 2,
  positions: ['teacher', 'preschool-teacher'],
  deficits: [
    { teacherId: 't1', competency: 'R/01', year: 2026, source: 'exam-analysis' },
    { teacherId: 't2', competency: 'R/01', year: 2025, source: 'municipal-survey' },
    { teacherId: 't3', competency: 'B/04.6', year: 2026, source: 'federal-assessment' },
    { teacherId: 't4', competency: 'R/03', year: 2026, source: 'monitoring' },
  ],
  completions: [
    { teacherId: 't1', programId: 'pA', year: 2026 },
    { teacherId: 't2', programId: 'pA', year: 2026 },
    { teacherId: 't3', programId: 'pB', year: 2026 },
    { teacherId: 't2', programId: 'pB', year: 2025 },
  ],
  notCompleted: [{ teacherId: 't4', year: 2026 }],
  enrollments: [
    {
      teacherId: 't1',
      organizationId: 's1',
      offeringId: 'off1',
      programId: 'pA',
      route: 'voucher',
      year: 2026,
    },
    {
      teacherId: 't2',
      organizationId: 's1',
      offeringId: 'off1',
      programId: 'pA',
      route: 'voucher',
      year: 2026,
    },
    {
      teacherId: 't3',
      organizationId: 's1',
      offeringId: 'off1',
      programId: 'pA',
      route: 'employer',
      year: 2026,
    },
    {
      teacherId: 't4',
      organizationId: 's2',
      offeringId: 'off2',
      programId: 'pB',
      route: 'state-assignment',
      year: 2026,
    },
  ],
  trajectories: [
    { teacherId: 't1', year: 2026, programItems: 1 },
    { teacherId: 't2', year: 2026, programItems: 0 },
  ],
  attempts: [{ teacherId: 't4', year: 2026 }],
  programs: new Map([
    ['pA', program({ competencies: ['R/01'], format: 'distance' })],
    [
      'pB',
      program({
        competencies: ['B/04.6'],
        format: 'internship',
        kind: 'retraining',
        employerAssessment: true,
      }),
    ],
    ['pC', program({ competencies: ['R/02'], status: 'archived', targetPositions: ['preschool-teacher'] })],
  ]),
  records: [
    record('1', 2026, true, '2027-01-15T09:00:00.000Z'),
    record('3.1a', 2026, false, '2027-01-15T09:05:00.000Z'),
    record('2.1', 2026, true, '2027-01-15T09:10:00.000Z'),
    record('2.1', 2026, false, '2027-01-16T09:00:00.000Z'),
    record('1', 2025, false, '2026-01-20T09:00:00.000Z'),
  ],
};

describe('Irbey municipal monitoring (seed 003, Приложение 1)', () => {
  const result = irbeyIndicators(facts, 2026);
  const row = (id: string) => result.rows.find((r) => r.id === id)!;

  it('has every row of the seed once: 20 of the criteria table, 8 of program quality, 2 of mastering', () => {
    const ids = IRBEY_ROWS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(IRBEY_ROWS.filter((r) => r.group === 'criteria')).toHaveLength(20);
    expect(IRBEY_ROWS.filter((r) => r.group === 'program-quality')).toHaveLength(8);
    expect(IRBEY_ROWS.filter((r) => r.group === 'mastering-quality')).toHaveLength(2);
    // rows 1, 2.1, 2.2d, the eight of 3.1–3.3 and q2.1
    expect(OPERATOR_CRITERIA).toHaveLength(1 + 1 + 1 + 8 + 1);
  });

  it('answers the deficit rows from the source of the deficit each course answered', () => {
    // 2.2a: t2's survey deficit of 2025, answered by pA in 2026
    expect(row('2.2a').current).toMatchObject({ met: true, score: 1, numerator: 1 });
    // 2.2b: t1's ГИА deficit, answered by pA
    expect(row('2.2b').current).toMatchObject({ met: true, score: 1, numerator: 1 });
    // 2.2c: no deficit from a regional study
    expect(row('2.2c').current).toMatchObject({ met: false, score: 0, numerator: 0 });
    // 2.3: t3's ЕФОМ deficit, answered by pB
    expect(row('2.3').current).toMatchObject({ met: true, score: 1, numerator: 1 });
    // last year t2 completed pB, which answers none of t2's deficits
    expect(row('2.2a').previous).toMatchObject({ met: false, score: 0 });
    expect(row('2.2a').change).toBe(1);
  });

  it('computes the shares by hand, and the change from last year in percentage points', () => {
    // 3.5: t1 and t2 of 4 teachers accepted a route; 0 of 4 last year
    expect(row('3.5').current).toMatchObject({ numerator: 2, denominator: 4, percent: 50, score: null });
    expect(row('3.5').change).toBe(50);
    // 3.6: s1 sent three teachers to off1, s2 one: 1 of 2 schools
    expect(TEAM_SIZE).toBe(3);
    expect(row('3.6').current).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
    // 3.7: of the programs completed (pA, pB) pB is an internship: 1 of 2; last year 1 of 1
    expect(row('3.7').current).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
    expect(row('3.7').change).toBe(50 - 100);
    // 4: three completions of four courses ended (t4 did not complete); last year 1 of 1
    expect(row('4').current).toMatchObject({ numerator: 3, denominator: 4, percent: 75, score: 1 });
    expect(row('4').previous).toMatchObject({ numerator: 1, denominator: 1, percent: 100, score: 1 });
    expect(row('4').change).toBe(75 - 100);
    // q1.1: approved programs target teachers only (pC, for preschool teachers, is archived): 1 of 2
    expect(row('q1.1').current).toMatchObject({ numerator: 1, denominator: 2, percent: 50 });
  });

  it('answers the program-quality rows from enrollments, trajectories and diagnostics', () => {
    expect(row('3.4').current).toMatchObject({ met: true, numerator: 1 }); // t4's attempt
    expect(row('q1.2').current).toMatchObject({ met: true, numerator: 3 }); // t4 attempted; t1, t3 (t4) deficits
    expect(row('q1.3').current).toMatchObject({ met: true, numerator: 1 }); // t3 by the employer
    expect(row('q1.4').current).toMatchObject({ met: true, numerator: 2 }); // t1, t2 by voucher
    expect(row('q1.5').current).toMatchObject({ met: true, numerator: 2 }); // R/01, B/04.6 of R/01, B/04.6, R/03
    expect(row('q1.6').current).toMatchObject({ met: true, numerator: 1 }); // pA is distance
    expect(row('q1.7').current).toMatchObject({ met: true, numerator: 1 }); // t1's route has a course
    expect(row('q1.8').current).toMatchObject({ met: true, numerator: 1 }); // pB is retraining
    expect(row('q2.2').current).toMatchObject({ met: true, numerator: 1 }); // pB: employers assess
    // last year: no enrollments, no routes, no attempts
    expect(row('q1.4').previous).toMatchObject({ met: false, score: 0 });
  });

  it("takes the operator's last record, says who recorded it and when, and scores an unrecorded row 0", () => {
    expect(row('1').current).toMatchObject({
      met: true,
      score: 1,
      recorded: { by: 'mmc-1', at: '2027-01-15T09:00:00.000Z', comment: 'подтверждено' },
    });
    expect(row('1').change).toBe(1); // «Нет» last year
    expect(row('2.1').current).toMatchObject({
      met: false,
      score: 0,
      recorded: { at: '2027-01-16T09:00:00.000Z' },
    });
    expect(row('3.1a').current).toMatchObject({ met: false, score: 0 });
    expect(row('3.3c').current).toMatchObject({ met: null, score: 0, recorded: null });
    expect(row('3.3c').current.noData).toMatch(/не внёс/);
    expect(row('3.3c').change).toBeNull();
  });

  it('totals the scored rows per group and for the municipality', () => {
    // criteria: 17 scored rows (the 3.5–3.7 shares are not scored); Да: 1, 2.2a, 2.2b, 2.3, 3.4, 4
    expect(result.byGroup.criteria).toEqual({ score: 6, max: 17, unrecorded: 8 });
    // program quality: q1.2–q1.8 scored, all «Да»; q1.1 is a share without a score
    expect(result.byGroup['program-quality']).toEqual({ score: 7, max: 7, unrecorded: 0 });
    // mastering quality: q2.1 unrecorded, q2.2 «Да»
    expect(result.byGroup['mastering-quality']).toEqual({ score: 1, max: 2, unrecorded: 1 });
    expect(result.total).toEqual({ score: 6 + 7 + 1, max: 17 + 7 + 2, unrecorded: 9 });
    // 2025: q1.2 (t2's deficit), q1.5 (R/01 covered by pA), row 4 (one completion)
    expect(result.totalPreviousYear).toEqual({ score: 3, max: 26, unrecorded: 11 });
  });

  it('has no data, never 0 % or NaN, where a denominator is empty', () => {
    const empty = irbeyIndicators(
      { ...facts, teachers: 0, schools: 0, positions: [], completions: [], notCompleted: [] },
      2026,
    );
    for (const id of ['3.5', '3.6', '3.7', '4', 'q1.1']) {
      const value = empty.rows.find((r) => r.id === id)!.current;
      expect(value.percent).toBeNull();
      expect(value.noData).toEqual(expect.any(String));
    }
  });
});
