import { Body, Controller, Injectable, Module, Param, Post } from '@nestjs/common';
import { Public } from '@pk/auth';
import {
  type CommandHandler,
  type Decider,
  defineAggregate,
  DomainError,
  type DomainEvent,
  type EventRelay,
  InMemorySchedule,
  type SubscriptionStatus,
} from '@pk/kernel';
import { startServiceApi, TestClock, until } from '@pk/test-kit';
import { EventSourcingModule } from './event-sourcing/event-sourcing.module';
import { EventSourcing } from './event-sourcing/event-sourcing.service';
import { HealthChecks } from './health';
import { OVERDUE_AFTER_MS, ServiceMetrics } from './metrics';
import { readModelsBehind } from './read-models/readiness';

// A seat counter that refuses a sixth seat: one decided and one refused verdict to count.
type TakeSeat = { type: 'TakeSeat' };
type SeatTaken = DomainEvent<'spec.SeatTaken', { seat: number }>;
const group: Decider<number, TakeSeat, SeatTaken> = {
  initialState: 0,
  decide: (_command, seats) => {
    if (seats >= 1) throw new DomainError('group-full', 'в группе нет мест');
    return [{ type: 'spec.SeatTaken', data: { seat: seats + 1 } }];
  },
  evolve: (seats) => seats + 1,
};
const seats = defineAggregate({ name: 'group', ...group });

@Injectable()
class Seats {
  readonly handler: CommandHandler<number, TakeSeat, SeatTaken>;
  constructor(eventSourcing: EventSourcing) {
    this.handler = eventSourcing.handler(seats);
  }
}

@Public()
@Controller('groups')
class SeatsController {
  constructor(private readonly seats: Seats) {}

  @Post(':groupId/seats')
  async take(@Param('groupId') groupId: string, @Body() _body: unknown) {
    try {
      await this.seats.handler.handle(
        seats.streamId(groupId),
        { type: 'TakeSeat' },
        {
          actor: { id: 'system:spec', role: 'system' },
          correlationId: 'c',
        },
      );
      return { taken: true };
    } catch (error) {
      if (error instanceof DomainError) return { taken: false, code: error.code };
      throw error;
    }
  }
}

@Module({ controllers: [SeatsController], providers: [Seats] })
class SeatsModule {}

/**
 * The value of one series in Prometheus' text format, or undefined when absent: `name{a="1",b="2"}`
 * matches a line of that name with those labels in any order (and no others).
 */
function valueOf(text: string | undefined, series: string): number | undefined {
  const labelsOf = (body: string) => new Set(body.match(/\w+="[^"]*"/g) ?? []);
  const [, name, body = ''] = /^(\w+)(?:\{(.*)\})?$/.exec(series) ?? [];
  const wanted = labelsOf(body);
  for (const line of (text ?? '').split('\n')) {
    const [, lineName, lineBody = '', value] = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line) ?? [];
    if (lineName !== name) continue;
    const labels = labelsOf(lineBody);
    if (labels.size === wanted.size && [...wanted].every((label) => labels.has(label))) return Number(value);
  }
  return undefined;
}

function consumer(lag: number | null, partitions: [string, number, number][] = []): SubscriptionStatus {
  return {
    groupId: 'catalog.reactions',
    state: 'running',
    since: new Date(0).toISOString(),
    restarts: 2,
    lastError: null,
    lastCommittedAt: null,
    waitingForOutageSince: null,
    lag,
    partitionLag: partitions.map(([topic, partition, behind]) => ({ topic, partition, lag: behind })),
    lagMeasuredAt: null,
    stalledSince: null,
    healthy: true,
    problem: null,
  };
}

