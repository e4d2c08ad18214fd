import type {
  AssignmentWithdrawnV1,
  CompetencyCode,
  CriteriaSetRef,
  CriterionScore,
  ExpertAssignedV1,
  ProgramKind,
  ReviewCaseKey,
  ReviewCaseOpenedV1,
  ReviewDecidedV1,
  ReviewUnderstaffedV1,
  ScorecardSubmittedV1,
  Subject,
} from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { type Candidate, chooseExperts } from './assignment';
import { councilDecision } from './council-decision';
import { checkScores, criteriaSetOf, CURRENT_CRITERIA_SET } from './criteria-sets';

/**
 * What choosing experts needs to know at the moment of the decision: the region's settings and
 * its pool with each expert's open load. The application fills it from the settings aggregate and
 * the read model just before deciding; the decider only chooses.
 */
export interface Staffing {
  readonly reviewersRequired: number;
  readonly reviewDays: number;
  readonly candidates: readonly Candidate[];
  /** Every directory id of the provider's legal entity (same ИНН): their experts have a conflict. */
  readonly providerEntries?: readonly string[];
}

/**
 * The expert sending a scorecard, as its own stream and the catalog's directory show it when the
 * command is decided (filled in by the application, like the staffing).
 */
export interface Submitter {
  readonly active: boolean;
  /** Its home organization is the provider's legal entity. */
  readonly conflictOfInterest: boolean;
}

/** The submitted revision of a program, as catalog published it. */
export interface SubmittedRevision {
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly revision: number;
  readonly title: string;
  readonly kind: ProgramKind;
  readonly hours: number;
  readonly subjects: readonly Subject[];
  readonly competencies: readonly CompetencyCode[];
}

type Staffed = { readonly caseId: string; readonly staffing?: Staffing };

/** A submitted revision comes up for review: the case opens and experts are assigned at once. */
export type OpenReviewCase = {
  readonly type: 'OpenReviewCase';
  readonly program: SubmittedRevision;
} & Staffed;
/** The ministry tries again to staff a case that found too few experts. */
export type AssignExperts = { readonly type: 'AssignExperts'; readonly region: string } & Staffed;
/** An assigned expert will not review this case (a conflict the register does not know, no time). */
export type DeclineAssignment = {
  readonly type: 'DeclineAssignment';
  readonly region: string;
  readonly expertId: string;
  readonly comment: string;
} & Staffed;
/** The deadline of one assignment has come; fired by the scheduler. */
export type WithdrawOverdue = {
  readonly type: 'WithdrawOverdue';
  readonly region: string;
  readonly expertId: string;
  /** The deadline this command was scheduled for: a later assignment of the same expert has its own. */
  readonly dueBy: string;
} & Staffed;
/** The expert was taken out of the region's pool: its open assignment goes to another expert. */
export type WithdrawDeactivated = {
  readonly type: 'WithdrawDeactivated';
  readonly region: string;
  readonly expertId: string;
} & Staffed;
/**
 * An understaffed case tries again by itself: at its retry deadline (`dueAt`, the `retryAt` of the
 * ReviewUnderstaffed that scheduled it), or at once when an expert joined or came back to the pool
 * (no `dueAt`). Nothing to do (staffed, decided, nobody new fits) decides nothing.
 */
export type RetryStaffing = {
  readonly type: 'RetryStaffing';
  readonly region: string;
  readonly dueAt?: string;
} & Staffed;
export type SubmitScorecard = {
  readonly type: 'SubmitScorecard';
  readonly caseId: string;
  readonly region: string;
  readonly expertId: string;
  readonly criteriaSet: CriteriaSetRef;
  readonly scores: readonly CriterionScore[];
  readonly summary: string;
  readonly submitter?: Submitter;
};
export type ReviewCaseCommand =
  | OpenReviewCase
  | AssignExperts
  | DeclineAssignment
  | WithdrawOverdue
  | WithdrawDeactivated
  | RetryStaffing
  | SubmitScorecard;

/** Commands that may assign experts, and so need the staffing filled in before deciding. */
export type StaffedCommand = Exclude<ReviewCaseCommand, SubmitScorecard>;
export const needsStaffing = (command: ReviewCaseCommand): command is StaffedCommand =>
  command.type !== 'SubmitScorecard';

