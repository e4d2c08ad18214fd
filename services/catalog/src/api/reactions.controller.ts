import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OfferingOpened, ReviewDecided } from '@pk/contracts';
import { ReactionRunner } from '@pk/kernel';
import { offeringCalendar } from '../application/reactions/offering-calendar.reaction';
import { recordReviewDecision } from '../application/reactions/record-review-decision.reaction';

/** Events the catalog reacts to: the council's decisions, and its own offerings' calendars. */
@Controller()
export class CatalogReactionsController {
  constructor(private readonly reactions: ReactionRunner) {}

  @EventPattern('expertise.ReviewDecided')
  onReviewDecided(@Payload() event: ReviewDecided) {
    return this.reactions.run(recordReviewDecision, event);
  }

  @EventPattern('catalog.OfferingOpened')
  onOfferingOpened(@Payload() event: OfferingOpened) {
    return this.reactions.run(offeringCalendar, event);
  }
}
