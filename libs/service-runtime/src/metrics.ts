import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@pk/auth';
import {
  type Clock,
  type CommandObserver,
  type CommandVerdict,
  type EventRelay,
  type RelayProgress,
  type Schedule,
  type SubscriptionStatus,
  within,
} from '@pk/kernel';
import type { RebuildProgress } from '@pk/projections';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a request, a command or a part reports for metrics; scraped values are read, never kept twice. */
export interface ConsumerSource {
  /** `reactions` or `projection:<name>`: what the consumer feeds. */
  readonly part: string;
  status(): SubscriptionStatus | null;
}

export interface ProjectionSource {
  readonly name: string;
  readonly generation: number;
  progress(): RebuildProgress | undefined;
  consumer(): SubscriptionStatus | null;
}

export interface ImportActivity {
  readonly running: readonly {
    readonly kind: string;
    readonly processed: number;
    readonly totalRows: number;
  }[];
  /** Imports this process ended since it started, by kind and how they ended. */
  readonly ended: ReadonlyMap<string, ReadonlyMap<'finished' | 'interrupted', number>>;
}

/** A scheduled command due this long ago and still not fired counts as overdue. */
export const OVERDUE_AFTER_MS = 60_000;

/** A scrape waits at most this long for a count the database makes (relay backlog, due commands). */
const COUNT_WITHIN_MS = 2_000;

