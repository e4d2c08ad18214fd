import type { CriterionScore } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import type { Candidate } from './assignment';
import {
  reviewCase,
  type ReviewCaseEvent,
  type Staffing,
  type SubmittedRevision,
} from './review-case.decider';

const caseId = '9a2f6c31-7e4b-4d85-b0c9-3f1e8a5d7b62';
const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const key = { caseId, programId, region: '63' };
const program: SubmittedRevision = {
  programId,
  providerId,
  region: '63',
  revision: 1,
  title: 'Функциональная грамотность',
  kind: 'advanced-training',
  hours: 36,
  subjects: ['physics', 'chemistry'],
  competencies: ['R/01'],
};
const expert = (expertId: string, fields: Partial<Candidate> = {}): Candidate => ({
  expertId,
  region: '63',
  organizationId: 'e0000000-0000-4000-8000-000000000001',
  subjects: ['physics'],
  competencies: [],
  active: true,
  load: 0,
  ...fields,
});
const [A, B, C, D] = ['a1', 'b2', 'c3', 'd4'].map((s) => `${s}000000-0000-4000-8000-000000000000`) as [
  string,
  string,
  string,
  string,
];
const pool = [
  expert(A, { load: 2 }),
  expert(B, { load: 0 }),
  expert(C, { load: 1 }),
  expert(D, { load: 0, organizationId: providerId }), // the provider's own staff
];
const staffing = (candidates: Candidate[] = pool, reviewersRequired = 2): Staffing => ({
  reviewersRequired,
  reviewDays: 10,
  candidates,
});
const NOW = '2026-09-01T09:00:00.000Z';
const DUE = '2026-09-11T09:00:00.000Z';

const opened: ReviewCaseEvent = {
  type: 'expertise.ReviewCaseOpened',
  data: {
    ...key,
    providerId,
    revision: 1,
    title: program.title,
    kind: 'advanced-training',
    hours: 36,
    subjects: program.subjects,
    competencies: program.competencies,
    reviewersRequired: 2,
    criteriaSet: { id: 'program-review', version: 1 },
  },
};
const assigned = (expertId: string, dueBy = DUE): ReviewCaseEvent => ({
  type: 'expertise.ExpertAssigned',
  data: { ...key, expertId, dueBy },
});
const scores = (values = [3, 2, 2, 2, 3]): CriterionScore[] =>
  [
    'relevance',
    'practice-orientation',
    'planned-results',
    'assessment-materials',
    'staffing-and-resources',
  ].map((criterion, i) => ({ criterion, score: values[i]!, comment: '' }));
const scorecard = (expertId: string, values?: number[]) =>
  ({
    type: 'SubmitScorecard',
    ...key,
    expertId,
    criteriaSet: { id: 'program-review', version: 1 },
    scores: scores(values),
    summary: '',
  }) as const;
const scored = (expertId: string, values?: number[]): ReviewCaseEvent => {
  const { type: _t, caseId: _c, region: _r, ...rest } = scorecard(expertId, values);
  return { type: 'expertise.ScorecardSubmitted', data: { ...key, ...rest, programId } };
};

