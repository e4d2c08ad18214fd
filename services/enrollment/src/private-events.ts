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
  'enrollment.FeedbackRecorded',
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
    /** The school coordinator's deadline: unanswered by then, the application lapses. */
    readonly approvalDueBy: string;
  }
>;

export type ApplicationApproved = DomainEvent<
  'enrollment.ApplicationApproved',
  { readonly applicationId: string; readonly offeringId: string }
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
