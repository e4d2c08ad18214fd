import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { type NewEvent, type Schedule, Scheduler } from '@pk/kernel';
import { SCHEDULE } from '@pk/service-runtime';
import { type InMemoryService, startInMemoryService, TestClock } from '@pk/test-kit';
import { ids, offeringOpened } from '../../test/group.fixtures';
import { EnrollmentReactions } from '../api/reactions.controller';
import { service } from '../service';
import { StartupSweep } from './startup-sweep';

// The start-up sweep on the in-memory kit: applications appended as a decision would append them,
// but without the hook that schedules their deadlines and indexes them (the process stopped in
// between). The sweep puts back the lost deadline and index row, once; the deadline then fires.

const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };

describe('the start-up sweep (in memory)', () => {
  let api: InMemoryService;
  let clock: TestClock;

  beforeAll(async () => {
    clock = new TestClock(new Date('2026-09-01T09:00:00Z'));
    api = await startInMemoryService(service, { clock });
  });
  afterAll(() => api.close());

  const event = (type: string, data: object): NewEvent => ({
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    actor: { id: 'system:enrollment', role: 'system' },
    correlationId: randomUUID(),
    causationId: null,
  });
  const lapsesPending = async (applicationId: string) =>
    (await api.app.get<symbol, Schedule>(SCHEDULE).pending()).filter(
      (e) =>
        e.command.type === 'LapseApproval' &&
        (e.command as unknown as { applicationId: string }).applicationId === applicationId,
    );

  it('schedules the lost approval deadline and index row of an application still awaiting its school, once', async () => {
    const opened = offeringOpened({ capacity: 2 });
    const { offeringId } = opened.data;
    await api.app.get(EnrollmentReactions).onOfferingOpened(opened);
    const [lost, answered] = [randomUUID(), randomUUID()];
    const [lostTeacher, answeredTeacher] = [randomUUID(), randomUUID()];
    const submitted = (applicationId: string, teacherId: string) =>
      event('enrollment.ApplicationSubmitted', {
        applicationId,
        offeringId,
        teacherId,
        organizationId: ids.school,
        region: '63',
        route: 'employer',
        place: 'seat',
        submittedAt: '2026-09-01T09:00:00.000Z',
        approvalDueBy: '2026-09-06T09:00:00.000Z',
      });
    // appended as the decisions would, the hook never run: no deadline, no index row
    const stream = `group-${offeringId}`;
    const { length } = await api.store.readStream(stream);
    await api.store.append(
      stream,
      [
        submitted(lost, lostTeacher),
        submitted(answered, answeredTeacher),
        event('enrollment.ApplicationApproved', { applicationId: answered, offeringId }),
        event('enrollment.EnrollmentConfirmed', {
          applicationId: answered,
          teacherId: answeredTeacher,
          region: '63',
          organizationId: ids.school,
          offeringId,
          programId: ids.program,
          providerId: ids.provider,
          route: 'employer',
        }),
      ],
      length - 1,
    );
    expect(await lapsesPending(lost)).toHaveLength(0);
    const listed = async (teacherId: string) =>
      (await api.as(admin).get(`/teachers/${teacherId}/applications`)).body['applications'];
    expect(await listed(lostTeacher)).toEqual([]);

    const sweep = api.app.get(StartupSweep);
    expect(await sweep.sweep()).toMatchObject({ approvalDeadlines: 1, blockDeadlines: 0, indexed: 2 });
    expect(await lapsesPending(lost)).toMatchObject([{ dueAt: new Date('2026-09-06T09:00:00.000Z') }]);
    expect(await lapsesPending(answered)).toHaveLength(0); // answered in time: nothing to keep
    expect(await listed(lostTeacher)).toMatchObject([{ applicationId: lost, status: 'awaiting-approval' }]);
    expect(await listed(answeredTeacher)).toMatchObject([{ applicationId: answered, status: 'confirmed' }]);

    // the next start goes on from where this one stopped: nothing read twice, nothing scheduled twice
    expect(await sweep.sweep()).toEqual({
      eventsRead: 0,
      approvalDeadlines: 0,
      blockDeadlines: 0,
      indexed: 0,
    });
    expect(await lapsesPending(lost)).toHaveLength(1);

    // and the deadline kept fires as the hook's would have
    clock.advance(6 * 86_400_000);
    await api.app.get(Scheduler).fireDue();
    expect((await api.as(admin).get(`/offerings/${offeringId}/applications/${lost}`)).body).toMatchObject({
      status: 'lapsed',
      closed: { code: 'approval-lapsed' },
    });
  });
});
