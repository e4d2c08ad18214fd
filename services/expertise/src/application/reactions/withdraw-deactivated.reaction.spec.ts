import { publishedEvent } from '@pk/test-kit';
import { CATCH_UP_WAIT_MS, withdrawDeactivated } from './withdraw-deactivated.reaction';

describe('withdraw-deactivated-expert reaction', () => {
  const expertId = '7c1e9a42-3b58-4d06-9f21-5e8a0b3c6d17';
  const caseId = '9a2f6c31-7e4b-4d85-b0c9-3f1e8a5d7b62';
  const deactivatedAt = '2026-09-01T09:00:00.000Z';
  const event = publishedEvent(
    'expertise.ExpertDeactivated',
    { expertId, region: '63' },
    { subject: `expert-${expertId}`, position: 1, time: deactivatedAt },
  );

  it('withdraws every open assignment, waiting for the board to catch up only for a while after the deactivation', async () => {
    const asked: boolean[] = [];
    const board = {
      openAssignmentsOf: async (_expert: string, { caughtUp }: { caughtUp: boolean }) => {
        asked.push(caughtUp);
        return [{ caseId }];
      },
    };
    const at = (ms: number) => () => new Date(Date.parse(deactivatedAt) + ms);
    const soon = await withdrawDeactivated(board, at(1_000)).react(event);
    expect(soon).toEqual([
      {
        aggregate: 'review-case',
        streamId: `review-case-${caseId}`,
        command: { type: 'WithdrawDeactivated', caseId, region: '63', expertId },
      },
    ]);
    await withdrawDeactivated(board, at(CATCH_UP_WAIT_MS + 1)).react(event);
    expect(asked).toEqual([true, false]);
  });
});