describe('review case', () => {
  const spec = deciderSpec(reviewCase);

  it('opens with the least loaded matching experts, never the provider’s own, due in the region’s days', () => {
    spec
      .given([])
      .at(NOW)
      .when({ type: 'OpenReviewCase', caseId, program, staffing: staffing() })
      .then([opened, assigned(B), assigned(C)]);
  });

  it('records the case understaffed when the pool has too few experts without a conflict', () => {
    spec
      .given([])
      .at(NOW)
      .when({ type: 'OpenReviewCase', caseId, program, staffing: staffing([expert(A), pool[3]!]) })
      .then([
        opened,
        assigned(A),
        {
          type: 'expertise.ReviewUnderstaffed',
          data: { ...key, assigned: 1, required: 2, retryAt: '2026-09-02T09:00:00.000Z' },
        },
      ]);
  });

  it('takes the region’s number of reviewers when it opens', () => {
    spec
      .given([])
      .at(NOW)
      .when({ type: 'OpenReviewCase', caseId, program, staffing: staffing(pool, 3) })
      .then([
        { ...opened, data: { ...opened.data, reviewersRequired: 3 } } as ReviewCaseEvent,
        assigned(B),
        assigned(C),
        assigned(A),
      ]);
  });

  it('refuses to open the same revision twice', () => {
    spec
      .given([opened])
      .when({ type: 'OpenReviewCase', caseId, program, staffing: staffing() })
      .thenFails('review-case-already-open');
  });

  it('replaces an expert who declines with another chosen the same way, never one who was on the case', () => {
    spec
      .given([opened, assigned(B), assigned(C)])
      .at(NOW)
      .when({
        type: 'DeclineAssignment',
        ...key,
        expertId: B,
        comment: 'Соавтор программы',
        staffing: staffing(),
      })
      .then([
        {
          type: 'expertise.AssignmentWithdrawn',
          data: { ...key, expertId: B, reason: 'declined', comment: 'Соавтор программы' },
        },
        assigned(A),
      ]);
  });

  it('refuses a decline by an expert not assigned to the case', () => {
    spec
      .given([opened, assigned(B), assigned(C)])
      .when({ type: 'DeclineAssignment', ...key, expertId: A, comment: '', staffing: staffing() })
      .thenFails('expert-not-assigned');
  });

  it('withdraws an overdue expert and records the case understaffed when nobody is left', () => {
    spec
      .given([opened, assigned(B), assigned(C)])
      .at(DUE)
      .when({ type: 'WithdrawOverdue', ...key, expertId: B, dueBy: DUE, staffing: staffing([pool[3]!]) })
      .then([
        {
          type: 'expertise.AssignmentWithdrawn',
          data: { ...key, expertId: B, reason: 'overdue', comment: 'Срок экспертизы истёк 2026-09-11' },
        },
        {
          type: 'expertise.ReviewUnderstaffed',
          data: { ...key, assigned: 1, required: 2, retryAt: '2026-09-12T09:00:00.000Z' },
        },
      ]);
  });

  it('decides nothing when the deadline finds the expert scored, declined, or assigned anew', () => {
    spec
      .given([opened, assigned(B, '2026-09-20T09:00:00.000Z'), assigned(C)])
      .when({ type: 'WithdrawOverdue', ...key, expertId: B, dueBy: DUE, staffing: staffing() })
      .then([]);
    spec
      .given([opened, assigned(B), assigned(C), scored(B)])
      .when({ type: 'WithdrawOverdue', ...key, expertId: B, dueBy: DUE, staffing: staffing() })
      .then([]);
    spec
      .given([
        opened,
        assigned(B),
        assigned(C),
        {
          type: 'expertise.AssignmentWithdrawn',
          data: { ...key, expertId: B, reason: 'declined', comment: '' },
        },
      ])
      .when({ type: 'WithdrawOverdue', ...key, expertId: B, dueBy: DUE, staffing: staffing() })
      .then([]);
  });

  it('takes a scorecard of an assigned expert, and decides with the last one the case needs', () => {
    spec
      .given([opened, assigned(B), assigned(C)])
      .when(scorecard(B))
      .then([scored(B)]);
    spec
      .given([opened, assigned(B), assigned(C), scored(B)])
      .when(scorecard(C, [3, 3, 2, 2, 3]))
      .then([
        scored(C, [3, 3, 2, 2, 3]),
        {
          type: 'expertise.ReviewDecided',
          data: { ...key, providerId, revision: 1, outcome: 'approved', score: 0.8333, comments: [] },
        },
      ]);
  });

  it('refuses a scorecard naming an unknown criterion or leaving one out, naming it', () => {
    const card = scorecard(B);
    spec
      .given([opened, assigned(B), assigned(C)])
      .when({ ...card, scores: [...card.scores, { criterion: 'innovation', score: 3, comment: '' }] })
      .thenFails('criterion-unknown', /innovation/);
    spec
      .given([opened, assigned(B), assigned(C)])
      .when({ ...card, scores: card.scores.filter((s) => s.criterion !== 'assessment-materials') })
      .thenFails('criterion-missing', /assessment-materials/);
    spec
      .given([opened, assigned(B), assigned(C)])
      .when({ ...card, criteriaSet: { id: 'program-review', version: 2 } })
      .thenFails('criteria-set-mismatch');
  });

  it('takes one scorecard per expert, only from assigned experts, only while the case is open', () => {
    // the same scorecard again (a retry) decides nothing; another one from the same expert is refused
    spec
      .given([opened, assigned(B), assigned(C), scored(B)])
      .when(scorecard(B))
      .then([]);
    spec
      .given([opened, assigned(B), assigned(C), scored(B)])
      .when({ ...scorecard(B), summary: 'Передумал' })
      .thenFails('scorecard-already-submitted');
    spec
      .given([opened, assigned(B), assigned(C)])
      .when(scorecard(A))
      .thenFails('expert-not-assigned');
    spec
      .given([
        opened,
        assigned(B),
        assigned(C),
        scored(B),
        scored(C),
        {
          type: 'expertise.ReviewDecided',
          data: { ...key, providerId, revision: 1, outcome: 'approved', score: 0.8, comments: [] },
        },
      ])
      .when(scorecard(A))
      .thenFails('review-case-decided');
    spec.given([]).when(scorecard(A)).thenFails('review-case-not-found');
    spec
      .given([opened, assigned(B)])
      .when({ ...scorecard(B), region: '24' })
      .thenFails('review-case-in-another-region');
  });

  it('staffs an understaffed case on request, and refuses when it is staffed or nobody fits', () => {
    const understaffed: ReviewCaseEvent = {
      type: 'expertise.ReviewUnderstaffed',
      data: { ...key, assigned: 1, required: 2 },
    };
    spec
      .given([opened, assigned(A), understaffed])
      .at(NOW)
      .when({ type: 'AssignExperts', ...key, staffing: staffing() })
      .then([assigned(B)]);
    spec
      .given([opened, assigned(A), understaffed])
      .when({ type: 'AssignExperts', ...key, staffing: staffing([pool[3]!]) })
      .thenFails('no-eligible-experts');
    spec
      .given([opened, assigned(A), assigned(B)])
      .when({ type: 'AssignExperts', ...key, staffing: staffing() })
      .thenFails('review-case-staffed');
  });

  it('never assigns an expert of another directory entry of the provider’s legal entity (same ИНН)', () => {
    const collegeEntry = 'c0000000-0000-4000-8000-0000000000cc';
    spec
      .given([])
      .at(NOW)
      .when({
        type: 'OpenReviewCase',
        caseId,
        program,
        staffing: {
          ...staffing([expert(A), expert(B, { organizationId: collegeEntry })]),
          providerEntries: [providerId, collegeEntry],
        },
      })
      .then([
        opened,
        assigned(A),
        {
          type: 'expertise.ReviewUnderstaffed',
          data: { ...key, assigned: 1, required: 2, retryAt: '2026-09-02T09:00:00.000Z' },
        },
      ]);
  });

  it('refuses a scorecard of a deactivated expert, even one still assigned, and names a conflict of interest', () => {
    spec
      .given([opened, assigned(B), assigned(C)])
      .when({ ...scorecard(B), submitter: { active: false, conflictOfInterest: false } })
      .thenFails('expert-deactivated');
    spec
      .given([opened, assigned(B), assigned(C)])
      .when({ ...scorecard(D), submitter: { active: true, conflictOfInterest: true } })
      .thenFails('expert-conflict-of-interest', /ИНН/);
  });

  it('withdraws a deactivated expert’s assignment and replaces it; nothing when it is not on the case', () => {
    spec
      .given([opened, assigned(B), assigned(C)])
      .at(NOW)
      .when({ type: 'WithdrawDeactivated', ...key, expertId: B, staffing: staffing() })
      .then([
        {
          type: 'expertise.AssignmentWithdrawn',
          data: {
            ...key,
            expertId: B,
            reason: 'deactivated',
            comment: 'Эксперт исключён из пула экспертов региона',
          },
        },
        assigned(A),
      ]);
    spec
      .given([opened, assigned(B), assigned(C), scored(B)])
      .when({ type: 'WithdrawDeactivated', ...key, expertId: B, staffing: staffing() })
      .then([]);
  });

  it('retries an understaffed case at its deadline, scheduling the next while still short, and ignores a stale one', () => {
    const RETRY = '2026-09-02T09:00:00.000Z';
    const understaffed: ReviewCaseEvent = {
      type: 'expertise.ReviewUnderstaffed',
      data: { ...key, assigned: 1, required: 2, retryAt: RETRY },
    };
    spec
      .given([opened, assigned(A), understaffed])
      .at(RETRY)
      .when({ type: 'RetryStaffing', ...key, dueAt: RETRY, staffing: staffing() })
      .then([assigned(B, '2026-09-12T09:00:00.000Z')]);
    spec
      .given([opened, assigned(A), understaffed])
      .at(RETRY)
      .when({ type: 'RetryStaffing', ...key, dueAt: RETRY, staffing: staffing([pool[3]!]) })
      .then([
        {
          type: 'expertise.ReviewUnderstaffed',
          data: { ...key, assigned: 1, required: 2, retryAt: '2026-09-03T09:00:00.000Z' },
        },
      ]);
    spec
      .given([opened, assigned(A), understaffed])
      .at(RETRY)
      .when({ type: 'RetryStaffing', ...key, dueAt: NOW, staffing: staffing() })
      .then([]);
    // after a change of the pool: new assignments, or nothing at all (no deadline added)
    spec
      .given([opened, assigned(A), understaffed])
      .at(NOW)
      .when({ type: 'RetryStaffing', ...key, staffing: staffing([pool[3]!]) })
      .then([]);
  });
});
