import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { reviewWaits } from './review-waits.projection';

const caseId = '9a2f6c31-7e4b-4d85-b0c9-3f1e8a5d7b62';
const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const key = { caseId, programId, region: '63' };
const onCase = (position: number) => ({ subject: `review-case-${caseId}`, position });

describe('review waits projection', () => {
  const opened = publishedEvent('expertise.ReviewCaseOpened', { ...key, providerId, revision: 2 }, onCase(0));
  const assigned = publishedEvent('expertise.ExpertAssigned', key, onCase(1));
  const understaffed = publishedEvent('expertise.ReviewUnderstaffed', { ...key, assigned: 1 }, onCase(2));

  it('marks a case waiting for experts when the staffing found too few', () => {
    projectionSpec(reviewWaits)
      .given([opened, assigned, understaffed])
      .then('review_cases', [
        { _id: caseId, programId, providerId, region: '63', revision: 2, waiting: true },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('stops waiting once an expert is assigned or the council has decided', () => {
    projectionSpec(reviewWaits)
      .given([opened, assigned, understaffed, publishedEvent('expertise.ExpertAssigned', key, onCase(3))])
      .thenDocument('review_cases', caseId, { waiting: false })
      .thenRedeliveryChangesNothing();
    projectionSpec(reviewWaits)
      .given([
        opened,
        assigned,
        understaffed,
        publishedEvent('expertise.ReviewDecided', { ...key, providerId, revision: 2 }, onCase(3)),
      ])
      .thenDocument('review_cases', caseId, { waiting: false })
      .thenRedeliveryChangesNothing();
  });
});
