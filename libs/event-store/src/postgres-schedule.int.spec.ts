import { randomUUID } from 'node:crypto';
import { serverEndpoints, uniqueName } from '@pk/test-kit';
import { Pool } from 'pg';
import { PostgresSchedule } from './postgres-schedule';

describe('PostgreSQL schedule (integration)', () => {
  const pool = new Pool({ connectionString: serverEndpoints().databaseUrl, max: 2 });
  afterAll(() => pool.end());
  const entry = (dueAt: string) => ({
    id: randomUUID(),
    dueAt: new Date(dueAt),
    aggregate: 'offering',
    streamId: 'offering-1',
    command: { type: 'CloseEnrollment' },
    context: { actor: { id: 'system:catalog', role: 'system' }, correlationId: 'c', idempotencyKey: 'k' },
  });

  it('keeps entries across instances, once per id, and lists what is due and what still waits', async () => {
    const schema = uniqueName('sched').replace(/-/g, '_');
    const late = entry('2026-10-01T00:00:00Z');
    const early = entry('2026-09-01T00:00:00Z');
    await new PostgresSchedule(pool, schema).add(late);
    const schedule = new PostgresSchedule(pool, schema); // as after a restart
    await schedule.add(early);
    await schedule.add({ ...early, dueAt: new Date('2030-01-01T00:00:00Z') }); // the same cause again
    expect((await schedule.pending()).map((e) => e.id)).toEqual([early.id, late.id]);
    expect(await schedule.due(new Date('2026-09-15T00:00:00Z'), 10)).toEqual([early]);
    await schedule.fired({
      ...early,
      firedAt: new Date('2026-09-15T00:00:01Z'),
      outcome: 'decided',
      note: null,
    });
    expect(await schedule.due(new Date('2026-12-01T00:00:00Z'), 10)).toEqual([late]);
    // fired ones are no longer due; of the rest, those due before the second time are overdue
    expect(
      await schedule.dueCounts(new Date('2026-12-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z')),
    ).toEqual({
      due: 1,
      overdue: 1,
    });
    expect(
      await schedule.dueCounts(new Date('2026-12-01T00:00:00Z'), new Date('2026-09-30T00:00:00Z')),
    ).toEqual({
      due: 1,
      overdue: 0,
    });
    const { rows } = await pool.query(`select outcome from ${schema}.scheduled_commands where id = $1`, [
      early.id,
    ]);
    expect(rows).toEqual([{ outcome: 'decided' }]);
  });
});
