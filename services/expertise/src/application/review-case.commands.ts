import { Inject, Injectable } from '@nestjs/common';
import type { CriteriaSetRef, CriterionScore, ExpertAssigned } from '@pk/contracts';
import {
  Aggregates,
  type Clock,
  type CommandContext,
  CommandHandler,
  type CommandHandlerOptions,
  type CommandOutcome,
  type EventStore,
  ReactionRunner,
} from '@pk/kernel';
import { CLOCK, contractSchemas, EVENT_STORE } from '@pk/service-runtime';
import { chooseExperts, type ProgramToReview } from '../domain/assignment';
import {
  needsStaffing,
  reviewCase,
  type ReviewCaseCommand,
  type ReviewCaseEvent,
  type ReviewCaseState,
  reviewCaseStream,
  type StaffedCommand,
} from '../domain/review-case.decider';
import { assignmentDeadline } from './reactions/assignment-deadline.reaction';
import { ReviewBoard } from './review-board';
import { ReviewSettingsCommands } from './review-settings.commands';

type Prepare = (streamId: string, command: ReviewCaseCommand) => Promise<ReviewCaseCommand>;
type Decided = (outcome: CommandOutcome) => Promise<void>;

/**
 * The review case's handler, as registered for reactions and the scheduler: before deciding, a
 * command that may assign experts gets the staffing it needs (settings and pool as they are now —
 * a deadline fired in ten days must choose from the pool of that day, so it cannot carry it); after
 * deciding, each new assignment gets its deadline.
 */
class StaffedCaseHandler extends CommandHandler<ReviewCaseState, ReviewCaseCommand, ReviewCaseEvent> {
  constructor(
    store: EventStore,
    options: CommandHandlerOptions,
    private readonly prepare: Prepare,
    private readonly decided: Decided,
  ) {
    super(store, reviewCase, options);
  }

  override async handle(streamId: string, command: ReviewCaseCommand, context: CommandContext) {
    const outcome = await super.handle(streamId, await this.prepare(streamId, command), context);
    await this.decided(outcome);
    return outcome;
  }
}

/** The review case aggregate's commands, from HTTP, reactions and deadlines alike. */
@Injectable()
export class ReviewCaseCommands {
  private readonly cases: StaffedCaseHandler;

  constructor(
    aggregates: Aggregates,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    private readonly board: ReviewBoard,
    private readonly settings: ReviewSettingsCommands,
    private readonly reactions: ReactionRunner,
  ) {
    // Built here rather than by EventSourcing.handler, which knows no staffing; wired alike: the
    // service's event store and clock, and the contracts' schemas (expertise has no private events).
    this.cases = new StaffedCaseHandler(
      store,
      { schemas: contractSchemas(), clock },
      (streamId, command) => this.staff(streamId, command),
      (outcome) => this.scheduleDeadlines(outcome),
    );
    aggregates.register('review-case', this.cases);
  }

  decline(
    request: { caseId: string; region: string; expertId: string; comment: string },
    caller: CommandContext,
  ) {
    return this.cases.handle(
      reviewCaseStream(request.caseId),
      { type: 'DeclineAssignment', ...request },
      caller,
    );
  }

  assign(request: { caseId: string; region: string }, caller: CommandContext) {
    return this.cases.handle(reviewCaseStream(request.caseId), { type: 'AssignExperts', ...request }, caller);
  }

  submitScorecard(
    request: {
      caseId: string;
      region: string;
      expertId: string;
      criteriaSet: CriteriaSetRef;
      scores: readonly CriterionScore[];
      summary: string;
    },
    caller: CommandContext,
  ) {
    return this.cases.handle(
      reviewCaseStream(request.caseId),
      { type: 'SubmitScorecard', ...request },
      caller,
    );
  }

  /** Fills in the staffing of a command that may assign: the region's settings and its pool. */
  private async staff(streamId: string, command: ReviewCaseCommand): Promise<ReviewCaseCommand> {
    if (!needsStaffing(command) || command.staffing) return command;
    const need = command.type === 'OpenReviewCase' ? undefined : await this.cases.state(streamId);
    const region = command.type === 'OpenReviewCase' ? command.program.region : command.region;
    const { reviewersRequired, reviewDays } = await this.settings.current(region);
    const wanted = wantedFor(command, need, reviewersRequired);
    const candidates = wanted
      ? await this.board.candidates(
          region,
          (pool) =>
            chooseExperts({
              program: wanted.program,
              candidates: pool,
              count: wanted.count,
              exclude: wanted.exclude,
            }).length >= wanted.count,
        )
      : []; // nothing to choose (no such case, or nobody missing): the decider answers
    return { ...command, staffing: { reviewersRequired, reviewDays, candidates } };
  }

  private async scheduleDeadlines(outcome: CommandOutcome): Promise<void> {
    for (const event of outcome.events) {
      // Scheduled at once, in process; the same reaction on the service's own topic
      // (ReviewCaseReactions) is the backstop should the process stop in between — its schedule id
      // derives from the same event, so it adds nothing when this one ran.
      if (event.type === 'expertise.ExpertAssigned') {
        await this.reactions.run(assignmentDeadline, event as ExpertAssigned, undefined);
      }
    }
  }
}

/** How many experts the command will look for, for which program, excluding whom. */
function wantedFor(
  command: StaffedCommand,
  state: ReviewCaseState | undefined,
  reviewersRequired: number,
): { program: ProgramToReview; count: number; exclude: readonly string[] } | undefined {
  if (command.type === 'OpenReviewCase') {
    return { program: command.program, count: reviewersRequired, exclude: [] };
  }
  if (!state?.opened || state.decided) return undefined;
  const leaving =
    command.type !== 'AssignExperts' && state.assigned.some((a) => a.expertId === command.expertId) ? 1 : 0;
  const count = state.opened.reviewersRequired - state.assigned.length - state.scorecards.length + leaving;
  return count > 0 ? { program: state.opened, count, exclude: state.onCase } : undefined;
}