export type ReviewCaseEvent =
  | DomainEvent<'expertise.ReviewCaseOpened', ReviewCaseOpenedV1>
  | DomainEvent<'expertise.ExpertAssigned', ExpertAssignedV1>
  | DomainEvent<'expertise.AssignmentWithdrawn', AssignmentWithdrawnV1>
  | DomainEvent<'expertise.ReviewUnderstaffed', ReviewUnderstaffedV1>
  | DomainEvent<'expertise.ScorecardSubmitted', ScorecardSubmittedV1>
  | DomainEvent<'expertise.ReviewDecided', ReviewDecidedV1>;

export interface ReviewCaseState {
  readonly opened: ReviewCaseOpenedV1 | null;
  /** Assigned and neither scored nor withdrawn, with their deadlines. */
  readonly assigned: readonly { readonly expertId: string; readonly dueBy: string }[];
  /** Everyone ever on the case: never assigned to it again. */
  readonly onCase: readonly string[];
  readonly scorecards: readonly ScorecardSubmittedV1[];
  readonly decided: boolean;
  /** The retry deadline scheduled by the last ReviewUnderstaffed, until it fires; null when none is pending. */
  readonly retryDue: string | null;
}

const DAY_MS = 86_400_000;
/** How long an understaffed case waits before it tries again by itself (besides new experts). */
export const UNDERSTAFFED_RETRY_MS = DAY_MS;

export const reviewCase = defineAggregate<ReviewCaseState, ReviewCaseCommand, ReviewCaseEvent>({
  name: 'review-case',
  initialState: {
    opened: null,
    assigned: [],
    onCase: [],
    scorecards: [],
    decided: false,
    retryDue: null,
  },

  decide(command, state, { now }) {
    const { type } = command;
    switch (type) {
      case 'OpenReviewCase':
        return open(command, state, now);
      case 'AssignExperts': {
        const opened = requireOpen(command, state);
        const missing = opened.reviewersRequired - state.assigned.length - state.scorecards.length;
        if (missing <= 0) {
          throw new DomainError(
            'review-case-staffed',
            `у экспертизы ${command.caseId} уже все ${opened.reviewersRequired} эксперта, что нужны`,
          );
        }
        const events = staff(opened, state, staffingOf(command), now, []);
        if (!events.some((e) => e.type === 'expertise.ExpertAssigned')) {
          throw new DomainError(
            'no-eligible-experts',
            `в регионе ${opened.region} больше нет подходящего эксперта без конфликта интересов для экспертизы ${command.caseId}`,
          );
        }
        return events;
      }
      case 'DeclineAssignment': {
        const opened = requireOpen(command, state);
        requireAssigned(command.expertId, state, command.caseId);
        return withdraw(opened, state, command, 'declined', command.comment, now);
      }
      case 'WithdrawOverdue': {
        // Scored, declined or reassigned since it was scheduled, or the case is decided: nothing to do.
        const current = state.assigned.find((a) => a.expertId === command.expertId);
        if (!state.opened || state.decided || current?.dueBy !== command.dueBy) return [];
        const comment = `Срок экспертизы истёк ${command.dueBy.slice(0, 10)}`;
        return withdraw(state.opened, state, command, 'overdue', comment, now);
      }
      case 'WithdrawDeactivated': {
        // Scored, declined or withdrawn already, or the case is decided: nothing to withdraw.
        const assigned = state.assigned.some((a) => a.expertId === command.expertId);
        if (!state.opened || state.decided || !assigned) return [];
        const comment = 'Эксперт исключён из пула экспертов региона';
        return withdraw(state.opened, state, command, 'deactivated', comment, now);
      }
      case 'RetryStaffing':
        return retryStaffing(command, state, now);
      case 'SubmitScorecard':
        return submitScorecard(command, state);
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'expertise.ReviewCaseOpened':
        return { ...state, opened: event.data };
      case 'expertise.ExpertAssigned':
        return {
          ...state,
          assigned: [...state.assigned, { expertId: event.data.expertId, dueBy: event.data.dueBy }],
          onCase: [...state.onCase, event.data.expertId],
        };
      case 'expertise.AssignmentWithdrawn':
        return { ...state, assigned: state.assigned.filter((a) => a.expertId !== event.data.expertId) };
      case 'expertise.ScorecardSubmitted':
        return {
          ...state,
          assigned: state.assigned.filter((a) => a.expertId !== event.data.expertId),
          scorecards: [...state.scorecards, event.data],
        };
      case 'expertise.ReviewDecided':
        return { ...state, decided: true };
      case 'expertise.ReviewUnderstaffed':
        return event.data.retryAt ? { ...state, retryDue: event.data.retryAt } : state;
    }
  },
});

