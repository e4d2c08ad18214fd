import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ExpertDeactivated, ExpertReactivated, ExpertRegistered } from '@pk/contracts';
import { type Clock, type CommandContext, type CommandOutcome, ReactionRunner } from '@pk/kernel';
import { CLOCK, EventSourcing } from '@pk/service-runtime';
import { expert, type ExpertCommand } from '../domain/expert.decider';
import { ReviewBoard } from '../projections/review-board/review-board.queries';
import { retryOnPoolChange } from './reactions/understaffed-retry.reaction';
import { withdrawDeactivated } from './reactions/withdraw-deactivated.reaction';

type Request<T extends ExpertCommand['type']> = Omit<Extract<ExpertCommand, { type: T }>, 'type'>;

/** The expert aggregate's commands: the region's pool. */
@Injectable()
export class ExpertCommands {
  private readonly experts;
  private readonly log = new Logger('expert-commands');
  readonly poolChanged;
  readonly deactivated;

  constructor(
    eventSourcing: EventSourcing,
    board: ReviewBoard,
    private readonly reactions: ReactionRunner,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.poolChanged = retryOnPoolChange(board);
    this.deactivated = withdrawDeactivated(board, () => clock.now());
    this.experts = eventSourcing.handler(expert, { decided: (outcome) => this.followUp(outcome) });
  }

  /**
   * What a change of the pool means for the cases, at once and in process: a new or reactivated
   * expert staffs the region's cases waiting for experts; a deactivated one's open assignments go
   * to others. The same reactions on the service's own topic (ReviewCaseReactions) are the
   * backstop — their idempotency keys derive from the same events — so a failure here (the board
   * still behind the new event, an outage) is left to them, and the command's answer stands.
   */
  private async followUp(outcome: CommandOutcome): Promise<void> {
    for (const event of outcome.events) {
      try {
        if (event.type === 'expertise.ExpertDeactivated') {
          await this.reactions.run(this.deactivated, event as ExpertDeactivated);
        } else if (
          event.type === 'expertise.ExpertRegistered' ||
          event.type === 'expertise.ExpertReactivated'
        ) {
          await this.reactions.run(this.poolChanged, event as ExpertRegistered | ExpertReactivated);
        }
      } catch (error) {
        this.log.warn(`${event.type} ${event.id}: left to the reaction on the topic: ${String(error)}`);
      }
    }
  }

  register(request: Request<'RegisterExpert'>, caller: CommandContext) {
    return this.experts.handle(
      expert.streamId(request.expertId),
      { type: 'RegisterExpert', ...request },
      caller,
    );
  }

  deactivate(request: Request<'DeactivateExpert'>, caller: CommandContext) {
    return this.experts.handle(
      expert.streamId(request.expertId),
      { type: 'DeactivateExpert', ...request },
      caller,
    );
  }

  reactivate(request: Request<'ReactivateExpert'>, caller: CommandContext) {
    return this.experts.handle(
      expert.streamId(request.expertId),
      { type: 'ReactivateExpert', ...request },
      caller,
    );
  }
}