/**
 * The service's Prometheus registry: every series is prefixed `pk_` and labelled with the service.
 * The parts that already measure themselves for /health (relay, consumers, projections, scheduler,
 * imports) are registered as sources and read at scrape time; HTTP requests and commands are
 * counted as they happen. The kernel and the adapters know nothing of Prometheus.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly process: Registry;
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly commands: Counter<'aggregate' | 'command' | 'verdict' | 'code'>;
  private readonly appends: Histogram<'aggregate'>;
  private relay: EventRelay | undefined;
  private schedule: { schedule: Schedule; clock: Clock } | undefined;
  private readonly consumers = new Map<string, ConsumerSource>();
  private readonly projections = new Map<string, ProjectionSource>();
  private imports: (() => ImportActivity) | undefined;

  constructor(service: string) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    this.process = processMetricsOf(service);
    this.http = new Histogram({
      name: 'pk_http_request_duration_seconds',
      help: 'HTTP requests by route template and status, and how long each took to answer',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.commands = new Counter({
      name: 'pk_commands_total',
      help: 'Commands ended, by aggregate, command and verdict (decided, unchanged, refused, conflict, failed); code: the refusal code',
      labelNames: ['aggregate', 'command', 'verdict', 'code'],
      registers,
    });
    this.appends = new Histogram({
      name: 'pk_event_store_append_duration_seconds',
      help: 'Appends to the event store, by aggregate: time from the INSERT sent to its answer',
      labelNames: ['aggregate'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.scheduleMetrics(registers);
    this.consumerMetrics(registers);
    this.projectionMetrics(registers);
    this.importMetrics(registers);
  }

  /** One HTTP request answered: `route` is the route's template (`/programs/:id`), never the path. */
  requestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  /** What a command handler of `aggregate` tells (CommandHandler's observer). */
  commandsOf(aggregate: string): CommandObserver {
    return {
      handled: (command: string, verdict: CommandVerdict, code: string | null) =>
        this.commands.inc({ aggregate, command, verdict, code: code ?? '' }),
      appended: (seconds: number) => this.appends.observe({ aggregate }, seconds),
    };
  }

  /** A service without a write side has no relay series at all (rather than zeros that look healthy). */
  watchRelay(relay: EventRelay): void {
    if (!this.relay) this.relayMetrics([this.registry]);
    this.relay = relay;
  }

  watchSchedule(schedule: Schedule, clock: Clock): void {
    this.schedule = { schedule, clock };
  }

  watchConsumer(source: ConsumerSource): void {
    this.consumers.set(source.part, source);
  }

  watchProjection(source: ProjectionSource): void {
    this.projections.set(source.name, source);
    this.watchConsumer({ part: `projection:${source.name}`, status: () => source.consumer() });
  }

  watchImports(activity: () => ImportActivity): void {
    this.imports = activity;
  }

  /** The text Prometheus scrapes: the process's series, then the service's. */
  async scrape(): Promise<string> {
    return `${await this.process.metrics()}${await this.registry.metrics()}`;
  }

  private relayMetrics(registers: Registry[]): void {
    const progress = (read: (progress: RelayProgress) => number) =>
      function (this: Gauge) {
        const relay = self.relay;
        this.reset();
        if (relay) this.set(read(relay.progress));
      };
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the gauges' collect runs with the gauge as this
    const self = this;
    new Gauge({
      name: 'pk_relay_backlog_events',
      help: 'Events stored and not yet acknowledged by the broker (counted up to 100 000)',
      registers,
      async collect() {
        this.reset();
        const backlog = await countWithin(self.relay?.backlog() ?? Promise.resolve(null));
        if (backlog !== null) this.set(backlog);
      },
    });
    new Gauge({
      name: 'pk_relay_parked_events',
      help: 'Events the relay could not publish and parked: each needs a person',
      registers,
      collect: progress((p) => p.parked),
    });
    new Gauge({
      name: 'pk_relay_leading',
      help: '1 on the replica that relays (one per service), 0 on the others',
      registers,
      collect: progress((p) => (p.leading ? 1 : 0)),
    });
    new Gauge({
      name: 'pk_relay_interrupted',
      help: '1 while the relay is interrupted (broker or event store away) and retrying',
      registers,
      collect: progress((p) => (p.interruptedSince ? 1 : 0)),
    });
    new Gauge({
      name: 'pk_relay_published_events',
      help: 'Events this replica has relayed since it started (rate() of it: the relay throughput)',
      registers,
      collect: progress((p) => p.relayed),
    });
  }

  private scheduleMetrics(registers: Registry[]): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the gauge's collect runs with the gauge as this
    const self = this;
    new Gauge({
      name: 'pk_scheduled_commands',
      help: 'Scheduled commands not yet fired whose time has come: state="due" all of them, state="overdue" those due for over a minute',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        if (!self.schedule) return;
        const { schedule, clock } = self.schedule;
        const now = clock.now();
        const counts = await countWithin(schedule.dueCounts(now, new Date(now.getTime() - OVERDUE_AFTER_MS)));
        if (counts === null) return;
        this.set({ state: 'due' }, counts.due);
        this.set({ state: 'overdue' }, counts.overdue);
      },
    });
  }

  private consumerMetrics(registers: Registry[]): void {
    const statuses = () =>
      [...this.consumers.values()].flatMap((source) => {
        const status = source.status();
        return status ? [{ part: source.part, status }] : [];
      });
    new Gauge({
      name: 'pk_consumer_lag_messages',
      help: 'Messages published and not yet committed by the consumer group, per topic and partition (measured every 10 s)',
      labelNames: ['part', 'group', 'topic', 'partition'],
      registers,
      collect() {
        this.reset();
        for (const { part, status } of statuses()) {
          for (const { topic, partition, lag } of status.partitionLag ?? []) {
            this.set({ part, group: status.groupId, topic, partition: String(partition) }, lag);
          }
        }
      },
    });
    new Gauge({
      name: 'pk_consumer_healthy',
      help: '1 while the consumer runs and progresses; 0 while it restarts, is stalled or waits out an outage',
      labelNames: ['part', 'group'],
      registers,
      collect() {
        this.reset();
        for (const { part, status } of statuses())
          this.set({ part, group: status.groupId }, status.healthy ? 1 : 0);
      },
    });
    new Gauge({
      name: 'pk_consumer_restarts',
      help: 'Fresh consumers started after crashes since the process started',
      labelNames: ['part', 'group'],
      registers,
      collect() {
        this.reset();
        for (const { part, status } of statuses()) this.set({ part, group: status.groupId }, status.restarts);
      },
    });
  }

  private projectionMetrics(registers: Registry[]): void {
    const projections = () => [...this.projections.values()];
    new Gauge({
      name: 'pk_projection_lag_messages',
      help: "Messages the read model's live generation has not applied yet (its consumer group's lag, measured every 10 s)",
      labelNames: ['projection'],
      registers,
      collect() {
        this.reset();
        for (const projection of projections()) {
          const lag = projection.consumer()?.lag;
          if (lag !== null && lag !== undefined) this.set({ projection: projection.name }, lag);
        }
      },
    });
    new Gauge({
      name: 'pk_projection_generation',
      help: 'The generation of the read model that serves reads',
      labelNames: ['projection'],
      registers,
      collect() {
        this.reset();
        for (const projection of projections())
          this.set({ projection: projection.name }, projection.generation);
      },
    });
    new Gauge({
      name: 'pk_projection_rebuild_progress_ratio',
      help: 'The last rebuild since the process started: processed of total (0…1), by its state (rebuilding, swapped, failed)',
      labelNames: ['projection', 'state'],
      registers,
      collect() {
        this.reset();
        for (const projection of projections()) {
          const rebuild = projection.progress();
          if (!rebuild) continue;
          const ratio =
            rebuild.total > 0 ? rebuild.processed / rebuild.total : rebuild.state === 'swapped' ? 1 : 0;
          this.set({ projection: projection.name, state: rebuild.state }, ratio);
        }
      },
    });
  }

  private importMetrics(registers: Registry[]): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the gauges' collect runs with the gauge as this
    const self = this;
    const running = (read: (entry: ImportActivity['running'][number]) => number) =>
      function (this: Gauge<'kind'>) {
        this.reset();
        for (const entry of self.imports?.().running ?? []) this.inc({ kind: entry.kind }, read(entry));
      };
    new Gauge({
      name: 'pk_imports_running',
      help: 'CSV imports this replica runs now, by kind',
      labelNames: ['kind'],
      registers,
      collect: running(() => 1),
    });
    new Gauge({
      name: 'pk_import_rows_processed',
      help: 'Rows processed of the imports running now, by kind (of pk_import_rows)',
      labelNames: ['kind'],
      registers,
      collect: running((entry) => entry.processed),
    });
    new Gauge({
      name: 'pk_import_rows',
      help: 'Rows in the files of the imports running now, by kind',
      labelNames: ['kind'],
      registers,
      collect: running((entry) => entry.totalRows),
    });
    new Gauge({
      name: 'pk_imports_ended',
      help: 'Imports this replica ended since it started, by kind and outcome (finished, interrupted)',
      labelNames: ['kind', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const [kind, outcomes] of self.imports?.().ended ?? []) {
          for (const [outcome, count] of outcomes) this.set({ kind, outcome }, count);
        }
      },
    });
  }
}