function open(command: OpenReviewCase, state: ReviewCaseState, now: Date): ReviewCaseEvent[] {
  if (state.opened) {
    throw new DomainError(
      'review-case-already-open',
      `редакция ${command.program.revision} программы ${command.program.programId} уже на экспертизе`,
    );
  }
  const staffing = staffingOf(command);
  const p = command.program;
  const opened: ReviewCaseOpenedV1 = {
    caseId: command.caseId,
    programId: p.programId,
    region: p.region,
    providerId: p.providerId,
    revision: p.revision,
    title: p.title,
    kind: p.kind,
    hours: p.hours,
    subjects: p.subjects,
    competencies: p.competencies,
    reviewersRequired: staffing.reviewersRequired,
    criteriaSet: CURRENT_CRITERIA_SET,
  };
  const openedState = reviewCase.evolve(state, { type: 'expertise.ReviewCaseOpened', data: opened });
  return [
    { type: 'expertise.ReviewCaseOpened', data: opened },
    ...staff(opened, openedState, staffing, now, []),
  ];
}

/**
 * Assigns as many experts as the case is short of, chosen by chooseExperts from everyone not on the
 * case before (and not `alsoExclude`), and records the case understaffed when the pool had too few.
 */
function staff(
  opened: ReviewCaseOpenedV1,
  state: ReviewCaseState,
  staffing: Staffing,
  now: Date,
  alsoExclude: readonly string[],
): ReviewCaseEvent[] {
  const key = keyOf(opened);
  const missing = opened.reviewersRequired - state.assigned.length - state.scorecards.length;
  if (missing <= 0) return [];
  const chosen = chooseExperts({
    program: { ...opened, providerEntries: staffing.providerEntries },
    candidates: staffing.candidates,
    count: missing,
    exclude: [...state.onCase, ...alsoExclude],
  });
  const dueBy = new Date(now.getTime() + staffing.reviewDays * DAY_MS).toISOString();
  const events: ReviewCaseEvent[] = chosen.map((expertId) => ({
    type: 'expertise.ExpertAssigned',
    data: { ...key, expertId, dueBy },
  }));
  if (chosen.length < missing) {
    // One retry deadline per case at a time: a new one only when none is pending (a deadline in the
    // past has fired, or is firing now).
    const pending = state.retryDue !== null && Date.parse(state.retryDue) > now.getTime();
    const retryAt = pending ? undefined : new Date(now.getTime() + UNDERSTAFFED_RETRY_MS).toISOString();
    events.push({
      type: 'expertise.ReviewUnderstaffed',
      data: {
        ...key,
        assigned: state.assigned.length + state.scorecards.length + chosen.length,
        required: opened.reviewersRequired,
        ...(retryAt ? { retryAt } : {}),
      },
    });
  }
  return events;
}

/**
 * An understaffed case tries again. At its deadline the pending retry is used up (so the staffing
 * schedules the next one while the case stays short: a case waits in plain sight, one attempt a
 * day). After a change of the pool, only new assignments are worth an event: finding nobody new
 * changes nothing.
 */
function retryStaffing(command: RetryStaffing, state: ReviewCaseState, now: Date): ReviewCaseEvent[] {
  const opened = state.opened;
  if (!opened || state.decided || opened.region !== command.region) return [];
  const missing = opened.reviewersRequired - state.assigned.length - state.scorecards.length;
  if (command.dueAt !== undefined) {
    // a stale deadline (another one took its place) decides nothing
    if (command.dueAt !== state.retryDue || missing <= 0) return [];
    return staff(opened, { ...state, retryDue: null }, staffingOf(command), now, []);
  }
  if (missing <= 0) return [];
  const events = staff(opened, state, staffingOf(command), now, []);
  return events.some((e) => e.type === 'expertise.ExpertAssigned') ? events : [];
}

/** The expert leaves the case, and another is chosen the same way in the same decision. */
function withdraw(
  opened: ReviewCaseOpenedV1,
  state: ReviewCaseState,
  command: DeclineAssignment | WithdrawOverdue | WithdrawDeactivated,
  reason: AssignmentWithdrawnV1['reason'],
  comment: string,
  now: Date,
): ReviewCaseEvent[] {
  const withdrawn: ReviewCaseEvent = {
    type: 'expertise.AssignmentWithdrawn',
    data: { ...keyOf(opened), expertId: command.expertId, reason, comment },
  };
  const after = reviewCase.evolve(state, withdrawn);
  return [withdrawn, ...staff(opened, after, staffingOf(command), now, [])];
}

