import {
  type ApplicationCancelledV1,
  type AttendanceRecordedV1,
  type CourseCompletedV1,
  type CourseNotCompletedV1,
  type EnrollmentCancelledV1,
  type EnrollmentConfirmedV1,
  type FeedbackGivenV1,
  type LearnerDroppedOutV1,
  regionDateOf,
  type VoucherBlockRequestedV1,
} from '@pk/contracts';
import { defineAggregate, DomainConflict, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import type {
  ApplicationClosed,
  ApplicationApproved,
  ApplicationSubmitted,
  BlockSecured,
  ClosedOutcome,
  CourseStarted,
  FeedbackRecorded,
  GroupCancelled,
  GroupFormed,
  GroupOpened,
  ListRowOutcome,
  PlaceGiven,
  StateAssignmentListApplied,
  StateAssignmentQuotaSet,
} from '../private-events';

/**
 * One offering's group: every application to it lives in the offering's stream, `group-<offeringId>`.
 * The stream is the consistency boundary of "capacity is never exceeded" and of "places in order of
 * application": each decision reads the whole group at one revision and appends at it, so two
 * applications for the last place cannot both take it (services/enrollment/README.md says why this
 * boundary and not a stream per application).
 */

export type FundingRoute = 'voucher' | 'state-assignment' | 'employer';

/** How long the school coordinator has to answer an application. */
export const APPROVAL_DAYS = 5;

export type OpenGroup = {
  readonly type: 'OpenGroup';
  readonly offeringId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly capacity: number;
  readonly minimumGroupSize: number;
  readonly startsOn: string;
  readonly enrollmentDeadline: string;
};
export type Apply = {
  readonly type: 'Apply';
  readonly applicationId: string;
  readonly offeringId: string;
  readonly teacherId: string;
  readonly organizationId: string;
  readonly region: string;
  readonly route: FundingRoute;
};
export type Approve = {
  readonly type: 'Approve';
  readonly applicationId: string;
  /** The coordinator's school: another school's application is not found. */
  readonly organizationId: string;
};
export type Decline = {
  readonly type: 'Decline';
  readonly applicationId: string;
  readonly organizationId: string;
  readonly reason: string;
};
/** The approval deadline, scheduled when the application is submitted. */
export type LapseApproval = { readonly type: 'LapseApproval'; readonly applicationId: string };
export type RecordBlockReserved = {
  readonly type: 'RecordBlockReserved';
  readonly applicationId: string;
  readonly requestId: string;
  readonly voucherId: string;
  readonly block: number;
};
export type RecordBlockRefused = {
  readonly type: 'RecordBlockRefused';
  readonly applicationId: string;
  readonly requestId: string;
  readonly code: string;
  readonly message: string;
};
/** The reservation deadline, scheduled when the block is requested. */
export type ExpireBlockRequest = {
  readonly type: 'ExpireBlockRequest';
  readonly applicationId: string;
  readonly requestId: string;
};
/** The teacher withdraws its own application. */
export type Withdraw = {
  readonly type: 'Withdraw';
  readonly applicationId: string;
  readonly teacherId: string;
  readonly reason: string;
};
/** Enrollment ends (catalog closed the offering or its classes began): the group forms or not. */
export type CloseEnrollment = { readonly type: 'CloseEnrollment'; readonly offeringId: string };
/**
 * Catalog started the offering (catalog.OfferingStarted), on its first day or earlier at its
 * provider's word: enrollment ends if it had not, and the course runs from the region's day of
 * `startedAt` (catalog's event's time, so a redelivery decides as the first delivery did).
 */
export type StartCourse = {
  readonly type: 'StartCourse';
  readonly offeringId: string;
  readonly startedAt: string;
};
/** Catalog cancelled the offering. */
export type CancelGroup = {
  readonly type: 'CancelGroup';
  readonly offeringId: string;
  readonly reason: string;
};

/** The provider's result of a learner who completed the course: the document issued. */
export type RecordCompletion = {
  readonly type: 'RecordCompletion';
  readonly applicationId: string;
  /** The caller's organization: another provider's offering is not found. */
  readonly providerId: string;
  readonly kind: CourseCompletedV1['kind'];
  readonly hours: number;
  readonly certificateNumber: string;
  readonly completedOn: string;
};
export type NotCompletedCode = CourseNotCompletedV1['code'];
/** The codes of a course not completed, as the contract lists them. */
export const NOT_COMPLETED_CODES: readonly NotCompletedCode[] = [
  'dropped-out',
  'failed-final-assessment',
  'did-not-attend',
];
/** The provider's result of a learner who will not complete the course. */
export type RecordNonCompletion = {
  readonly type: 'RecordNonCompletion';
  readonly applicationId: string;
  readonly providerId: string;
  readonly code: NotCompletedCode;
  readonly reason: string;
  readonly endedOn: string;
};
/** The provider's record of a learner's attendance so far: replaces the previous one. */
export type RecordAttendance = {
  readonly type: 'RecordAttendance';
  readonly applicationId: string;
  readonly providerId: string;
  readonly hoursAttended: number;
  readonly hoursPlanned: number;
};
export type Ratings = FeedbackGivenV1['ratings'];
/** A learner who completed the course rates it, once. */
export type GiveFeedback = {
  readonly type: 'GiveFeedback';
  readonly applicationId: string;
  /** The token's subject: only the learner of the application gives its feedback. */
  readonly teacherId: string;
  readonly ratings: Ratings;
  readonly comment: string;
};

/** The ministry sets how many of the offering's places the state assignment funds. */
export type SetStateAssignmentQuota = {
  readonly type: 'SetStateAssignmentQuota';
  readonly offeringId: string;
  /** The ministry's region: a group of another region is not found. */
  readonly region: string;
  readonly places: number;
};
/** One teacher of the ministry's list, with the id its application gets if one is created. */
export interface ListRow {
  readonly applicationId: string;
  readonly teacherId: string;
  readonly organizationId: string;
}
/**
 * The ministry enrolls teachers from a state-assignment list: each row an application on the
 * state-assignment route, approved by the ministry's act, decided in the list's order.
 */
export type EnrollFromStateAssignmentList = {
  readonly type: 'EnrollFromStateAssignmentList';
  readonly offeringId: string;
  readonly region: string;
  readonly rows: readonly ListRow[];
};

export type GroupCommand =
  | OpenGroup
  | SetStateAssignmentQuota
  | EnrollFromStateAssignmentList
  | Apply
  | Approve
  | Decline
  | LapseApproval
  | RecordBlockReserved
  | RecordBlockRefused
  | ExpireBlockRequest
  | Withdraw
  | CloseEnrollment
  | StartCourse
  | CancelGroup
  | RecordCompletion
  | RecordNonCompletion
  | RecordAttendance
  | GiveFeedback;

export type GroupEvent =
  | GroupOpened
  | ApplicationSubmitted
  | ApplicationApproved
  | PlaceGiven
  | BlockSecured
  | ApplicationClosed
  | GroupFormed
  | GroupCancelled
  | CourseStarted
  | FeedbackRecorded
  | StateAssignmentQuotaSet
  | StateAssignmentListApplied
  | DomainEvent<'enrollment.VoucherBlockRequested', VoucherBlockRequestedV1>
  | DomainEvent<'enrollment.ApplicationCancelled', ApplicationCancelledV1>
  | DomainEvent<'enrollment.EnrollmentConfirmed', EnrollmentConfirmedV1>
  | DomainEvent<'enrollment.EnrollmentCancelled', EnrollmentCancelledV1>
  | DomainEvent<'enrollment.CourseCompleted', CourseCompletedV1>
  | DomainEvent<'enrollment.CourseNotCompleted', CourseNotCompletedV1>
  | DomainEvent<'enrollment.LearnerDroppedOut', LearnerDroppedOutV1>
  | DomainEvent<'enrollment.AttendanceRecorded', AttendanceRecordedV1>
  | DomainEvent<'enrollment.FeedbackGiven', FeedbackGivenV1>;

export type ApplicationStatus =
  | 'awaiting-approval'
  | 'awaiting-block'
  | 'approved' // approved, waiting for a place
  | 'confirmed'
  | 'completed' // the course's results: after the start, of a confirmed application
  | 'not-completed'
  | ClosedOutcome;

export type Result =
  | {
      readonly outcome: 'completed';
      readonly kind: CourseCompletedV1['kind'];
      readonly hours: number;
      readonly certificateNumber: string;
      readonly completedOn: string;
    }
  | {
      readonly outcome: 'not-completed';
      readonly code: NotCompletedCode;
      readonly reason: string;
      readonly endedOn: string;
    };

export interface Attendance {
  readonly hoursAttended: number;
  readonly hoursPlanned: number;
  readonly recordedAt: string;
}

export interface Application {
  readonly applicationId: string;
  readonly teacherId: string;
  readonly organizationId: string;
  readonly route: FundingRoute;
  /** The teacher applied, or the ministry enrolled the teacher from a state-assignment list. */
  readonly source: 'teacher' | 'state-assignment-list';
  readonly submittedAt: string;
  readonly approvalDueBy: string;
  readonly place: 'seat' | 'waitlist' | 'none';
  readonly status: ApplicationStatus;
  /** The open block request, if any: its answer is matched by it. */
  readonly requestId: string | null;
  /** A block was ever asked for: an end of the application must then give it back. */
  readonly blockRequested: boolean;
  /**
   * Vouchers' reservation was taken (BlockSecured): the block's end — redeemed on completion, or
   * given back on any other end — follows from the application's own events, so the reservation
   * redelivered later is no news, whatever the application's status by then.
   */
  readonly blockSecured?: boolean;
  readonly closed?: { readonly code: string; readonly reason: string };
  /** The provider's result, once the course started. */
  readonly result?: Result;
  /** The latest attendance the provider recorded. */
  readonly attendance?: Attendance;
  readonly feedbackGiven?: boolean;
}

export interface Group {
  readonly status: 'open' | 'formed' | 'cancelled';
  readonly offeringId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly region: string;
  readonly capacity: number;
  readonly minimumGroupSize: number;
  readonly startsOn: string;
  readonly enrollmentDeadline: string;
  /** The day catalog started the offering (CourseStarted), if it did: earlier than startsOn when early. */
  readonly startedOn?: string;
  /** Places the state assignment funds (StateAssignmentQuotaSet); 0 until the ministry sets it. */
  readonly stateAssignmentQuota: number;
  /** In order of application: the order of the stream. */
  readonly applications: readonly Application[];
}

export type GroupState = { readonly status: 'none' } | Group;

const LIVE: readonly ApplicationStatus[] = ['awaiting-approval', 'awaiting-block', 'approved', 'confirmed'];
export const isLive = (application: Application) => LIVE.includes(application.status);
export const seated = (group: Group) => group.applications.filter((a) => a.place === 'seat' && isLive(a));
export const waitlist = (group: Group) =>
  group.applications.filter((a) => a.place === 'waitlist' && isLive(a));
/** Learners with the course's result recorded, completed or not, in order of application. */
export const withResults = (group: Group) => group.applications.filter((a) => a.result !== undefined);

/**
 * Places of the state-assignment quota taken: every state-assignment application that is live —
 * seated or waitlisted, awaiting the school or confirmed — or has its course's result. An
 * application claims its quota place when it is accepted, so one moved up from the waitlist is
 * funded at once and never finds the quota spent by others meanwhile; an application that ends
 * before the course gives its quota place back.
 */
export const stateAssignmentTaken = (group: Group) =>
  group.applications.filter((a) => a.route === 'state-assignment' && (isLive(a) || a.result !== undefined))
    .length;

/**
 * The course runs: catalog started the offering (an early start included), or the region's today
 * reached its first day — whichever comes first.
 */
export const courseStarted = (group: Group, now: Date) =>
  group.startedOn !== undefined || regionDateOf(group.region, now) >= group.startsOn;

/**
 * A freed place goes to the next in line while enrollment is open and, in a formed group, until the
 * course starts: no one joins a course under way.
 */
const placesMoveUp = (group: Group, now: Date) => group.status === 'open' || !courseStarted(group, now);

/** The course's first day: the day catalog started it when that came before the planned start. */
export const courseStartOf = (group: Group) =>
  group.startedOn !== undefined && group.startedOn < group.startsOn ? group.startedOn : group.startsOn;

/** A block request's id: one per (application, attempt), so a redelivered request reserves once. */
export const requestIdOf = (applicationId: string) => applicationId;

export const group = defineAggregate<GroupState, GroupCommand, GroupEvent>({
  name: 'group', // streams "group-<offeringId>"
  initialState: { status: 'none' },

  decide(command, state, { now }) {
    const { type } = command;
    switch (type) {
      case 'OpenGroup': {
        if (state.status !== 'none') return []; // catalog's event delivered again
        const { type: _type, ...data } = command;
        return [{ type: 'enrollment.GroupOpened', data }];
      }
      case 'SetStateAssignmentQuota': {
        const current = openGroup(state, command.offeringId, command.region);
        const { places } = command;
        if (places === current.stateAssignmentQuota) return []; // the same quota again
        if (places > current.capacity) {
          throw new DomainError(
            'quota-exceeds-capacity',
            `places: квота ${places} больше вместимости потока — ${current.capacity} мест`,
          );
        }
        const taken = stateAssignmentTaken(current);
        if (places < taken) {
          throw new DomainError(
            'quota-below-taken',
            `places: по государственному заданию на поток уже принято заявок: ${taken}; квота не может быть меньше`,
          );
        }
        return [
          {
            type: 'enrollment.StateAssignmentQuotaSet',
            data: { offeringId: current.offeringId, region: current.region, places },
          },
        ];
      }
      case 'EnrollFromStateAssignmentList': {
        const current = openGroup(state, command.offeringId, command.region);
        const { events, rows } = planStateAssignmentList(current, command, now);
        // a list that creates no application (everyone already there, or beyond the quota) changes
        // nothing, so nothing is stored: the same list posted again leaves the stream as it was
        if (events.length === 0) return [];
        return [
          {
            type: 'enrollment.StateAssignmentListApplied',
            data: { offeringId: current.offeringId, region: current.region, rows },
          },
          ...events,
        ];
      }
      case 'Apply': {
        const current = openGroup(state, command.offeringId, command.region);
        if (current.applications.some((a) => a.applicationId === command.applicationId)) return [];
        if (current.applications.some((a) => a.teacherId === command.teacherId && isLive(a))) {
          throw new DomainConflict(
            'already-applied',
            `offeringId: педагог ${command.teacherId} уже подал заявку на этот поток`,
          );
        }
        if (
          command.route === 'state-assignment' &&
          stateAssignmentTaken(current) >= current.stateAssignmentQuota
        ) {
          throw quotaExhausted(current);
        }
        const place = seated(current).length < current.capacity ? 'seat' : 'waitlist';
        const approvalDueBy = new Date(now.getTime() + APPROVAL_DAYS * 86_400_000).toISOString();
        const { type: _type, ...data } = command;
        return [
          {
            type: 'enrollment.ApplicationSubmitted',
            data: { ...data, place, submittedAt: now.toISOString(), approvalDueBy },
          },
        ];
      }
      case 'Approve': {
        const current = existing(state);
        const application = ofSchool(current, command.applicationId, command.organizationId);
        if (application.status !== 'awaiting-approval') {
          if (application.status === 'approved' || application.status === 'awaiting-block') return [];
          if (application.status === 'confirmed') return [];
          throw closedError(application);
        }
        const approved: GroupEvent = {
          type: 'enrollment.ApplicationApproved',
          data: { applicationId: application.applicationId, offeringId: current.offeringId },
        };
        return application.place === 'seat' ? [approved, ...fund(current, application)] : [approved];
      }
      case 'Decline': {
        const current = existing(state);
        const application = ofSchool(current, command.applicationId, command.organizationId);
        if (application.status === 'declined') return [];
        if (application.source === 'state-assignment-list') {
          // the ministry's list is the approval (made from the schools' own nominations)
          throw new DomainError(
            'enrolled-by-ministry',
            `applicationId: педагог зачислен по списку министерства (государственное задание); согласование школы не требуется`,
          );
        }
        if (application.status !== 'awaiting-approval') throw closedError(application);
        return close(
          current,
          application,
          'declined',
          'declined-by-school',
          command.reason,
          placesMoveUp(current, now),
        );
      }
      case 'LapseApproval': {
        if (state.status === 'none') return [];
        const application = find(state, command.applicationId);
        if (application?.status !== 'awaiting-approval') return []; // answered in time
        return close(
          state,
          application,
          'lapsed',
          'approval-lapsed',
          `заявка не согласована школой за ${APPROVAL_DAYS} дней`,
          placesMoveUp(state, now),
        );
      }
      case 'RecordBlockReserved': {
        if (state.status === 'none') return [];
        const application = find(state, command.applicationId);
        if (!application) return [];
        if (application.status === 'awaiting-block' && application.requestId === command.requestId) {
          return [
            {
              type: 'enrollment.BlockSecured',
              data: {
                applicationId: application.applicationId,
                offeringId: state.offeringId,
                voucherId: command.voucherId,
                block: command.block,
              },
            },
            confirmed(state, application),
          ];
        }
        // the same answer again: while live, or once the block was taken (a completed learner's
        // block is redeemed, and compensating it would ask vouchers to give back a redeemed block)
        if (isLive(application) || application.blockSecured) return [];
        // Compensation: the application ended while vouchers was reserving (a deadline, a
        // withdrawal, a cancelled group). Tell vouchers again that it is cancelled, so the block
        // reserved after the first notice goes back too.
        return [
          {
            type: 'enrollment.ApplicationCancelled',
            data: {
              applicationId: application.applicationId,
              teacherId: application.teacherId,
              region: state.region,
              reason: 'блок зарезервирован после закрытия заявки и возвращается',
            },
          },
        ];
      }
      case 'RecordBlockRefused': {
        if (state.status === 'none') return [];
        const application = find(state, command.applicationId);
        if (application?.status !== 'awaiting-block' || application.requestId !== command.requestId) {
          return []; // ended meanwhile, or the same refusal again
        }
        // vouchers' own code and Russian message, kept as they came
        return close(state, application, 'refused', command.code, command.message, placesMoveUp(state, now));
      }
      case 'ExpireBlockRequest': {
        if (state.status === 'none') return [];
        const application = find(state, command.applicationId);
        if (application?.status !== 'awaiting-block' || application.requestId !== command.requestId) {
          return []; // answered in time
        }
        return close(
          state,
          application,
          'reservation-timeout',
          'block-reservation-timeout',
          'ИОЧ не ответил на запрос блока вовремя: заявка закрыта, блок (если он зарезервирован) возвращается',
          placesMoveUp(state, now),
        );
      }
      case 'Withdraw': {
        const current = existing(state);
        const application = find(current, command.applicationId);
        if (!application || application.teacherId !== command.teacherId) {
          throw new DomainError(
            'application-not-found',
            `applicationId: нет заявки ${command.applicationId}`,
          );
        }
        if (application.status === 'withdrawn') return [];
        if (!isLive(application)) throw closedError(application);
        if (current.status === 'formed' && courseStarted(current, now)) {
          // after the start leaving is a result, not a withdrawal: the block goes back on
          // LearnerDroppedOut, and no one from the waitlist joins a course under way
          throw new DomainError(
            'course-started',
            `applicationId: обучение идёт с ${courseStartOf(current)}; об уходе с курса сообщите организатору — он внесёт результат «не завершил»`,
          );
        }
        return close(
          current,
          application,
          'withdrawn',
          'withdrawn-by-teacher',
          command.reason || 'заявка отозвана педагогом',
          placesMoveUp(current, now),
        );
      }
      case 'CloseEnrollment': {
        if (state.status !== 'open') return []; // closed and started both close; the second is late
        return closeEnrollment(state);
      }
      case 'StartCourse': {
        if (state.status === 'none' || state.status === 'cancelled') return []; // no course to start
        if (state.startedOn !== undefined) return []; // catalog's event delivered again
        // enrollment ends at the start at the latest: the group forms, or is cancelled and has no course
        const closing = state.status === 'open' ? closeEnrollment(state) : [];
        if (closing.some((e) => e.type === 'enrollment.GroupCancelled')) return closing;
        const started: GroupEvent = {
          type: 'enrollment.CourseStarted',
          data: {
            offeringId: state.offeringId,
            region: state.region,
            startedOn: regionDateOf(state.region, new Date(command.startedAt)),
          },
        };
        return [...closing, started];
      }
      case 'CancelGroup': {
        if (state.status === 'none' || state.status === 'cancelled') return [];
        return cancelGroup(state, 'offering-cancelled', `поток отменён организатором: ${command.reason}`);
      }
      case 'RecordCompletion': {
        const { current, application } = learnerOf(state, command, now);
        const { kind, hours, certificateNumber, completedOn } = command;
        const result: Result = { outcome: 'completed', kind, hours, certificateNumber, completedOn };
        if (application.result) return sameResult(application, result);
        withinCourse(current, 'completedOn', completedOn, now);
        const holder = current.applications.find(
          (a) => a.result?.outcome === 'completed' && a.result.certificateNumber === certificateNumber,
        );
        if (holder) {
          throw new DomainConflict(
            'certificate-number-taken',
            `certificateNumber: документ № ${certificateNumber} уже выдан другому слушателю этого потока`,
          );
        }
        return [
          {
            type: 'enrollment.CourseCompleted',
            data: {
              enrollmentId: application.applicationId,
              teacherId: application.teacherId,
              region: current.region,
              organizationId: application.organizationId,
              programId: current.programId,
              offeringId: current.offeringId,
              providerId: current.providerId,
              kind,
              hours,
              completedOn,
              certificateNumber,
            },
          },
        ];
      }
      case 'RecordNonCompletion': {
        const { current, application } = learnerOf(state, command, now);
        const { code, reason, endedOn } = command;
        const result: Result = { outcome: 'not-completed', code, reason, endedOn };
        if (application.result) return sameResult(application, result);
        withinCourse(current, 'endedOn', endedOn, now);
        const { applicationId, teacherId } = application;
        const events: GroupEvent[] = [
          {
            type: 'enrollment.CourseNotCompleted',
            data: {
              applicationId,
              teacherId,
              region: current.region,
              organizationId: application.organizationId,
              offeringId: current.offeringId,
              programId: current.programId,
              providerId: current.providerId,
              route: application.route,
              code,
              reason,
              endedOn,
            },
          },
        ];
        // The one rule for a block: it goes back on ApplicationCancelled before the course and on
        // LearnerDroppedOut after its start, whichever the reason; a completion redeems it.
        if (application.blockRequested) {
          events.push({
            type: 'enrollment.LearnerDroppedOut',
            data: { applicationId, teacherId, region: current.region, droppedOn: endedOn, reason },
          });
        }
        return events;
      }
      case 'RecordAttendance': {
        const { current, application } = learnerOf(state, command, now);
        const { hoursAttended, hoursPlanned } = command;
        if (hoursAttended > hoursPlanned) {
          throw new DomainError(
            'attendance-exceeds-plan',
            `hoursAttended: посещено ${hoursAttended} ч больше запланированных ${hoursPlanned} ч`,
          );
        }
        const last = application.attendance;
        if (last?.hoursAttended === hoursAttended && last.hoursPlanned === hoursPlanned) return [];
        return [
          {
            type: 'enrollment.AttendanceRecorded',
            data: {
              applicationId: application.applicationId,
              teacherId: application.teacherId,
              region: current.region,
              offeringId: current.offeringId,
              programId: current.programId,
              providerId: current.providerId,
              hoursAttended,
              hoursPlanned,
              recordedAt: now.toISOString(),
            },
          },
        ];
      }
      case 'GiveFeedback': {
        const current = existing(state);
        const application = find(current, command.applicationId);
        if (!application || application.teacherId !== command.teacherId) {
          throw new DomainError(
            'application-not-found',
            `applicationId: нет заявки ${command.applicationId}`,
          );
        }
        if (application.status !== 'completed') {
          throw new DomainError(
            'course-not-completed',
            `applicationId: отзыв оставляет слушатель, завершивший курс (заявка: ${application.status})`,
          );
        }
        if (application.feedbackGiven) {
          throw new DomainConflict(
            'feedback-already-given',
            `applicationId: отзыв о курсе по заявке ${application.applicationId} уже оставлен`,
          );
        }
        const { ratings, comment } = command;
        return [
          {
            type: 'enrollment.FeedbackRecorded',
            data: {
              applicationId: application.applicationId,
              offeringId: current.offeringId,
              ratings,
              comment,
            },
          },
          {
            type: 'enrollment.FeedbackGiven',
            data: {
              region: current.region,
              offeringId: current.offeringId,
              programId: current.programId,
              providerId: current.providerId,
              ratings,
              hasComment: comment.trim() !== '',
            },
          },
        ];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    if (event.type === 'enrollment.GroupOpened') {
      return state.status === 'none'
        ? { ...event.data, status: 'open', stateAssignmentQuota: 0, applications: [] }
        : state;
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'enrollment.ApplicationSubmitted': {
        const { applicationId, teacherId, organizationId, route, submittedAt, approvalDueBy, place } =
          event.data;
        const application: Application = {
          applicationId,
          teacherId,
          organizationId,
          route,
          source: event.data.source ?? 'teacher',
          submittedAt,
          approvalDueBy,
          place,
          status: 'awaiting-approval',
          requestId: null,
          blockRequested: false,
        };
        return { ...state, applications: [...state.applications, application] };
      }
      case 'enrollment.ApplicationApproved':
        return update(state, event.data.applicationId, () => ({ status: 'approved' }));
      case 'enrollment.PlaceGiven':
        return update(state, event.data.applicationId, () => ({ place: 'seat' }));
      case 'enrollment.VoucherBlockRequested':
        return update(state, event.data.applicationId, () => ({
          status: 'awaiting-block',
          requestId: event.data.requestId,
          blockRequested: true,
        }));
      case 'enrollment.BlockSecured':
        return update(state, event.data.applicationId, () => ({ requestId: null, blockSecured: true }));
      case 'enrollment.EnrollmentConfirmed':
        return update(state, event.data.applicationId, () => ({ status: 'confirmed' }));
      case 'enrollment.ApplicationClosed':
        return update(state, event.data.applicationId, () => ({
          status: event.data.outcome,
          place: 'none',
          requestId: null,
          closed: { code: event.data.code, reason: event.data.reason },
        }));
      case 'enrollment.GroupFormed':
        return { ...state, status: 'formed' };
      case 'enrollment.GroupCancelled':
        return { ...state, status: 'cancelled' };
      case 'enrollment.CourseStarted':
        return { ...state, startedOn: event.data.startedOn };
      case 'enrollment.CourseCompleted': {
        const { kind, hours, certificateNumber, completedOn } = event.data;
        return update(state, event.data.enrollmentId, () => ({
          status: 'completed',
          result: { outcome: 'completed', kind, hours, certificateNumber, completedOn },
        }));
      }
      case 'enrollment.CourseNotCompleted': {
        const { code, reason, endedOn } = event.data;
        return update(state, event.data.applicationId, () => ({
          status: 'not-completed',
          result: { outcome: 'not-completed', code, reason, endedOn },
        }));
      }
      case 'enrollment.AttendanceRecorded': {
        const { hoursAttended, hoursPlanned, recordedAt } = event.data;
        return update(state, event.data.applicationId, () => ({
          attendance: { hoursAttended, hoursPlanned, recordedAt },
        }));
      }
      case 'enrollment.FeedbackRecorded':
        return update(state, event.data.applicationId, () => ({ feedbackGiven: true }));
      case 'enrollment.StateAssignmentQuotaSet':
        return { ...state, stateAssignmentQuota: event.data.places };
      case 'enrollment.StateAssignmentListApplied': // the record of the act: its rows' events follow
      case 'enrollment.ApplicationCancelled':
      case 'enrollment.EnrollmentCancelled':
      case 'enrollment.LearnerDroppedOut':
      case 'enrollment.FeedbackGiven':
        return state; // notices to others: the event beside them changed the state
    }
  },
});

/** A group enrolling now: applications, lists and the quota are decided only while it is open. */
function openGroup(state: GroupState, offeringId: string, region: string): Group {
  const current = existing(state, offeringId, region);
  if (current.status !== 'open') {
    throw new DomainError(
      'offering-not-open',
      `offeringId: набор на поток ${offeringId} закрыт (группа ${current.status === 'formed' ? 'сформирована' : 'отменена'})`,
    );
  }
  return current;
}

function quotaExhausted(group: Group): DomainError {
  const quota = group.stateAssignmentQuota;
  return new DomainError(
    'state-assignment-quota-exhausted',
    quota === 0
      ? 'route: министерство не выделило этому потоку мест по государственному заданию; выберите другой способ оплаты'
      : `route: места по государственному заданию на этом потоке заняты (${stateAssignmentTaken(group)} из ${quota}); выберите другой способ оплаты`,
  );
}

/**
 * The ministry's state-assignment list, row by row in its order, each row deciding on the group as
 * the rows before it left it: a teacher with a live application to the offering is left as is
 * (the same list posted again enrolls no one twice); otherwise, while the quota has room, the row
 * becomes a state-assignment application approved by the ministry — seated and confirmed while
 * the group has a place, waitlisted (approved, its quota place claimed) otherwise; beyond the
 * quota it is refused. No school coordinator is asked: in the state-assignment mechanism (seed
 * 000) the school heads send their teachers and the ministry's list is made of those nominations,
 * so the list is the approval; asking again would let a lapse undo the ministry's order.
 */
export function planStateAssignmentList(
  current: Group,
  command: Pick<EnrollFromStateAssignmentList, 'rows'>,
  now: Date,
): { events: GroupEvent[]; rows: ListRowOutcome[] } {
  let decided: Group = current;
  const events: GroupEvent[] = [];
  const rows: ListRowOutcome[] = [];
  const submittedAt = now.toISOString();
  for (const { applicationId, teacherId, organizationId } of command.rows) {
    const live = decided.applications.find((a) => a.teacherId === teacherId && isLive(a));
    if (live) {
      rows.push({ teacherId, organizationId, outcome: 'unchanged', applicationId: live.applicationId });
      continue;
    }
    if (stateAssignmentTaken(decided) >= decided.stateAssignmentQuota) {
      const { code, message } = quotaExhausted(decided);
      rows.push({
        teacherId,
        organizationId,
        outcome: 'refused',
        applicationId: null,
        code,
        reason: message,
      });
      continue;
    }
    const place = seated(decided).length < decided.capacity ? 'seat' : 'waitlist';
    const submitted: GroupEvent = {
      type: 'enrollment.ApplicationSubmitted',
      data: {
        applicationId,
        offeringId: decided.offeringId,
        teacherId,
        organizationId,
        region: decided.region,
        route: 'state-assignment',
        place,
        submittedAt,
        approvalDueBy: submittedAt,
        source: 'state-assignment-list',
      },
    };
    const approvedByMinistry: GroupEvent = {
      type: 'enrollment.ApplicationApproved',
      data: { applicationId, offeringId: decided.offeringId, by: 'ministry' },
    };
    const rowEvents: GroupEvent[] = [submitted, approvedByMinistry];
    decided = [submitted, approvedByMinistry].reduce(applied, decided);
    if (place === 'seat') {
      const funded = fund(decided, find(decided, applicationId)!);
      rowEvents.push(...funded);
      decided = funded.reduce(applied, decided);
    }
    events.push(...rowEvents);
    rows.push({
      teacherId,
      organizationId,
      outcome: place === 'seat' ? 'enrolled' : 'waitlisted',
      applicationId,
    });
  }
  return { events, rows };
}

/** The group with one more of its own events: a list's later rows see what earlier ones took. */
const applied = (state: Group, event: GroupEvent): Group => group.evolve(state, event) as Group;

function existing(state: GroupState, offeringId?: string, region?: string): Group {
  if (state.status === 'none' || (region !== undefined && state.region !== region)) {
    throw new DomainError(
      'offering-not-found',
      `offeringId: поток ${offeringId ?? ''} не открыт для записи или ещё не известен`,
    );
  }
  return state;
}

function find(group: Group, applicationId: string): Application | undefined {
  return group.applications.find((a) => a.applicationId === applicationId);
}

function ofSchool(group: Group, applicationId: string, organizationId: string): Application {
  const application = find(group, applicationId);
  if (!application || application.organizationId !== organizationId) {
    throw new DomainError(
      'application-not-found',
      `applicationId: нет заявки ${applicationId} педагога вашей школы`,
    );
  }
  return application;
}

/**
 * The learner a provider records a result or attendance of: of the provider's own offering, whose
 * group formed and whose course has begun (the region's today is on or after its start), enrolled
 * (confirmed). Attendance may still be recorded once the result is in (the final register).
 * A result needs no "course ended" check: a dropout is recorded while it runs, and the provider
 * knows when its final assessment is; the date of the result must fall within the course so far.
 */
function learnerOf(
  state: GroupState,
  command: { readonly applicationId: string; readonly providerId: string },
  now: Date,
): { current: Group; application: Application } {
  const current = existing(state);
  if (current.providerId !== command.providerId) {
    throw new DomainError(
      'offering-not-found',
      `offeringId: нет потока ${current.offeringId} вашей организации`,
    );
  }
  const application = find(current, command.applicationId);
  if (!application) {
    throw new DomainError('application-not-found', `applicationId: нет заявки ${command.applicationId}`);
  }
  if (current.status !== 'formed') {
    throw new DomainError(
      'group-not-formed',
      `offeringId: группа потока ${current.offeringId} не сформирована (${current.status === 'open' ? 'идёт набор' : 'отменена'})`,
    );
  }
  if (!courseStarted(current, now)) {
    throw new DomainError(
      'course-not-started',
      `offeringId: обучение начнётся ${current.startsOn}, результаты вносятся после начала`,
    );
  }
  // with a result in, a repeat is judged by sameResult, and attendance may still come
  if (application.status !== 'confirmed' && application.result === undefined) {
    throw new DomainError(
      'not-enrolled',
      `applicationId: слушатель по заявке ${application.applicationId} не зачислен (${application.status})`,
    );
  }
  return { current, application };
}

/** A result is recorded once: the same again decides nothing, another one is a conflict. */
function sameResult(application: Application, result: Result): GroupEvent[] {
  const recorded: Record<string, unknown> = application.result ?? {};
  if (Object.entries(result).every(([field, value]) => recorded[field] === value)) return [];
  throw new DomainConflict(
    'result-already-recorded',
    `applicationId: результат слушателя по заявке ${application.applicationId} уже внесён (${application.status})`,
  );
}

/** A date of the course's result: from its start to the region's today. */
function withinCourse(group: Group, field: string, date: string, now: Date): void {
  const today = regionDateOf(group.region, now);
  const start = courseStartOf(group);
  if (date < start || date > today) {
    throw new DomainError(
      'date-outside-course',
      `${field}: дата ${date} вне обучения — от начала ${start} до сегодняшнего ${today}`,
    );
  }
}

function closedError(application: Application): DomainError {
  return new DomainError(
    'application-closed',
    `applicationId: заявка ${application.applicationId} уже закрыта (${application.status})`,
  );
}

function update(
  group: Group,
  applicationId: string,
  change: (a: Application) => Partial<Application>,
): Group {
  return {
    ...group,
    applications: group.applications.map((a) =>
      a.applicationId === applicationId ? { ...a, ...change(a) } : a,
    ),
  };
}

function confirmed(group: Group, application: Application): GroupEvent {
  return {
    type: 'enrollment.EnrollmentConfirmed',
    data: {
      applicationId: application.applicationId,
      teacherId: application.teacherId,
      region: group.region,
      organizationId: application.organizationId,
      offeringId: group.offeringId,
      programId: group.programId,
      providerId: group.providerId,
      route: application.route,
    },
  };
}

/** A seated, approved application goes on to its funding: a block asked for, or confirmed at once. */
function fund(group: Group, application: Application): GroupEvent[] {
  if (application.route !== 'voucher') return [confirmed(group, application)];
  return [
    {
      type: 'enrollment.VoucherBlockRequested',
      data: {
        requestId: requestIdOf(application.applicationId),
        applicationId: application.applicationId,
        teacherId: application.teacherId,
        region: group.region,
        year: Number(group.startsOn.slice(0, 4)),
        organizationId: application.organizationId,
        programId: group.programId,
        offeringId: group.offeringId,
        providerId: group.providerId,
      },
    },
  ];
}

/** The end of one application: its notices to others, and the next in line moved up to its place. */
function close(
  group: Group,
  application: Application,
  outcome: ClosedOutcome,
  code: string,
  reason: string,
  promote: boolean,
): GroupEvent[] {
  const events: GroupEvent[] = [
    {
      type: 'enrollment.ApplicationClosed',
      data: { applicationId: application.applicationId, offeringId: group.offeringId, outcome, code, reason },
    },
  ];
  const { applicationId, teacherId } = application;
  if (application.status === 'confirmed') {
    events.push({
      type: 'enrollment.EnrollmentCancelled',
      data: {
        applicationId,
        teacherId,
        region: group.region,
        offeringId: group.offeringId,
        providerId: group.providerId,
        code,
        reason,
      },
    });
  }
  // a block asked for may be reserved, or be reserved later: vouchers gives it back on this notice
  if (application.blockRequested) {
    events.push({
      type: 'enrollment.ApplicationCancelled',
      data: { applicationId, teacherId, region: group.region, reason },
    });
  }
  if (promote && application.place === 'seat' && group.status !== 'cancelled') {
    const next = waitlist(group)[0];
    if (next) {
      events.push({
        type: 'enrollment.PlaceGiven',
        data: { applicationId: next.applicationId, offeringId: group.offeringId },
      });
      if (next.status === 'approved') events.push(...fund(group, next));
    }
  }
  return events;
}

/** The enrollment deadline's outcome: formed at its minimum, cancelled below it. */
function closeEnrollment(group: Group): GroupEvent[] {
  const places = seated(group).length;
  if (places >= group.minimumGroupSize) {
    return [
      {
        type: 'enrollment.GroupFormed',
        data: { offeringId: group.offeringId, region: group.region, size: places },
      },
    ];
  }
  return cancelGroup(
    group,
    'group-below-minimum',
    `группа не набрана: ${places} из минимальных ${group.minimumGroupSize} мест`,
  );
}

function cancelGroup(group: Group, code: string, reason: string): GroupEvent[] {
  const events: GroupEvent[] = [
    {
      type: 'enrollment.GroupCancelled',
      data: { offeringId: group.offeringId, region: group.region, code, reason },
    },
  ];
  for (const application of group.applications.filter(isLive)) {
    events.push(...close(group, application, 'group-cancelled', code, reason, false));
  }
  return events;
}
