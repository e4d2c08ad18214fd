import fc from 'fast-check';
import { type Candidate, chooseExperts, isEligible, type ProgramToReview } from './assignment';

const SUBJECTS = ['physics', 'chemistry', 'biology', 'mathematics'] as const;
const COMPETENCIES = ['R/01', 'A/01.6', 'R/02'] as const;
const ORGS = ['org-a', 'org-b', 'org-c', 'provider'] as const;

const candidate = fc.record({
  expertId: fc.uuid(),
  region: fc.constantFrom('63', '24'),
  organizationId: fc.constantFrom(...ORGS),
  subjects: fc.uniqueArray(fc.constantFrom(...SUBJECTS), { maxLength: 3 }),
  competencies: fc.uniqueArray(fc.constantFrom(...COMPETENCIES), { maxLength: 2 }),
  active: fc.boolean(),
  load: fc.nat({ max: 6 }),
}) as fc.Arbitrary<Candidate>;

const program = fc.record({
  region: fc.constant('63'),
  providerId: fc.constant('provider'),
  subjects: fc.uniqueArray(fc.constantFrom(...SUBJECTS), { maxLength: 3 }),
  competencies: fc.uniqueArray(fc.constantFrom(...COMPETENCIES), { maxLength: 2 }),
}) as fc.Arbitrary<ProgramToReview>;

const choice = fc
  .record({
    program,
    candidates: fc.uniqueArray(candidate, { maxLength: 25, selector: (c) => c.expertId }),
    count: fc.integer({ min: 0, max: 7 }),
  })
  .chain((c) =>
    fc.record({
      program: fc.constant(c.program),
      candidates: fc.constant(c.candidates),
      count: fc.constant(c.count),
      exclude: fc.subarray(c.candidates.map((x) => x.expertId)),
    }),
  );

describe('chooseExperts', () => {
  it('never chooses an expert with a conflict of interest, inactive, excluded, of another region or without a matching specialization', () => {
    fc.assert(
      fc.property(choice, ({ program, candidates, count, exclude }) => {
        const chosen = chooseExperts({ program, candidates, count, exclude });
        const byId = new Map(candidates.map((c) => [c.expertId, c]));
        expect(new Set(chosen).size).toBe(chosen.length);
        expect(chosen.length).toBeLessThanOrEqual(count);
        for (const id of chosen) {
          const c = byId.get(id)!;
          expect(c.organizationId).not.toBe(program.providerId);
          expect(c.active).toBe(true);
          expect(c.region).toBe(program.region);
          expect(exclude).not.toContain(id);
          const matches =
            (program.subjects.length === 0 && program.competencies.length === 0) ||
            c.subjects.some((s) => program.subjects.includes(s)) ||
            c.competencies.some((k) => program.competencies.includes(k));
          expect(matches).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('balances load: chosen loads after assignment exceed no unchosen eligible load by more than one, and it takes as many as it can', () => {
    fc.assert(
      fc.property(choice, ({ program, candidates, count, exclude }) => {
        const chosen = new Set(chooseExperts({ program, candidates, count, exclude }));
        const eligible = candidates.filter((c) => isEligible(program, c, new Set(exclude)));
        expect(chosen.size).toBe(Math.min(count, eligible.length));
        const after = eligible.filter((c) => chosen.has(c.expertId)).map((c) => c.load + 1);
        const left = eligible.filter((c) => !chosen.has(c.expertId)).map((c) => c.load);
        if (after.length > 0 && left.length > 0) {
          expect(Math.max(...after) - Math.min(...left)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('breaks ties the same way every time: wider overlap, then expert id', () => {
    const base = { region: '63', organizationId: 'org-a', active: true, load: 1, competencies: [] } as const;
    const candidates: Candidate[] = [
      { ...base, expertId: 'c', subjects: ['physics'] },
      { ...base, expertId: 'b', subjects: ['physics'] },
      { ...base, expertId: 'a', subjects: ['chemistry'] },
      { ...base, expertId: 'd', subjects: ['physics', 'chemistry'] },
    ];
    const p: ProgramToReview = {
      region: '63',
      providerId: 'p',
      subjects: ['physics', 'chemistry'],
      competencies: [],
    };
    expect(chooseExperts({ program: p, candidates, count: 3, exclude: [] })).toEqual(['d', 'a', 'b']);
    expect(
      chooseExperts({ program: p, candidates: [...candidates].reverse(), count: 3, exclude: [] }),
    ).toEqual(['d', 'a', 'b']);
  });
});