function submitScorecard(command: SubmitScorecard, state: ReviewCaseState): ReviewCaseEvent[] {
  // The same scorecard sent again (a retry after a lost answer, even one that decided the case)
  // is the answer already given: nothing more. Another one from the same expert is refused.
  const submitted = state.scorecards.find((s) => s.expertId === command.expertId);
  if (submitted && sameScorecard(submitted, command)) return [];
  const opened = requireOpen(command, state);
  if (submitted) {
    throw new DomainError(
      'scorecard-already-submitted',
      `эксперт ${command.expertId} уже оценил экспертизу ${command.caseId}`,
    );
  }
  if (command.submitter && !command.submitter.active) {
    throw new DomainError(
      'expert-deactivated',
      `эксперт ${command.expertId} исключён из пула экспертов и не оценивает программы; его экспертизы переданы другим экспертам`,
    );
  }
  if (command.submitter?.conflictOfInterest && !state.assigned.some((a) => a.expertId === command.expertId)) {
    throw new DomainError(
      'expert-conflict-of-interest',
      `эксперт ${command.expertId} не может оценивать экспертизу ${command.caseId}: конфликт интересов — его организация и организация-разработчик программы одно юридическое лицо (один ИНН)`,
    );
  }
  requireAssigned(command.expertId, state, command.caseId);
  if (
    command.criteriaSet.id !== opened.criteriaSet.id ||
    command.criteriaSet.version !== opened.criteriaSet.version
  ) {
    throw new DomainError(
      'criteria-set-mismatch',
      `экспертиза ${command.caseId} оценивается по набору ${opened.criteriaSet.id} v${opened.criteriaSet.version}, а не ${command.criteriaSet.id} v${command.criteriaSet.version}`,
    );
  }
  checkScores(opened.criteriaSet, command.scores);
  const scorecard: ScorecardSubmittedV1 = {
    ...keyOf(opened),
    expertId: command.expertId,
    criteriaSet: opened.criteriaSet,
    scores: command.scores.map(({ criterion, score, comment }) => ({ criterion, score, comment })),
    summary: command.summary,
  };
  const events: ReviewCaseEvent[] = [{ type: 'expertise.ScorecardSubmitted', data: scorecard }];
  const scorecards = [...state.scorecards, scorecard];
  if (scorecards.length >= opened.reviewersRequired) {
    // criteria set known: checkScores passed
    const decision = councilDecision(criteriaSetOf(opened.criteriaSet)!, scorecards);
    events.push({
      type: 'expertise.ReviewDecided',
      data: {
        ...keyOf(opened),
        providerId: opened.providerId,
        revision: opened.revision,
        ...decision,
      },
    });
  }
  return events;
}

function requireOpen(
  command: { caseId: string; region: string },
  state: ReviewCaseState,
): ReviewCaseOpenedV1 {
  if (!state.opened) throw new DomainError('review-case-not-found', `нет экспертизы ${command.caseId}`);
  if (state.opened.region !== command.region) {
    throw new DomainError(
      'review-case-in-another-region',
      `экспертиза ${command.caseId} проходит в регионе ${state.opened.region}, а не ${command.region}`,
    );
  }
  if (state.decided)
    throw new DomainError('review-case-decided', `по экспертизе ${command.caseId} решение уже принято`);
  return state.opened;
}

function requireAssigned(expertId: string, state: ReviewCaseState, caseId: string): void {
  if (!state.assigned.some((a) => a.expertId === expertId)) {
    throw new DomainError('expert-not-assigned', `эксперт ${expertId} не назначен на экспертизу ${caseId}`);
  }
}

function staffingOf(command: { type: string; staffing?: Staffing }): Staffing {
  if (!command.staffing) throw new Error(`${command.type} reached the decider without its staffing`);
  return command.staffing;
}

const keyOf = ({ caseId, programId, region }: ReviewCaseKey): ReviewCaseKey => ({
  caseId,
  programId,
  region,
});

function sameScorecard(submitted: ScorecardSubmittedV1, command: SubmitScorecard): boolean {
  const scores = (card: { scores: readonly { criterion: string; score: number; comment: string }[] }) =>
    JSON.stringify(card.scores.map(({ criterion, score, comment }) => [criterion, score, comment]));
  return (
    submitted.criteriaSet.id === command.criteriaSet.id &&
    submitted.criteriaSet.version === command.criteriaSet.version &&
    submitted.summary === command.summary &&
    scores(submitted) === scores(command)
  );
}