/** The parts of Express's request and response the HTTP metrics read. */
interface Exchange {
  readonly method: string;
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}
interface Answer {
  readonly statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Times every request to its answer, labelled with the route's template once routing matched it
 * (`/programs/:programId`), so ids never become labels; a path no route matches is `unmatched`.
 */
export function httpMetrics(metrics: ServiceMetrics) {
  return (request: Exchange, response: Answer, next: () => void): void => {
    const started = performance.now();
    let done = false;
    const answered = () => {
      if (done) return;
      done = true;
      const path = request.route?.path;
      // Nest answers 404 from a catch-all route: a path it matched is no route of the service
      const route =
        typeof path === 'string' && !path.includes('{*') && path !== '*'
          ? `${request.baseUrl ?? ''}${path}`
          : 'unmatched';
      metrics.requestAnswered(
        request.method,
        route,
        response.statusCode,
        (performance.now() - started) / 1000,
      );
    };
    response.once('finish', answered);
    response.once('close', answered);
    next();
  };
}

let processRegistry: Registry | undefined;

/**
 * prom-client's process and Node.js series (CPU, memory, event-loop lag, GC), once per process: each
 * collector starts observers that never stop, and specs start many services in one process.
 */
function processMetricsOf(service: string): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    processRegistry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A count, or null when the database does not answer in time (the series is left out of the scrape). */
function countWithin<T>(work: Promise<T>): Promise<T | null> {
  return within(
    work.catch(() => null),
    COUNT_WITHIN_MS,
    null,
  );
}

/** Prometheus scrapes it; no token, like /health (put it behind the cluster's network policy). */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ type: String, description: 'Prometheus text format: the pk_ series of this replica' })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
