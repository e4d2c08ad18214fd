import { randomUUID } from 'node:crypto';
import { publishedEvent } from '@pk/test-kit';
import type { FundingRoute, GroupEvent } from '../src/domain/group.decider';

/** Ids of one offering's world, fixed so the decided events can be written out in full. */
export const ids = {
  offering: '4b2e8d1a-6c3f-4a95-b7e0-2d9f1c5a8e36',
  program: '2d8f4b6a-9c1e-4e73-b5a2-6f1d3c8e9b47',
  provider: '5a3c7e1f-2b9d-4f68-a4c1-8e6b2d9f3a15',
  school: '7e2c9a4b-1d6f-4b83-a5e7-3c9d1f6b8a24',
  otherSchool: '9b1d5f3a-7c2e-4d86-b3a9-1e5c7f2d8b60',
  voucher: '6f4a2c8e-1b3d-4e97-a6c5-9d2f8b1e3a74',
};

/** The n-th application's and teacher's ids (n from 1). */
export const application = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const teacher = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

export const SUBMITTED_AT = '2026-09-01T09:00:00.000Z';
export const APPROVAL_DUE = '2026-09-06T09:00:00.000Z';

export const opened = (capacity = 2, minimumGroupSize = 1): GroupEvent => ({
  type: 'enrollment.GroupOpened',
  data: {
    offeringId: ids.offering,
    programId: ids.program,
    providerId: ids.provider,
    region: '63',
    capacity,
    minimumGroupSize,
    startsOn: '2026-10-01',
    enrollmentDeadline: '2026-09-25',
  },
});

export const applyCommand = (n: number, route: FundingRoute = 'voucher') =>
  ({
    type: 'Apply',
    applicationId: application(n),
    offeringId: ids.offering,
    teacherId: teacher(n),
    organizationId: ids.school,
    region: '63',
    route,
  }) as const;

export const submitted = (
  n: number,
  place: 'seat' | 'waitlist',
  route: FundingRoute = 'voucher',
): GroupEvent => {
  const { type: _type, ...data } = applyCommand(n, route);
  return {
    type: 'enrollment.ApplicationSubmitted',
    data: { ...data, place, submittedAt: SUBMITTED_AT, approvalDueBy: APPROVAL_DUE },
  };
};

export const approved = (n: number): GroupEvent => ({
  type: 'enrollment.ApplicationApproved',
  data: { applicationId: application(n), offeringId: ids.offering },
});

export const blockRequested = (n: number): GroupEvent => ({
  type: 'enrollment.VoucherBlockRequested',
  data: {
    requestId: application(n),
    applicationId: application(n),
    teacherId: teacher(n),
    region: '63',
    year: 2026,
    organizationId: ids.school,
    programId: ids.program,
    offeringId: ids.offering,
    providerId: ids.provider,
  },
});

export const secured = (n: number): GroupEvent => ({
  type: 'enrollment.BlockSecured',
  data: { applicationId: application(n), offeringId: ids.offering, voucherId: ids.voucher, block: 1 },
});

export const confirmed = (n: number, route: FundingRoute = 'voucher'): GroupEvent => ({
  type: 'enrollment.EnrollmentConfirmed',
  data: {
    applicationId: application(n),
    teacherId: teacher(n),
    region: '63',
    organizationId: ids.school,
    offeringId: ids.offering,
    programId: ids.program,
    providerId: ids.provider,
    route,
  },
});

export const closed = (
  n: number,
  outcome: 'declined' | 'lapsed' | 'refused' | 'reservation-timeout' | 'withdrawn' | 'group-cancelled',
  code: string,
  reason: string,
): GroupEvent => ({
  type: 'enrollment.ApplicationClosed',
  data: { applicationId: application(n), offeringId: ids.offering, outcome, code, reason },
});

export const cancelledNotice = (n: number, reason: string): GroupEvent => ({
  type: 'enrollment.ApplicationCancelled',
  data: { applicationId: application(n), teacherId: teacher(n), region: '63', reason },
});

export const placeGiven = (n: number): GroupEvent => ({
  type: 'enrollment.PlaceGiven',
  data: { applicationId: application(n), offeringId: ids.offering },
});

