import { deciderSpec } from '@pk/test-kit';
import {
  application,
  applyCommand,
  approved,
  blockRequested,
  cancelledNotice,
  closed,
  completed,
  completion,
  confirmed,
  DURING_COURSE,
  formed,
  ids,
  listed,
  listRow,
  nonCompletion,
  notCompleted,
  opened,
  placeGiven,
  quotaSet,
  secured,
  submitted,
  teacher,
} from '../../test/group.fixtures';
import type { ListRowOutcome } from '../private-events';
import { foldEvents } from '@pk/kernel';
import { group, type Group, type GroupEvent, type ListRow, planStateAssignmentList } from './group.decider';

const spec = deciderSpec(group);
const approve = (n: number, organizationId = ids.school) =>
  ({ type: 'Approve', applicationId: application(n), organizationId }) as const;

describe('the group of an offering', () => {
  describe('opening', () => {
    it('opens from catalog.OfferingOpened, once', () => {
      const { data } = opened() as { data: object };
      spec
        .given([])
        .when({ type: 'OpenGroup', ...data } as never)
        .then([opened()]);
      spec
        .given([opened()])
        .when({ type: 'OpenGroup', ...data } as never)
        .then([]);
    });
  });

  describe('places in order of application', () => {
    it('gives a place while the group has one, then the waitlist', () => {
      spec
        .given([opened(2)])
        .when(applyCommand(1))
        .then([submitted(1, 'seat')]);
      spec
        .given([opened(2), submitted(1, 'seat')])
        .when(applyCommand(2))
        .then([submitted(2, 'seat')]);
      spec
        .given([opened(2), submitted(1, 'seat'), submitted(2, 'seat')])
        .when(applyCommand(3))
        .then([submitted(3, 'waitlist')]);
    });
    it('counts a place freed by a closed application', () => {
      spec
        .given([opened(1), submitted(1, 'seat'), closed(1, 'withdrawn', 'withdrawn-by-teacher', 'x')])
        .when(applyCommand(2))
        .then([submitted(2, 'seat')]);
    });
    it('takes the same application once, and a teacher once while the first is live', () => {
      spec
        .given([opened(), submitted(1, 'seat')])
        .when(applyCommand(1))
        .then([]);
      spec
        .given([opened(), submitted(1, 'seat')])
        .when({ ...applyCommand(2), teacherId: teacher(1) })
        .thenFails('already-applied', /^offeringId: /);
    });
    it('refuses an offering it does not know, or of another region, or closed', () => {
      spec
        .given([])
        .when(applyCommand(1))
        .thenFails('offering-not-found', /^offeringId: /);
      spec
        .given([opened()])
        .when({ ...applyCommand(1), region: '24' })
        .thenFails('offering-not-found');
      spec
        .given([
          opened(),
          { type: 'enrollment.GroupFormed', data: { offeringId: ids.offering, region: '63', size: 0 } },
        ])
        .when(applyCommand(1))
        .thenFails('offering-not-open', /набор на поток .* закрыт/);
    });
  });

  describe("the school coordinator's approval", () => {
    it('approves a seated voucher application and asks vouchers for a block', () => {
      spec
        .given([opened(), submitted(1, 'seat')])
        .when(approve(1))
        .then([approved(1), blockRequested(1)]);
    });
    it('confirms an application funded otherwise at once', () => {
      spec
        .given([opened(), submitted(1, 'seat', 'employer')])
        .when(approve(1))
        .then([approved(1), confirmed(1, 'employer')]);
    });
    it('approves a waitlisted application without funding it yet', () => {
      spec
        .given([opened(1), submitted(1, 'seat'), submitted(2, 'waitlist')])
        .when(approve(2))
        .then([approved(2)]);
    });
    it("does not find another school's application", () => {
      spec
        .given([opened(), submitted(1, 'seat')])
        .when(approve(1, ids.otherSchool))
        .thenFails('application-not-found', /^applicationId: /);
    });
    it('declines, and the place goes to the next in line', () => {
      spec
        .given([opened(1), submitted(1, 'seat'), submitted(2, 'waitlist')])
        .when({
          type: 'Decline',
          applicationId: application(1),
          organizationId: ids.school,
          reason: 'нет замены',
        })
        .then([closed(1, 'declined', 'declined-by-school', 'нет замены'), placeGiven(2)]);
    });
    it('lapses visibly when unanswered, and not once answered', () => {
      spec
        .given([opened(), submitted(1, 'seat')])
        .when({ type: 'LapseApproval', applicationId: application(1) })
        .then([closed(1, 'lapsed', 'approval-lapsed', 'заявка не согласована школой за 5 дней')]);
      spec
        .given([opened(), submitted(1, 'seat'), approved(1), blockRequested(1)])
        .when({ type: 'LapseApproval', applicationId: application(1) })
        .then([]);
    });
  });

  describe('the voucher route', () => {
    const waiting = [opened(1), submitted(1, 'seat'), approved(1), blockRequested(1)];
    const reserved = {
      type: 'RecordBlockReserved',
      applicationId: application(1),
      requestId: application(1),
      voucherId: ids.voucher,
      block: 1,
    } as const;
    it('goes on when the block is reserved, once', () => {
      spec
        .given(waiting)
        .when(reserved)
        .then([secured(1), confirmed(1)]);
      spec
        .given([...waiting, secured(1), confirmed(1)])
        .when(reserved)
        .then([]);
    });
    it("ends with vouchers' own code and message when refused, and promotes the next", () => {
      const refused = {
        type: 'RecordBlockRefused',
        applicationId: application(1),
        requestId: application(1),
        code: 'no-free-block',
        message: 'ИОЧ: свободных блоков нет',
      } as const;
      spec
        .given([...waiting, submitted(2, 'waitlist'), approved(2)])
        .when(refused)
        .then([
          closed(1, 'refused', 'no-free-block', 'ИОЧ: свободных блоков нет'),
          cancelledNotice(1, 'ИОЧ: свободных блоков нет'),
          placeGiven(2),
          blockRequested(2),
        ]);
    });
    it('closes an application vouchers did not answer in time, giving back a block reserved late', () => {
      const reason =
        'ИОЧ не ответил на запрос блока вовремя: заявка закрыта, блок (если он зарезервирован) возвращается';
      spec
        .given(waiting)
        .when({ type: 'ExpireBlockRequest', applicationId: application(1), requestId: application(1) })
        .then([
          closed(1, 'reservation-timeout', 'block-reservation-timeout', reason),
          cancelledNotice(1, reason),
        ]);
      spec
        .given([...waiting, secured(1), confirmed(1)])
        .when({ type: 'ExpireBlockRequest', applicationId: application(1), requestId: application(1) })
        .then([]);
    });
    it('compensates a block reserved for an application that ended meanwhile', () => {
      spec
        .given([
          ...waiting,
          closed(1, 'withdrawn', 'withdrawn-by-teacher', 'передумал'),
          cancelledNotice(1, 'передумал'),
        ])
        .when(reserved)
        .then([cancelledNotice(1, 'блок зарезервирован после закрытия заявки и возвращается')]);
    });
    it('a withdrawal of a confirmed enrollment cancels it and gives the block back', () => {
      spec
        .given([...waiting, secured(1), confirmed(1)])
        .when({ type: 'Withdraw', applicationId: application(1), teacherId: teacher(1), reason: 'болезнь' })
        .then([
          closed(1, 'withdrawn', 'withdrawn-by-teacher', 'болезнь'),
          {
            type: 'enrollment.EnrollmentCancelled',
            data: {
              applicationId: application(1),
              teacherId: teacher(1),
              region: '63',
              offeringId: ids.offering,
              providerId: ids.provider,
              code: 'withdrawn-by-teacher',
              reason: 'болезнь',
            },
          },
          cancelledNotice(1, 'болезнь'),
        ]);
    });
    it("does not let a teacher withdraw another's application", () => {
      spec
        .given(waiting)
        .when({ type: 'Withdraw', applicationId: application(1), teacherId: teacher(2), reason: '' })
        .thenFails('application-not-found');
    });
  });

  describe("the state assignment: the ministry's quota of places", () => {
    const setQuota = (places: number, region = '63') =>
      ({ type: 'SetStateAssignmentQuota', offeringId: ids.offering, region, places }) as const;

    it('is set by the ministry up to the capacity, and again the same decides nothing', () => {
      spec
        .given([opened(3)])
        .when(setQuota(3))
        .then([quotaSet(3)]);
      spec
        .given([opened(3), quotaSet(3)])
        .when(setQuota(3))
        .then([]);
      spec
        .given([opened(3)])
        .when(setQuota(4))
        .thenFails('quota-exceeds-capacity', /^places: квота 4 больше вместимости потока — 3 мест/);
    });
    it('changes, but never below the places the route has taken', () => {
      const taken = [opened(3), quotaSet(2), submitted(1, 'seat', 'state-assignment'), ...listed(2, 'seat')];
      spec
        .given(taken)
        .when(setQuota(1))
        .thenFails('quota-below-taken', /^places: .*принято заявок: 2/);
      spec
        .given(taken)
        .when(setQuota(3))
        .then([quotaSet(3)]);
      // an application that ended before the course gives its quota place back
      spec
        .given([...taken, closed(1, 'withdrawn', 'withdrawn-by-teacher', 'x')])
        .when(setQuota(1))
        .then([quotaSet(1)]);
    });
    it('is refused for a group of another region, unknown, or no longer enrolling', () => {
      spec
        .given([opened(3)])
        .when(setQuota(1, '24'))
        .thenFails('offering-not-found', /^offeringId: /);
      spec.given([]).when(setQuota(1)).thenFails('offering-not-found');
      spec
        .given([opened(3), formed(0)])
        .when(setQuota(1))
        .thenFails('offering-not-open', /^offeringId: /);
    });
    it("takes a teacher's state-assignment application while the quota has room, and refuses it beyond", () => {
      spec
        .given([opened(3), quotaSet(1)])
        .when(applyCommand(1, 'state-assignment'))
        .then([submitted(1, 'seat', 'state-assignment')]);
      spec
        .given([opened(3), quotaSet(1), submitted(1, 'seat', 'state-assignment')])
        .when(applyCommand(2, 'state-assignment'))
        .thenFails('state-assignment-quota-exhausted', /^route: .*заняты \(1 из 1\)/);
      spec
        .given([opened(3)])
        .when(applyCommand(1, 'state-assignment'))
        .thenFails('state-assignment-quota-exhausted', /^route: министерство не выделило/);
      // other routes do not use the quota
      spec
        .given([opened(3), quotaSet(1), submitted(1, 'seat', 'state-assignment')])
        .when(applyCommand(2, 'employer'))
        .then([submitted(2, 'seat', 'employer')]);
    });
    it('counts a waitlisted state-assignment application against the quota: moved up, it is funded at once', () => {
      spec
        .given([
          opened(1),
          quotaSet(1),
          submitted(1, 'seat', 'employer'),
          submitted(2, 'waitlist', 'state-assignment'),
        ])
        .when(applyCommand(3, 'state-assignment'))
        .thenFails('state-assignment-quota-exhausted');
      spec
        .given([
          opened(1),
          quotaSet(1),
          submitted(1, 'seat', 'employer'),
          submitted(2, 'waitlist', 'state-assignment'),
          approved(2),
        ])
        .when({ type: 'Withdraw', applicationId: application(1), teacherId: teacher(1), reason: 'болезнь' })
        .then([
          closed(1, 'withdrawn', 'withdrawn-by-teacher', 'болезнь'),
          placeGiven(2),
          confirmed(2, 'state-assignment'),
        ]);
    });
  });

  describe("the ministry's state-assignment list", () => {
    const enroll = (...rows: ListRow[]) =>
      ({ type: 'EnrollFromStateAssignmentList', offeringId: ids.offering, region: '63', rows }) as const;
    const applied = (...rows: ListRowOutcome[]): GroupEvent => ({
      type: 'enrollment.StateAssignmentListApplied',
      data: { offeringId: ids.offering, region: '63', rows },
    });
    const row = (
      n: number,
      outcome: ListRowOutcome['outcome'],
      applicationId: string | null = application(n),
    ) => ({
      teacherId: teacher(n),
      organizationId: ids.school,
      outcome,
      applicationId,
    });
    const exhausted = {
      code: 'state-assignment-quota-exhausted',
      reason:
        'route: места по государственному заданию на этом потоке заняты (2 из 2); выберите другой способ оплаты',
    };

    it('enrolls each row approved by the ministry: seated in order and confirmed, then waitlisted', () => {
      spec
        .given([opened(1), quotaSet(1)])
        .when(enroll(listRow(1)))
        .then([applied(row(1, 'enrolled')), ...listed(1, 'seat')]);
      spec
        .given([opened(1), quotaSet(2)])
        .when(enroll(listRow(1), listRow(2)))
        .then([
          applied(row(1, 'enrolled'), row(2, 'waitlisted')),
          ...listed(1, 'seat'),
          ...listed(2, 'waitlist'),
        ]);
    });
    it('refuses the rows beyond the quota, each with the code and reason', () => {
      spec
        .given([opened(3), quotaSet(2)])
        .when(enroll(listRow(1), listRow(2), listRow(3)))
        .then([
          applied(row(1, 'enrolled'), row(2, 'enrolled'), { ...row(3, 'refused', null), ...exhausted }),
          ...listed(1, 'seat'),
          ...listed(2, 'seat'),
        ]);
    });
    it('stores nothing for a list that creates no application, and still says why of each row', () => {
      const full = [opened(3), quotaSet(2), ...listed(1, 'seat'), ...listed(2, 'seat')];
      spec
        .given(full)
        .when(enroll(listRow(1), listRow(3)))
        .then([]);
      const state = foldEvents(group, full) as Group;
      expect(planStateAssignmentList(state, { rows: [listRow(1), listRow(3)] }, new Date()).rows).toEqual([
        row(1, 'unchanged'),
        { ...row(3, 'refused', null), ...exhausted },
      ]);
    });
    it('enrolls no one twice: the same list again decides nothing, a longer one only the new rows', () => {
      const once = [opened(3), quotaSet(3), ...listed(1, 'seat'), ...listed(2, 'seat')];
      spec
        .given(once)
        .when(enroll(listRow(1), listRow(2)))
        .then([]);
      spec
        .given(once)
        .when(enroll(listRow(1), listRow(2), listRow(3)))
        .then([applied(row(1, 'unchanged'), row(2, 'unchanged'), row(3, 'enrolled')), ...listed(3, 'seat')]);
    });
    it("leaves a teacher's own live application as it stands, and takes one whose application ended", () => {
      spec
        .given([opened(3), quotaSet(3), submitted(1, 'seat', 'voucher')])
        .when(enroll(listRow(1), listRow(2)))
        .then([applied(row(1, 'unchanged'), row(2, 'enrolled')), ...listed(2, 'seat')]);
      spec
        .given([
          opened(3),
          quotaSet(3),
          submitted(9, 'seat', 'voucher'),
          closed(9, 'withdrawn', 'withdrawn-by-teacher', 'x'),
        ])
        .when(enroll({ ...listRow(1), teacherId: teacher(9) }))
        .then([
          applied({ ...row(1, 'enrolled'), teacherId: teacher(9) }),
          ...listed(1, 'seat').map((e) =>
            'teacherId' in e.data ? ({ ...e, data: { ...e.data, teacherId: teacher(9) } } as GroupEvent) : e,
          ),
        ]);
    });
    it('is refused as a whole for a group of another region or no longer enrolling', () => {
      spec
        .given([opened(3), quotaSet(3)])
        .when({ ...enroll(listRow(1)), region: '24' })
        .thenFails('offering-not-found', /^offeringId: /);
      spec
        .given([opened(3), quotaSet(3), formed(0)])
        .when(enroll(listRow(1)))
        .thenFails('offering-not-open');
    });
    it("needs no school's answer: no lapse, and the coordinator cannot decline it", () => {
      const enrolled = [opened(3), quotaSet(3), ...listed(1, 'seat')];
      spec
        .given(enrolled)
        .when({ type: 'LapseApproval', applicationId: application(1) })
        .then([]);
      spec
        .given(enrolled)
        .when({ type: 'Approve', applicationId: application(1), organizationId: ids.school })
        .then([]);
      spec
        .given(enrolled)
        .when({ type: 'Decline', applicationId: application(1), organizationId: ids.school, reason: 'нет' })
        .thenFails('enrolled-by-ministry', /^applicationId: /);
    });
    it('moves a waitlisted row up on a withdrawal and confirms it at once', () => {
      spec
        .given([opened(1), quotaSet(2), ...listed(1, 'seat'), ...listed(2, 'waitlist')])
        .when({ type: 'Withdraw', applicationId: application(1), teacherId: teacher(1), reason: 'болезнь' })
        .then([
          closed(1, 'withdrawn', 'withdrawn-by-teacher', 'болезнь'),
          {
            type: 'enrollment.EnrollmentCancelled',
            data: {
              applicationId: application(1),
              teacherId: teacher(1),
              region: '63',
              offeringId: ids.offering,
              providerId: ids.provider,
              code: 'withdrawn-by-teacher',
              reason: 'болезнь',
            },
          },
          placeGiven(2),
          confirmed(2, 'state-assignment'),
        ]);
    });
  });

  describe('the enrollment deadline', () => {
    it('forms a group that reached its minimum', () => {
      spec
        .given([opened(2, 1), submitted(1, 'seat')])
        .when({ type: 'CloseEnrollment', offeringId: ids.offering })
        .then([
          { type: 'enrollment.GroupFormed', data: { offeringId: ids.offering, region: '63', size: 1 } },
        ]);
    });
    it('cancels a group below its minimum, releasing and telling everyone why', () => {
      const reason = 'группа не набрана: 1 из минимальных 2 мест';
      spec
        .given([opened(2, 2), submitted(1, 'seat'), approved(1), blockRequested(1), secured(1), confirmed(1)])
        .when({ type: 'CloseEnrollment', offeringId: ids.offering })
        .then([
          {
            type: 'enrollment.GroupCancelled',
            data: { offeringId: ids.offering, region: '63', code: 'group-below-minimum', reason },
          },
          closed(1, 'group-cancelled', 'group-below-minimum', reason),
          {
            type: 'enrollment.EnrollmentCancelled',
            data: {
              applicationId: application(1),
              teacherId: teacher(1),
              region: '63',
              offeringId: ids.offering,
              providerId: ids.provider,
              code: 'group-below-minimum',
              reason,
            },
          },
          cancelledNotice(1, reason),
        ]);
    });
    it('decides once: a started offering after a closed one changes nothing', () => {
      spec
        .given([
          opened(2, 1),
          submitted(1, 'seat'),
          { type: 'enrollment.GroupFormed', data: { offeringId: ids.offering, region: '63', size: 1 } },
        ])
        .when({ type: 'CloseEnrollment', offeringId: ids.offering })
        .then([]);
    });
  });

  describe("catalog's start of the offering, early or on its day", () => {
    // opened() starts on 2026-10-01; the provider starts it on 2026-09-28 (Samara is UTC+4)
    const EARLY = '2026-09-28T06:00:00.000Z';
    const start = { type: 'StartCourse', offeringId: ids.offering, startedAt: EARLY } as const;
    const started: GroupEvent = {
      type: 'enrollment.CourseStarted',
      data: { offeringId: ids.offering, region: '63', startedOn: '2026-09-28' },
    };
    const enrolled = [opened(1, 1), submitted(1, 'seat', 'employer'), approved(1), confirmed(1, 'employer')];
    const endedOn = (event: GroupEvent, day: string) =>
      ({ ...event, data: { ...event.data, endedOn: day } }) as GroupEvent;

    it('ends enrollment if it had not and records the start, once', () => {
      spec
        .given(enrolled)
        .at(EARLY)
        .when(start)
        .then([formed(1), started]);
      spec
        .given([...enrolled, formed(1)])
        .at(EARLY)
        .when(start)
        .then([started]);
      spec
        .given([...enrolled, formed(1), started])
        .at(EARLY)
        .when(start)
        .then([]);
    });
    it('starts no course of a group below its minimum: the group is cancelled as at the deadline', () => {
      const reason = 'группа не набрана: 1 из минимальных 2 мест';
      spec
        .given([opened(2, 2), submitted(1, 'seat', 'employer')])
        .at(EARLY)
        .when(start)
        .then([
          {
            type: 'enrollment.GroupCancelled',
            data: { offeringId: ids.offering, region: '63', code: 'group-below-minimum', reason },
          },
          closed(1, 'group-cancelled', 'group-below-minimum', reason),
        ]);
    });
    it('takes no withdrawal once started early, as after the start date', () => {
      spec
        .given([...enrolled, formed(1), started])
        .at('2026-09-29T09:00:00Z')
        .when({ type: 'Withdraw', applicationId: application(1), teacherId: teacher(1), reason: 'болезнь' })
        .thenFails('course-started', /^applicationId: обучение идёт с 2026-09-28;/);
    });
    it('moves no one from the waitlist into the course started early', () => {
      // the seated learner's voucher block times out after the start: the place is not given on
      const waiting = [
        opened(1, 1),
        submitted(1, 'seat'),
        approved(1),
        blockRequested(1),
        submitted(2, 'waitlist', 'employer'),
        approved(2),
        formed(1),
      ];
      const expire = {
        type: 'ExpireBlockRequest',
        applicationId: application(1),
        requestId: application(1),
      } as const;
      const timedOut = spec
        .given([...waiting, started])
        .at('2026-09-29T09:00:00Z')
        .when(expire);
      timedOut.then([
        closed(
          1,
          'reservation-timeout',
          'block-reservation-timeout',
          'ИОЧ не ответил на запрос блока вовремя: заявка закрыта, блок (если он зарезервирован) возвращается',
        ),
        cancelledNotice(
          1,
          'ИОЧ не ответил на запрос блока вовремя: заявка закрыта, блок (если он зарезервирован) возвращается',
        ),
      ]);
      // the peer: the same on the same day without the early start moves the next one up
      const before = foldEvents(group, waiting) as Group;
      expect(before.status).toBe('formed');
      spec
        .given(waiting)
        .at('2026-09-29T09:00:00Z')
        .when(expire)
        .then([
          closed(
            1,
            'reservation-timeout',
            'block-reservation-timeout',
            'ИОЧ не ответил на запрос блока вовремя: заявка закрыта, блок (если он зарезервирован) возвращается',
          ),
          cancelledNotice(
            1,
            'ИОЧ не ответил на запрос блока вовремя: заявка закрыта, блок (если он зарезервирован) возвращается',
          ),
          placeGiven(2),
          confirmed(2, 'employer'),
        ]);
    });
    it('takes results from the early start on, dated from its day', () => {
      const atStart = spec.given([...enrolled, formed(1), started]).at('2026-09-29T09:00:00Z');
      atStart
        .when({ ...nonCompletion(1), endedOn: '2026-09-28' })
        .then([endedOn(notCompleted(1, 'employer'), '2026-09-28')]);
      atStart
        .when({ ...nonCompletion(1), endedOn: '2026-09-27' })
        .thenFails('date-outside-course', /^endedOn: /);
      // without catalog's start the same day is still before the course
      spec
        .given([...enrolled, formed(1)])
        .at('2026-09-29T09:00:00Z')
        .when({ ...nonCompletion(1), endedOn: '2026-09-28' })
        .thenFails('course-not-started', /^offeringId: /);
    });
    it('starts nothing of an unknown or cancelled group', () => {
      spec.given([]).at(EARLY).when(start).then([]);
      spec
        .given([
          opened(1, 1),
          {
            type: 'enrollment.GroupCancelled',
            data: { offeringId: ids.offering, region: '63', code: 'offering-cancelled', reason: 'x' },
          },
        ])
        .at(EARLY)
        .when(start)
        .then([]);
    });
  });

  describe("the course's results, recorded by its provider", () => {
    // a confirmed voucher learner (1) and one funded by the employer (2), the group formed
    const enrolled = [
      opened(2, 1),
      submitted(1, 'seat'),
      approved(1),
      blockRequested(1),
      secured(1),
      confirmed(1),
      submitted(2, 'seat', 'employer'),
      approved(2),
      confirmed(2, 'employer'),
      formed(2),
    ];
    const during = spec.given(enrolled).at(DURING_COURSE);

    it('records a completion as enrollment.CourseCompleted, the document as its certificateNumber', () => {
      during.when(completion(1)).then([completed(1)]);
    });
    it("takes vouchers' reservation redelivered after the result as no news: a redeemed block is never given back", () => {
      const reservedAgain = {
        type: 'RecordBlockReserved',
        applicationId: application(1),
        requestId: application(1),
        voucherId: ids.voucher,
        block: 1,
      } as const;
      spec
        .given([...enrolled, completed(1)])
        .at(DURING_COURSE)
        .when(reservedAgain)
        .then([]);
      spec
        .given([...enrolled, notCompleted(1)])
        .at(DURING_COURSE)
        .when(reservedAgain)
        .then([]);
    });
    it('records it once: the same again decides nothing, another result is a conflict', () => {
      const done = spec.given([...enrolled, completed(1)]).at(DURING_COURSE);
      done.when(completion(1)).then([]);
      done.when({ ...completion(1), hours: 36 }).thenFails('result-already-recorded', /^applicationId: /);
      done.when(nonCompletion(1)).thenFails('result-already-recorded');
    });
    it('refuses a document number already issued in the group', () => {
      spec
        .given([...enrolled, completed(1)])
        .at(DURING_COURSE)
        .when(completion(2, 'ПК-1'))
        .thenFails('certificate-number-taken', /^certificateNumber: /);
    });
    it('refuses a result before the course starts, out of its dates, or of a group not formed', () => {
      spec
        .given(enrolled)
        .at('2026-09-30T12:00:00Z')
        .when(completion(1))
        .thenFails('course-not-started', /^offeringId: /);
      during
        .when({ ...completion(1), completedOn: '2026-09-30' })
        .thenFails('date-outside-course', /^completedOn: /);
      during.when({ ...completion(1), completedOn: '2026-10-13' }).thenFails('date-outside-course');
      spec.given(enrolled.slice(0, -1)).at(DURING_COURSE).when(completion(1)).thenFails('group-not-formed');
    });
    it('refuses another provider, and a learner not enrolled', () => {
      during
        .when({ ...completion(1), providerId: ids.school })
        .thenFails('offering-not-found', /^offeringId: /);
      spec
        .given([opened(2, 1), submitted(1, 'seat'), formed(1)])
        .at(DURING_COURSE)
        .when(completion(1))
        .thenFails('not-enrolled', /^applicationId: /);
    });
    it('records a voucher learner not completing, and gives the block back with LearnerDroppedOut', () => {
      during.when(nonCompletion(1)).then([
        notCompleted(1),
        {
          type: 'enrollment.LearnerDroppedOut',
          data: {
            applicationId: application(1),
            teacherId: teacher(1),
            region: '63',
            droppedOn: '2026-10-05',
            reason: 'отчислен по собственному желанию',
          },
        },
      ]);
    });
    it('records one funded otherwise without a block notice, and promotes no one', () => {
      spec
        .given([...enrolled.slice(0, -1), submitted(3, 'waitlist', 'employer'), approved(3), formed(2)])
        .at(DURING_COURSE)
        .when(nonCompletion(2))
        .then([notCompleted(2, 'employer')]);
    });
    it('takes no withdrawal once the course runs: leaving is then a result the provider records', () => {
      during
        .when({ type: 'Withdraw', applicationId: application(1), teacherId: teacher(1), reason: 'болезнь' })
        .thenFails('course-started', /^applicationId: /);
    });
    it('records attendance, the latest replacing the previous, and after the result too', () => {
      const attendance = (hoursAttended: number) =>
        ({
          type: 'RecordAttendance',
          applicationId: application(1),
          providerId: ids.provider,
          hoursAttended,
          hoursPlanned: 72,
        }) as const;
      const recorded = (hoursAttended: number): GroupEvent => ({
        type: 'enrollment.AttendanceRecorded',
        data: {
          applicationId: application(1),
          teacherId: teacher(1),
          region: '63',
          offeringId: ids.offering,
          programId: ids.program,
          providerId: ids.provider,
          hoursAttended,
          hoursPlanned: 72,
          recordedAt: DURING_COURSE,
        },
      });
      during.when(attendance(30)).then([recorded(30)]);
      spec
        .given([...enrolled, recorded(30)])
        .at(DURING_COURSE)
        .when(attendance(30))
        .then([]);
      spec
        .given([...enrolled, recorded(30), completed(1)])
        .at(DURING_COURSE)
        .when(attendance(70))
        .then([recorded(70)]);
      during.when({ ...attendance(73) }).thenFails('attendance-exceeds-plan', /^hoursAttended: /);
    });
  });

  describe("a learner's feedback", () => {
    const ratings = { content: 5, practiceOrientation: 4, teachers: 5, organization: 3 };
    const give = (comment = 'Полезно, но мало практики') =>
      ({
        type: 'GiveFeedback',
        applicationId: application(1),
        teacherId: teacher(1),
        ratings,
        comment,
      }) as const;
    const recordedFeedback: GroupEvent = {
      type: 'enrollment.FeedbackRecorded',
      data: { applicationId: application(1), offeringId: ids.offering, ratings, comment: '' },
    };
    const done = [
      opened(1),
      submitted(1, 'seat', 'employer'),
      approved(1),
      confirmed(1, 'employer'),
      formed(1),
    ];

    it('is given once by a learner who completed: the comment stays private, the ratings go public', () => {
      spec
        .given([...done, completed(1)])
        .when(give())
        .then([
          {
            type: 'enrollment.FeedbackRecorded',
            data: {
              applicationId: application(1),
              offeringId: ids.offering,
              ratings,
              comment: 'Полезно, но мало практики',
            },
          },
          {
            type: 'enrollment.FeedbackGiven',
            data: {
              region: '63',
              offeringId: ids.offering,
              programId: ids.program,
              providerId: ids.provider,
              ratings,
              hasComment: true,
            },
          },
        ]);
      spec
        .given([...done, completed(1), recordedFeedback])
        .when(give())
        .thenFails('feedback-already-given', /^applicationId: /);
    });
    it('publishes that there is no comment when there is none', () => {
      spec
        .given([...done, completed(1)])
        .when(give(''))
        .then([
          recordedFeedback,
          {
            type: 'enrollment.FeedbackGiven',
            data: {
              region: '63',
              offeringId: ids.offering,
              programId: ids.program,
              providerId: ids.provider,
              ratings,
              hasComment: false,
            },
          },
        ]);
    });
    it('is refused before completion, after not completing, and from another teacher', () => {
      spec
        .given(done)
        .when(give())
        .thenFails('course-not-completed', /^applicationId: /);
      spec
        .given([...done, notCompleted(1, 'employer')])
        .when(give())
        .thenFails('course-not-completed');
      spec
        .given([...done, completed(1)])
        .when({ ...give(), teacherId: teacher(2) })
        .thenFails('application-not-found');
    });
  });
});
