import { deciderSpec } from '@pk/test-kit';
import { reviewSettings } from './review-settings.decider';

describe('review settings', () => {
  const spec = deciderSpec(reviewSettings);
  const change = {
    type: 'ChangeReviewSettings',
    region: '78',
    reviewersRequired: 3,
    reviewDays: 14,
  } as const;

  it('records new settings, and nothing when they are what the region has', () => {
    const { type: _type, ...data } = change;
    spec
      .given([])
      .when(change)
      .then([{ type: 'expertise.ReviewSettingsChanged', data }]);
    spec
      .given([{ type: 'expertise.ReviewSettingsChanged', data }])
      .when(change)
      .then([]);
    // the defaults: two experts, ten days
    spec
      .given([])
      .when({ ...change, reviewersRequired: 2, reviewDays: 10 })
      .then([]);
  });

  it.each([
    ['reviewersRequired', 1, 'reviewers-required-out-of-range'],
    ['reviewersRequired', 8, 'reviewers-required-out-of-range'],
    ['reviewDays', 0, 'review-days-out-of-range'],
    ['reviewDays', 91, 'review-days-out-of-range'],
  ] as const)('refuses %s = %i', (field, value, code) => {
    spec
      .given([])
      .when({ ...change, [field]: value })
      .thenFails(code);
  });
});
