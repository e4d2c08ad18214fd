import { randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import type { EventEnvelope } from '@pk/contracts';
import { InMemoryEventStore } from '@pk/kernel';
import { PublishedEvents, ServiceKit } from '@pk/service-runtime';
import { publishedEvent, startServiceApi, TestClock } from '@pk/test-kit';
import { service } from '../service';
import * as given from '../../test/trajectory.fixtures';

// A trajectory keeps the school it was proposed at; who may read it follows the teacher's record.
it('lets the coordinator of the school a teacher moved to read the trajectory, and no longer the old one', async () => {
  const clock = new TestClock(new Date('2026-01-20T10:00:00Z'));
  const store = new InMemoryEventStore({ source: 'pk/diagnostics', clock });
  const api = await startServiceApi('diagnostics', [ServiceKit.inMemory(service, { store, clock })]);
  const publish = (...events: EventEnvelope[]) => api.app.get(PublishedEvents).publish(...events);
  try {
    const [oldSchool, newSchool, teacherId] = [randomUUID(), randomUUID(), randomUUID()];
    const self: Principal = { subject: teacherId, role: 'teacher', region: '63' };
    const coordinatorOf = (organization: string): Principal => ({
      subject: `coordinator-${organization}`,
      role: 'school-coordinator',
      region: '63',
      organization,
    });
    const registered = given.teacherRegistered(teacherId, oldSchool, '63');
    publish(
      given.organizationRegistered(oldSchool, '63'),
      registered,
      given.deficitFound({ teacherId, organizationId: oldSchool, region: '63' }, 'R/01', 0),
    );
    const path = `/teachers/${teacherId}/trajectories/2025`;
    expect((await api.as(self).post(`${path}/proposal`, { region: '63' })).status).toBe(201);
    expect((await api.as(self).put(path, { region: '63', drop: [], add: [] })).status).toBe(200);
    const read = async (school: string) =>
      (await api.as(coordinatorOf(school)).get(`${path}?region=63&organization=${school}`)).status;
    expect(await read(oldSchool)).toBe(200);

    publish(
      publishedEvent(
        'diagnostics.TeacherUpdated',
        { ...registered.data, organizationId: newSchool },
        { subject: `teacher-${teacherId}`, position: 5 },
      ),
    );
    expect(await read(newSchool)).toBe(200);
    expect(await read(oldSchool)).toBe(404);
  } finally {
    await api.close();
  }
});
