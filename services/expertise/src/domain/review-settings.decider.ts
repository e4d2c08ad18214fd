import type { ReviewSettingsChangedV1 } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';

/** A region sets how many experts score each revision and how long each has. */
export type ChangeReviewSettings = { readonly type: 'ChangeReviewSettings' } & ReviewSettingsChangedV1;
export type ReviewSettingsCommand = ChangeReviewSettings;
export type ReviewSettingsEvent = DomainEvent<'expertise.ReviewSettingsChanged', ReviewSettingsChangedV1>;

export interface ReviewSettings {
  readonly reviewersRequired: number;
  readonly reviewDays: number;
}

/** What a region that never set anything gets: two experts, ten days. */
export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = { reviewersRequired: 2, reviewDays: 10 };
export const REVIEWERS = { min: 2, max: 7 } as const;
export const REVIEW_DAYS = { min: 1, max: 90 } as const;

export const reviewSettings = defineAggregate<ReviewSettings, ReviewSettingsCommand, ReviewSettingsEvent>({
  name: 'review-settings',
  initialState: DEFAULT_REVIEW_SETTINGS,

  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'ChangeReviewSettings': {
        const { region, reviewersRequired, reviewDays } = command;
        if (!inRange(reviewersRequired, REVIEWERS)) {
          throw new DomainError(
            'reviewers-required-out-of-range',
            `reviewersRequired: от ${REVIEWERS.min} до ${REVIEWERS.max}, указано ${reviewersRequired}`,
          );
        }
        if (!inRange(reviewDays, REVIEW_DAYS)) {
          throw new DomainError(
            'review-days-out-of-range',
            `reviewDays: от ${REVIEW_DAYS.min} до ${REVIEW_DAYS.max}, указано ${reviewDays}`,
          );
        }
        // Setting what is already set changes nothing, and records nothing.
        if (state.reviewersRequired === reviewersRequired && state.reviewDays === reviewDays) return [];
        return [{ type: 'expertise.ReviewSettingsChanged', data: { region, reviewersRequired, reviewDays } }];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    const { reviewersRequired, reviewDays } = event.data;
    return { reviewersRequired, reviewDays };
  },
});

function inRange(value: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}
