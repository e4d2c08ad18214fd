import { Injectable } from '@nestjs/common';
import type { CriteriaSetRef, CriterionScore, ExpertAssigned, ReviewUnderstaffed } from '@pk/contracts';
import { type CommandContext, type CommandOutcome, ReactionRunner } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import {
  type Candidate,
  chooseExperts,
  conflictOfInterest,
  type ProgramToReview,
} from '../domain/assignment';
import { expert } from '../domain/expert.decider';
import {
  needsStaffing,
  reviewCase,
  type ReviewCaseCommand,
  type ReviewCaseState,
  type StaffedCommand,
  type SubmitScorecard,
} from '../domain/review-case.decider';
import { LegalEntities } from '../projections/legal-entities/legal-entities.queries';
import { assignmentDeadline } from './reactions/assignment-deadline.reaction';
import { understaffedRetry } from './reactions/understaffed-retry.reaction';
import { ReviewBoard } from '../projections/review-board/review-board.queries';
import { ReviewSettingsCommands } from './review-settings.commands';

/** The review case aggregate's commands, from HTTP, reactions and deadlines alike. */
@Injectable()
export class ReviewCaseCommands {
  private readonly cases;

  constructor(
    private readonly eventSourcing: EventSourcing,
    private readonly board: ReviewBoard,
    private readonly settings: ReviewSettingsCommands,
    private readonly reactions: ReactionRunner,
    private readonly directory: LegalEntities,
  ) {
    // Whoever sends a command that may assign (HTTP, the reaction, a deadline), it gets the staffing
    // as it is when decided — a deadline fired in ten days chooses from that day's pool — and each
    // new assignment gets its deadline at once.
    this.cases = eventSourcing.handler(reviewCase, {
      prepare: (command, state) =>
        command.type === 'SubmitScorecard'
          ? this.identifySubmitter(command, state)
          : this.staff(command, state),
      decided: (outcome) => this.scheduleDeadlines(outcome),
    });
  }

  decline(
    request: { caseId: string; region: string; expertId: string; comment: string },
    caller: CommandContext,
  ) {
    return this.cases.handle(
      reviewCase.streamId(request.caseId),
      { type: 'DeclineAssignment', ...request },
      caller,
    );
  }

  assign(request: { caseId: string; region: string }, caller: CommandContext) {
    return this.cases.handle(
      reviewCase.streamId(request.caseId),
      { type: 'AssignExperts', ...request },
      caller,
    );
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
      reviewCase.streamId(request.caseId),
      { type: 'SubmitScorecard', ...request },
      caller,
    );
  }

  /** Fills in the staffing of a command that may assign: the region's settings and its pool. */
  private async staff(command: ReviewCaseCommand, state: ReviewCaseState): Promise<ReviewCaseCommand> {
    if (!needsStaffing(command) || command.staffing) return command;
    const need = command.type === 'OpenReviewCase' ? undefined : state;
    const region = command.type === 'OpenReviewCase' ? command.program.region : command.region;
    const { reviewersRequired, reviewDays } = await this.settings.current(region);
    const found = wantedFor(command, need, reviewersRequired);
    const providerEntries = found ? await this.directory.sameLegalEntity(found.program.providerId) : [];
    const wanted = found && { ...found, program: { ...found.program, providerEntries } };
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
    return {
      ...command,
      staffing: {
        reviewersRequired,
        reviewDays,
        candidates: wanted ? await this.confirmed(candidates, wanted) : [],
        providerEntries,
      },
    };
  }

  /**
   * Who sends the scorecard, as the expert's own stream says now (the read model may lag behind a
   * deactivation) and, when it is not on the case, whether a conflict of interest is why: the
   * expert is then told so rather than only that it is not assigned.
   */
  private async identifySubmitter(
    command: SubmitScorecard,
    state: ReviewCaseState,
  ): Promise<SubmitScorecard> {
    if (command.submitter || !state.opened) return command;
    const submitter = await this.eventSourcing.state(expert, command.expertId);
    const onCase = state.assigned.some((a) => a.expertId === command.expertId);
    const home = submitter.registration?.organizationId;
    const conflict =
      !onCase && home !== undefined
        ? conflictOfInterest(
            {
              providerId: state.opened.providerId,
              providerEntries: await this.directory.sameLegalEntity(state.opened.providerId),
            },
            home,
          )
        : false;
    // an expert never registered is simply not assigned; only a registered one can be deactivated
    return {
      ...command,
      submitter: { active: !submitter.registered || submitter.active, conflictOfInterest: conflict },
    };
  }

  /**
   * The pool comes from the read model, which may not have seen an expert's deactivation yet: the
   * experts the choice would take are confirmed against their own streams, and one found inactive
   * is marked so and the choice made again (a few rounds; a pool is not that stale).
   */
  private async confirmed(
    pool: readonly Candidate[],
    wanted: { program: ProgramToReview; count: number; exclude: readonly string[] },
  ): Promise<Candidate[]> {
    let candidates = [...pool];
    const known = new Set<string>();
    for (let round = 0; round < 5; round++) {
      const chosen = chooseExperts({ ...wanted, candidates }).filter((id) => !known.has(id));
      if (chosen.length === 0) break;
      const inactive = new Set<string>();
      for (const expertId of chosen) {
        const state = await this.eventSourcing.state(expert, expertId);
        if (state.active) known.add(expertId);
        else inactive.add(expertId);
      }
      if (inactive.size === 0) break;
      candidates = candidates.map((c) => (inactive.has(c.expertId) ? { ...c, active: false } : c));
    }
    return candidates;
  }

  private async scheduleDeadlines(outcome: CommandOutcome): Promise<void> {
    for (const event of outcome.events) {
      // Scheduled at once, in process; the same reaction on the service's own topic
      // (ReviewCaseReactions) is the backstop should the process stop in between — its schedule id
      // derives from the same event, so it adds nothing when this one ran.
      if (event.type === 'expertise.ExpertAssigned') {
        await this.reactions.run(assignmentDeadline, event as ExpertAssigned);
      }
      // an understaffed case's retry deadline, the same way
      if (event.type === 'expertise.ReviewUnderstaffed') {
        await this.reactions.run(understaffedRetry, event as ReviewUnderstaffed);
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
    'expertId' in command && state.assigned.some((a) => a.expertId === command.expertId) ? 1 : 0;
  const count = state.opened.reviewersRequired - state.assigned.length - state.scorecards.length + leaving;
  return count > 0 ? { program: state.opened, count, exclude: state.onCase } : undefined;
}
