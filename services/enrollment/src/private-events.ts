import type { DomainEvent } from '@pk/kernel';

/**
 * Events enrollment stores and never publishes: the steps of an application inside its offering's
 * group. Other systems learn the outcomes from the public events (VoucherBlockRequested,
 * ApplicationCancelled, EnrollmentConfirmed, EnrollmentCancelled, CourseCompleted, …); these steps are the group's own
 * bookkeeping, and which school declined whom is not theirs to read. No JSON Schema checks them:
 * add optional fields only, and read every shape ever stored.
 */
export const PRIVATE_EVENTS = [
  'enrollment.GroupOpened',
  'enrollment.ApplicationSubmitted',
  'enrollment.ApplicationApproved',
  'enrollment.PlaceGiven',
  'enrollment.BlockSecured',
  'enrollment.ApplicationClosed',
  'enrollment.GroupFormed',
  'enrollment.GroupCancelled',
  'enrollment.CourseStarted',
  'enrollment.FeedbackRecorded',
  'enrollment.StateAssignmentQuotaSet',
  'enrollment.StateAssignmentListApplied',
] as const;

/** An offering known from catalog.OfferingOpened: the group it enrolls into. */
export type GroupOpened = DomainEvent<
  'enrollment.GroupOpened',
  {
    readonly offeringId: string;
    readonly programId: string;
    readonly providerId: string;
    readonly region: string;
    readonly capacity: number;
    readonly minimumGroupSize: number;
    readonly startsOn: string;
    readonly enrollmentDeadline: string;
  }
>;

export type ApplicationSubmitted = DomainEvent<
  'enrollment.ApplicationSubmitted',
  {
    readonly applicationId: string;
    readonly offeringId: string;
    readonly teacherId: string;
    readonly organizationId: string;
    readonly region: string;
    readonly route: 'voucher' | 'state-assignment' | 'employer';
    /** A place of the group, or the waitlist: decided on the group as it was then. */
    readonly place: 'seat' | 'waitlist';
    readonly submittedAt: string;
    /**
     * The school coordinator's deadline: unanswered by then, the application lapses. For a row of
     * the ministry's state-assignment list it is the submission itself: approved at once.
     */
    readonly approvalDueBy: string;
    /** Absent in the teacher's own application (and in every one stored before lists existed). */
    readonly source?: 'state-assignment-list';
  }
>;

export type ApplicationApproved = DomainEvent<
  'enrollment.ApplicationApproved',
  {
    readonly applicationId: string;
    readonly offeringId: string;
    /** Absent when the school's coordinator approved; `ministry` for a state-assignment list's row. */
    readonly by?: 'ministry';
  }
>;

/** A waitlisted application moved up to a place that came free. */
export type PlaceGiven = DomainEvent<
  'enrollment.PlaceGiven',
  { readonly applicationId: string; readonly offeringId: string }
>;

/** Vouchers reserved the block the application asked for. */
export type BlockSecured = DomainEvent<
  'enrollment.BlockSecured',
  {
    readonly applicationId: string;
    readonly offeringId: string;
    readonly voucherId: string;
    readonly block: number;
  }
>;

export type ClosedOutcome =
  'declined' | 'lapsed' | 'refused' | 'reservation-timeout' | 'withdrawn' | 'group-cancelled';

/** The end of an application before its course: who ended it is the outcome, why is code and reason. */
export type ApplicationClosed = DomainEvent<
  'enrollment.ApplicationClosed',
  {
    readonly applicationId: string;
    readonly offeringId: string;
    readonly outcome: ClosedOutcome;
    /** A stable code: vouchers' own for a refusal, ours otherwise. */
    readonly code: string;
    /** For people, in Russian. */
    readonly reason: string;
  }
>;

export type GroupFormed = DomainEvent<
  'enrollment.GroupFormed',
  { readonly offeringId: string; readonly region: string; readonly size: number }
>;

export type GroupCancelled = DomainEvent<
  'enrollment.GroupCancelled',
  { readonly offeringId: string; readonly region: string; readonly code: string; readonly reason: string }
>;

/**
 * Catalog started the offering (catalog.OfferingStarted): the course runs from `startedOn` (the
 * region's day of catalog's event), which is before `startsOn` when the provider started it early.
 * From then on no one withdraws and no one moves up from the waitlist, and results may be recorded.
 */
export type CourseStarted = DomainEvent<
  'enrollment.CourseStarted',
  { readonly offeringId: string; readonly region: string; readonly startedOn: string }
>;

/**
 * A learner's feedback as given: the ratings with the application and the comment. Kept private
 * because the comment is free text that may name people (the learner, a teacher of the course), and
 * because tying ratings to an application would tie them to a teacher; the public
 * enrollment.FeedbackGiven beside it carries the ratings alone.
 */
export type FeedbackRecorded = DomainEvent<
  'enrollment.FeedbackRecorded',
  {
    readonly applicationId: string;
    readonly offeringId: string;
    readonly ratings: {
      readonly content: number;
      readonly practiceOrientation: number;
      readonly teachers: number;
      readonly organization: number;
    };
    /** May be empty. */
    readonly comment: string;
  }
>;

/**
 * The ministry's state-assignment quota of the offering: how many of its places the state
 * assignment funds. Before the first one, the quota is 0 (the ministry funds nothing it has not
 * assigned).
 */
export type StateAssignmentQuotaSet = DomainEvent<
  'enrollment.StateAssignmentQuotaSet',
  { readonly offeringId: string; readonly region: string; readonly places: number }
>;

/** What became of one row of the ministry's state-assignment list. */
export interface ListRowOutcome {
  readonly teacherId: string;
  readonly organizationId: string;
  /**
   * enrolled: a place and funded; waitlisted: approved and funded, waiting for a place; unchanged:
   * the teacher already had a live application to this offering (the same list again, or the
   * teacher's own), which stands as it was; refused: see code and reason.
   */
  readonly outcome: 'enrolled' | 'waitlisted' | 'unchanged' | 'refused';
  /** The new application, or the live one that stands; null when refused. */
  readonly applicationId: string | null;
  readonly code?: string;
  readonly reason?: string;
}

/**
 * The ministry's act: a state-assignment list applied to the group, row by row in the list's
 * order. Stored beside the applications it created, as the record of who was refused and why
 * (a refused row leaves no other trace). A list that creates no application (every teacher
 * already there, or all beyond the quota) changes nothing and is not stored.
 */
export type StateAssignmentListApplied = DomainEvent<
  'enrollment.StateAssignmentListApplied',
  { readonly offeringId: string; readonly region: string; readonly rows: readonly ListRowOutcome[] }
>;
