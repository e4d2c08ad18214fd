import { goldenExample } from '@pk/contracts';
import { reviewBoard } from './review-board.projection';

describe('review board projection', () => {
  it('keeps one expert document per expert stream', () => {
    const registered = goldenExample('expertise.ExpertRegistered');
    expect(reviewBoard.project(registered)).toEqual([
      {
        collection: 'experts',
        id: registered.data.expertId,
        position: 0,
        set: {
          region: '63',
          organizationId: registered.data.organizationId,
          subjects: ['physics', 'chemistry'],
          competencies: ['R/01', 'A/01.6'],
          active: true,
        },
      },
    ]);
    expect(reviewBoard.project(goldenExample('expertise.ExpertDeactivated'))).toMatchObject([
      { collection: 'experts', position: 1, set: { active: false } },
    ]);
  });

  it('follows a case stream in a case document and one assignment document per expert on it', () => {
    const assigned = goldenExample('expertise.ExpertAssigned');
    const id = `${assigned.data.caseId}/${assigned.data.expertId}`;
    expect(reviewBoard.project(assigned)).toEqual([
      {
        collection: 'assignments',
        id,
        position: 1,
        set: expect.objectContaining({ state: 'assigned', open: true, dueBy: assigned.data.dueBy }),
      },
    ]);
    expect(reviewBoard.project(goldenExample('expertise.AssignmentWithdrawn'))).toMatchObject([
      {
        collection: 'assignments',
        id,
        position: 3,
        set: { state: 'withdrawn', open: false, reason: 'declined' },
      },
    ]);
    expect(reviewBoard.project(goldenExample('expertise.ScorecardSubmitted'))).toMatchObject([
      { collection: 'assignments', id, position: 4, set: { state: 'scored', open: false } },
    ]);
    const decided = goldenExample('expertise.ReviewDecided');
    expect(reviewBoard.project(decided)).toEqual([
      {
        collection: 'cases',
        id: decided.data.caseId,
        position: 5,
        set: {
          status: 'decided',
          outcome: 'returned',
          score: 0.7333,
          comments: decided.data.comments,
          decidedAt: decided.time,
        },
      },
    ]);
  });
});
