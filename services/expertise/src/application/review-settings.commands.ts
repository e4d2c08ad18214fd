import { Injectable } from '@nestjs/common';
import type { ReviewSettingsChangedV1 } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { type ReviewSettings, reviewSettings } from '../domain/review-settings.decider';

/** A region's review settings: written by its ministry, read when a case is staffed. */
@Injectable()
export class ReviewSettingsCommands {
  private readonly settings;

  constructor(private readonly eventSourcing: EventSourcing) {
    this.settings = eventSourcing.handler(reviewSettings);
  }

  change(request: ReviewSettingsChangedV1, caller: CommandContext) {
    return this.settings.handle(
      reviewSettings.streamId(request.region),
      { type: 'ChangeReviewSettings', ...request },
      caller,
    );
  }

  /** The region's settings now; the defaults (2 experts, 10 days) until it sets its own. */
  current(region: string): Promise<ReviewSettings> {
    return this.eventSourcing.state(reviewSettings, region);
  }
}