describe('GET /metrics', () => {
  it('counts requests by route template and status, and commands by verdict and refusal code', async () => {
    const lines: string[] = [];
    const api = await startServiceApi(
      'catalog',
      [EventSourcingModule.inMemory('catalog', { privateEvents: ['spec.SeatTaken'] }), SeatsModule],
      { log: { write: (line: string) => void lines.push(line) } },
    );
    try {
      expect((await api.anonymous.post('/groups/g-1/seats', {})).body).toEqual({ taken: true });
      expect((await api.anonymous.post('/groups/g-1/seats', {})).body).toEqual({
        taken: false,
        code: 'group-full',
      });
      expect((await api.anonymous.post('/groups/g-2/seats', {})).body).toEqual({ taken: true });
      expect((await api.anonymous.get('/no/such/path')).status).toBe(404);

      const scrape = await api.anonymous.get('/metrics');
      expect(scrape.status).toBe(200);
      expect(scrape.contentType).toMatch(/^text\/plain/);
      const text = scrape.text;
      // ids never become labels: both groups count under the route's template
      expect(
        valueOf(
          text,
          'pk_http_request_duration_seconds_count{method="POST",route="/groups/:groupId/seats",status="201",service="catalog"}',
        ),
      ).toBe(3);
      expect(
        valueOf(
          text,
          'pk_http_request_duration_seconds_count{method="GET",route="unmatched",status="404",service="catalog"}',
        ),
      ).toBe(1);
      expect(
        valueOf(
          text,
          'pk_commands_total{aggregate="group",command="TakeSeat",verdict="decided",code="",service="catalog"}',
        ),
      ).toBe(2);
      expect(
        valueOf(
          text,
          'pk_commands_total{aggregate="group",command="TakeSeat",verdict="refused",code="group-full",service="catalog"}',
        ),
      ).toBe(1);
      expect(
        valueOf(text, 'pk_event_store_append_duration_seconds_count{aggregate="group",service="catalog"}'),
      ).toBe(2);
      // the process's own series beside the service's (the event-loop lag an alert watches)
      expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds\{service="\w+"\} /m);
      // no relay in memory: no relay series that would look like a healthy one
      expect(text).not.toContain('pk_relay_backlog_events');
      // scrapes every few seconds stay out of the log, as health probes do; requests do not (a
      // request after the scrape: its line is written once the scrape's would have been)
      await api.anonymous.post('/groups/g-3/seats', {});
      await until(async () => lines.some((line) => line.includes('POST /groups/g-3/seats')), 'the last line');
      expect(lines.filter((line) => line.includes('GET /metrics'))).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('reads the relay, consumers, projections, the schedule and imports as they report themselves', async () => {
    const metrics = new ServiceMetrics('monitoring');
    metrics.watchRelay({
      backlog: async () => 42,
      progress: { relayed: 7, parked: 1, leading: true, interruptedSince: null },
    } as unknown as EventRelay);
    const clock = new TestClock(new Date('2026-12-04T10:00:00Z'));
    const schedule = new InMemorySchedule();
    const entry = (id: string, dueAt: Date) => ({
      id,
      dueAt,
      aggregate: 'group',
      streamId: `group-${id}`,
      command: { type: 'TakeSeat' },
      context: { actor: { id: 'system:spec', role: 'system' }, correlationId: 'c', idempotencyKey: id },
    });
    await schedule.add(entry('a', new Date(clock.now().getTime() - OVERDUE_AFTER_MS - 1)));
    await schedule.add(entry('b', new Date(clock.now().getTime() - 1_000)));
    await schedule.add(entry('c', new Date(clock.now().getTime() + 1_000)));
    metrics.watchSchedule(schedule, clock);
    metrics.watchConsumer({ part: 'reactions', status: () => consumer(5, [['pk.catalog.events.v1', 3, 5]]) });
    metrics.watchProjection({
      name: 'catalog-statistics',
      generation: 2,
      progress: () => ({
        generation: 3,
        state: 'rebuilding',
        processed: 250,
        total: 1000,
        percent: 25,
        eventsPerSecond: 100,
        startedAt: clock.now().toISOString(),
        requestedBy: { id: 'ops', role: 'platform-operator' },
      }),
      consumer: () => consumer(12),
    });
    metrics.watchImports(() => ({
      running: [{ kind: 'teachers', processed: 300, totalRows: 600 }],
      ended: new Map([['teachers', new Map([['finished' as const, 2]])]]),
    }));

    const text = await metrics.scrape();
    expect(valueOf(text, 'pk_relay_backlog_events{service="monitoring"}')).toBe(42);
    expect(valueOf(text, 'pk_relay_parked_events{service="monitoring"}')).toBe(1);
    expect(valueOf(text, 'pk_relay_leading{service="monitoring"}')).toBe(1);
    expect(valueOf(text, 'pk_scheduled_commands{state="due",service="monitoring"}')).toBe(2);
    expect(valueOf(text, 'pk_scheduled_commands{state="overdue",service="monitoring"}')).toBe(1);
    expect(
      valueOf(
        text,
        'pk_consumer_lag_messages{part="reactions",group="catalog.reactions",topic="pk.catalog.events.v1",partition="3",service="monitoring"}',
      ),
    ).toBe(5);
    expect(
      valueOf(text, 'pk_consumer_restarts{part="reactions",group="catalog.reactions",service="monitoring"}'),
    ).toBe(2);
    expect(
      valueOf(text, 'pk_projection_lag_messages{projection="catalog-statistics",service="monitoring"}'),
    ).toBe(12);
    expect(
      valueOf(
        text,
        'pk_projection_rebuild_progress_ratio{projection="catalog-statistics",state="rebuilding",service="monitoring"}',
      ),
    ).toBe(0.25);
    expect(valueOf(text, 'pk_import_rows_processed{kind="teachers",service="monitoring"}')).toBe(300);
    expect(valueOf(text, 'pk_imports_ended{kind="teachers",outcome="finished",service="monitoring"}')).toBe(
      2,
    );
  });
});

describe('GET /health/live and /health/ready', () => {
  it('is ready only while every condition holds, says which failed, and is neither once stopping', async () => {
    const api = await startServiceApi('catalog', []);
    try {
      const checks = api.app.get(HealthChecks);
      let brokerAway = false;
      checks.requireForReadiness('broker', async () => (brokerAway ? 'the broker does not answer' : null));

      expect((await api.anonymous.get('/health/live')).status).toBe(200);
      const ready = await api.anonymous.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ready',
        checks: { stores: { ready: true }, broker: { ready: true } },
      });

      brokerAway = true;
      const notReady = await api.anonymous.get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({
        status: 'not-ready',
        checks: { broker: { ready: false, problem: 'the broker does not answer' }, stores: { ready: true } },
      });
      // a part that is not ready is no reason to restart the process
      expect((await api.anonymous.get('/health/live')).status).toBe(200);
      expect((await api.anonymous.get('/health')).status).toBe(200);

      brokerAway = false;
      checks.markStopping();
      expect((await api.anonymous.get('/health/live')).status).toBe(503);
      expect((await api.anonymous.get('/health/ready')).body).toMatchObject({
        status: 'not-ready',
        checks: { stopping: { ready: false } },
      });
    } finally {
      await api.close();
    }
  });

  it('holds readiness back while a read model lags beyond the bound, not before it was measured', () => {
    const readModel = (name: string, lag: number | null) => ({ name, health: { consumer: consumer(lag) } });
    expect(
      readModelsBehind([readModel('register', 10_000), readModel('statistics', null)], 10_000),
    ).toBeNull();
    expect(readModelsBehind([readModel('register', 10_001), readModel('statistics', 3)], 10_000)).toBe(
      'register: 10001 messages behind (more than 10000)',
    );
    expect(readModelsBehind([readModel('register', 10_001)], 0)).toBeNull();
  });
});
