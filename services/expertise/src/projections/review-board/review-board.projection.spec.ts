import { goldenExample } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { assignmentId, reviewBoard } from './review-board.projection';

const expertId = '0d7e3b95-6a2c-4f18-9b4d-e1c5a8f3d267';
const secondExpertId = '7c1e9a42-3b5d-4e86-a0f7-2d9c4b6e1f38';
const organizationId = '5b9c2e48-1d7a-4f63-a0e5-9c3b7d2f8e14';
const caseId = '9a2f6c31-7e4b-4d85-b0c9-3f1e8a5d7b62';
const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const onExpert = (position: number) => ({ subject: `expert-${expertId}`, position });
const onCase = (position: number, time: string) => ({ subject: `review-case-${caseId}`, position, time });

describe('review board projection', () => {
  describe('experts', () => {
    const registered = publishedEvent(
      'expertise.ExpertRegistered',
      { expertId, organizationId, subjects: ['physics', 'chemistry'], competencies: ['R/01', 'A/01.6'] },
      onExpert(0),
    );
    const deactivated = publishedEvent('expertise.ExpertDeactivated', { expertId }, onExpert(1));
    const reactivated = publishedEvent('expertise.ExpertReactivated', { expertId }, onExpert(2));

    it('keeps one expert document per expert stream: organization, subjects and competencies, active', () => {
      projectionSpec(reviewBoard)
        .given([registered])
        .then('experts', [
          {
            _id: expertId,
            region: '63',
            organizationId,
            subjects: ['physics', 'chemistry'],
            competencies: ['R/01', 'A/01.6'],
            active: true,
          },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('marks a deactivated expert inactive, and active again once reactivated', () => {
      projectionSpec(reviewBoard)
        .given([registered, deactivated])
        .thenDocument('experts', expertId, { active: false, subjects: ['physics', 'chemistry'] })
        .thenRedeliveryChangesNothing();
      projectionSpec(reviewBoard)
        .given([registered, deactivated, reactivated])
        .thenDocument('experts', expertId, { active: true })
        .thenRedeliveryChangesNothing();
    });
  });

  describe('review cases', () => {
    const opened = publishedEvent(
      'expertise.ReviewCaseOpened',
      { caseId, programId, providerId, revision: 1, reviewersRequired: 2 },
      onCase(0, '2025-09-05T10:03:29.101Z'),
    );
    const assigned = (expert: string, position: number) =>
      publishedEvent(
        'expertise.ExpertAssigned',
        { caseId, programId, expertId: expert, dueBy: '2025-09-15T10:03:29.101Z' },
        onCase(position, '2025-09-05T10:03:29.101Z'),
      );
    const withdrawn = publishedEvent(
      'expertise.AssignmentWithdrawn',
      { caseId, programId, expertId, reason: 'declined', comment: 'Соавтор программы' },
      onCase(3, '2025-09-06T08:00:00.000Z'),
    );
    const { criteriaSet, scores, summary } = goldenExample('expertise.ScorecardSubmitted').data;
    const scored = publishedEvent(
      'expertise.ScorecardSubmitted',
      { caseId, programId, expertId: secondExpertId, criteriaSet, scores, summary },
      onCase(4, '2025-09-10T15:20:00.000Z'),
    );
    const decided = publishedEvent(
      'expertise.ReviewDecided',
      {
        caseId,
        programId,
        providerId,
        revision: 1,
        outcome: 'returned',
        score: 0.7333,
        comments: ['Оценочные материалы: нет критериев оценки итоговой работы'],
      },
      onCase(5, '2025-09-12T09:00:00.000Z'),
    );
    const openedCase = {
      _id: caseId,
      programId,
      providerId,
      region: '63',
      revision: 1,
      title: opened.data.title,
      kind: 'advanced-training',
      hours: 36,
      reviewersRequired: 2,
      criteriaSet: { id: 'program-review', version: 1 },
      openedAt: '2025-09-05T10:03:29.101Z',
      status: 'open',
    };
    const assignment = (expert: string) => ({
      _id: assignmentId(caseId, expert),
      caseId,
      programId,
      region: '63',
      expertId: expert,
      assignedAt: '2025-09-05T10:03:29.101Z',
      dueBy: '2025-09-15T10:03:29.101Z',
      state: 'assigned',
      open: true,
    });

    it('keeps an opened case, and one open assignment per expert on it, following the case stream', () => {
      // a case short of experts says so on its stream; the board shows the assignments there are
      const understaffed = publishedEvent(
        'expertise.ReviewUnderstaffed',
        { caseId, programId },
        onCase(3, '2025-09-05T10:03:29.101Z'),
      );
      projectionSpec(reviewBoard)
        .given([opened, assigned(expertId, 1), assigned(secondExpertId, 2), understaffed])
        .then('cases', [{ ...openedCase, understaffed: true, staffed: 1 }])
        .then('assignments', [assignment(expertId), assignment(secondExpertId)])
        .thenRedeliveryChangesNothing();
    });

    it('marks a case waiting for experts until an assignment staffs it', () => {
      const understaffed = publishedEvent(
        'expertise.ReviewUnderstaffed',
        { caseId, programId, assigned: 1, retryAt: '2025-09-06T10:03:29.101Z' },
        onCase(2, '2025-09-05T10:03:29.101Z'),
      );
      projectionSpec(reviewBoard)
        .given([opened, assigned(expertId, 1), understaffed])
        .thenDocument('cases', caseId, {
          understaffed: true,
          staffed: 1,
          retryAt: '2025-09-06T10:03:29.101Z',
        })
        .thenRedeliveryChangesNothing();
      projectionSpec(reviewBoard)
        .given([opened, assigned(expertId, 1), understaffed, assigned(secondExpertId, 3)])
        .thenDocument('cases', caseId, { understaffed: false })
        .thenRedeliveryChangesNothing();
    });

    it('closes an assignment the expert withdrew from, with the reason', () => {
      projectionSpec(reviewBoard)
        .given([opened, assigned(expertId, 1), assigned(secondExpertId, 2), withdrawn])
        .then('assignments', [
          {
            ...assignment(expertId),
            state: 'withdrawn',
            open: false,
            reason: 'declined',
            comment: 'Соавтор программы',
          },
          assignment(secondExpertId),
        ])
        .thenRedeliveryChangesNothing();
    });

    it('closes a scored assignment with its scorecard', () => {
      projectionSpec(reviewBoard)
        .given([opened, assigned(expertId, 1), assigned(secondExpertId, 2), withdrawn, scored])
        .thenDocument('assignments', assignmentId(caseId, secondExpertId), {
          state: 'scored',
          open: false,
          scorecard: { criteriaSet, scores, summary, submittedAt: '2025-09-10T15:20:00.000Z' },
        })
        .thenDocument('assignments', assignmentId(caseId, expertId), { state: 'withdrawn' })
        .thenRedeliveryChangesNothing();
    });

    it('shows the council’s decision on the case: outcome, score, comments and when', () => {
      projectionSpec(reviewBoard)
        .given([opened, assigned(expertId, 1), assigned(secondExpertId, 2), withdrawn, scored, decided])
        .then('cases', [
          {
            ...openedCase,
            status: 'decided',
            outcome: 'returned',
            score: 0.7333,
            comments: ['Оценочные материалы: нет критериев оценки итоговой работы'],
            decidedAt: '2025-09-12T09:00:00.000Z',
            understaffed: false,
          },
        ])
        .then('experts', [])
        .thenRedeliveryChangesNothing();
    });
  });
});