/** An offering as catalog publishes it, of a fresh id unless given. */
export function offeringOpened(
  fields: {
    offeringId?: string;
    programId?: string;
    providerId?: string;
    region?: string;
    capacity?: number;
    minimumGroupSize?: number;
    /** Its course's first day; the enrollment deadline is the week before, the end 19 days after. */
    startsOn?: string;
  } = {},
) {
  const startsOn = fields.startsOn ?? '2026-10-01';
  const dayFrom = (days: number) =>
    new Date(Date.parse(startsOn) + days * 86_400_000).toISOString().slice(0, 10);
  const offeringId = fields.offeringId ?? randomUUID();
  return publishedEvent(
    'catalog.OfferingOpened',
    {
      offeringId,
      programId: fields.programId ?? ids.program,
      providerId: fields.providerId ?? ids.provider,
      region: fields.region ?? '63',
      startsOn,
      endsOn: dayFrom(19),
      enrollmentDeadline: dayFrom(-6),
      capacity: fields.capacity ?? 2,
      minimumGroupSize: fields.minimumGroupSize ?? 1,
    },
    { subject: `offering-${offeringId}` },
  );
}

/** The group formed at the enrollment deadline. */
export const formed = (size = 1): GroupEvent => ({
  type: 'enrollment.GroupFormed',
  data: { offeringId: ids.offering, region: '63', size },
});

/** A day of the course: it starts on 2026-10-01 (opened()). */
export const DURING_COURSE = '2026-10-12T09:00:00.000Z';

export const completion = (n: number, certificateNumber = `ПК-${n}`) =>
  ({
    type: 'RecordCompletion',
    applicationId: application(n),
    providerId: ids.provider,
    kind: 'advanced-training',
    hours: 72,
    certificateNumber,
    completedOn: '2026-10-10',
  }) as const;

export const completed = (n: number, certificateNumber = `ПК-${n}`): GroupEvent => ({
  type: 'enrollment.CourseCompleted',
  data: {
    enrollmentId: application(n),
    teacherId: teacher(n),
    region: '63',
    organizationId: ids.school,
    programId: ids.program,
    offeringId: ids.offering,
    providerId: ids.provider,
    kind: 'advanced-training',
    hours: 72,
    completedOn: '2026-10-10',
    certificateNumber,
  },
});

export const nonCompletion = (n: number) =>
  ({
    type: 'RecordNonCompletion',
    applicationId: application(n),
    providerId: ids.provider,
    code: 'dropped-out',
    reason: 'отчислен по собственному желанию',
    endedOn: '2026-10-05',
  }) as const;

export const notCompleted = (n: number, route: FundingRoute = 'voucher'): GroupEvent => ({
  type: 'enrollment.CourseNotCompleted',
  data: {
    applicationId: application(n),
    teacherId: teacher(n),
    region: '63',
    organizationId: ids.school,
    offeringId: ids.offering,
    programId: ids.program,
    providerId: ids.provider,
    route,
    code: 'dropped-out',
    reason: 'отчислен по собственному желанию',
    endedOn: '2026-10-05',
  },
});

/** The ministry's state-assignment quota of the offering. */
export const quotaSet = (places: number): GroupEvent => ({
  type: 'enrollment.StateAssignmentQuotaSet',
  data: { offeringId: ids.offering, region: '63', places },
});

/** The n-th teacher as a row of the ministry's state-assignment list. */
export const listRow = (n: number, organizationId = ids.school) => ({
  applicationId: application(n),
  teacherId: teacher(n),
  organizationId,
});

/**
 * The events of a list's row taken: the application on the state-assignment route, approved by
 * the ministry, and confirmed when seated.
 */
export const listed = (n: number, place: 'seat' | 'waitlist', organizationId = ids.school): GroupEvent[] => [
  {
    type: 'enrollment.ApplicationSubmitted',
    data: {
      applicationId: application(n),
      offeringId: ids.offering,
      teacherId: teacher(n),
      organizationId,
      region: '63',
      route: 'state-assignment',
      place,
      submittedAt: SUBMITTED_AT,
      approvalDueBy: SUBMITTED_AT,
      source: 'state-assignment-list',
    },
  },
  {
    type: 'enrollment.ApplicationApproved',
    data: { applicationId: application(n), offeringId: ids.offering, by: 'ministry' },
  },
  ...(place === 'seat'
    ? [
        {
          ...confirmed(n, 'state-assignment'),
          data: { ...confirmed(n, 'state-assignment').data, organizationId },
        } as GroupEvent,
      ]
    : []),
];
