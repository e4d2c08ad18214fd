import { Controller, DynamicModule, Get, Inject, Injectable, Module, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@pk/auth';
import { HealthAnswer, ProbeAnswer } from './http/kit-answers';
import { MetricsController, ServiceMetrics } from './metrics';
import { OutageClassifier, within } from '@pk/kernel';

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');
const STORES_READINESS = Symbol('STORES_READINESS');

/** The part of Express's response the health check sets. */
interface Response {
  status(code: number): unknown;
}

export interface ServiceIdentity {
  /** Bounded context name: catalog, expertise, vouchers, enrollment, diagnostics, monitoring. */
  readonly name: string;
  readonly startedAt: Date;
}

/** What one part of the service says of itself: "degraded" means a person should look. */
export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly [detail: string]: unknown;
}

/**
 * The parts of a service that report on their health (the relay, projections): each registers a
 * check once, and GET /health shows them all.
 */
@Injectable()
export class HealthChecks {
  private readonly checks = new Map<string, () => HealthReport>();
  private readonly readiness = new Map<string, () => Promise<string | null>>();
  private stoppingSince: Date | null = null;

  /**
   * The process was told to stop (SIGTERM, SIGINT) and is closing its consumers and connections,
   * which takes seconds: from now on /health says so, so that nothing takes a stopping process for a
   * running one (the local stack's `up` right after a restart's kill waits for it to go instead).
   */
  markStopping(): void {
    this.stoppingSince ??= new Date();
  }

  get stopping(): Date | null {
    return this.stoppingSince;
  }

  register(name: string, check: () => HealthReport): void {
    this.checks.set(name, check);
  }

  /**
   * A condition of readiness (GET /health/ready): the check answers null when met, or why not. Each
   * is bounded by READINESS_CHECK_WITHIN_MS; one that does not answer in time is not met.
   */
  requireForReadiness(name: string, check: () => Promise<string | null>): void {
    this.readiness.set(name, check);
  }

  /** Whether the service should get traffic now: every readiness condition met, and not stopping. */
  async ready(): Promise<{
    ready: boolean;
    checks: Record<string, { ready: boolean; problem: string | null }>;
  }> {
    const entries = await Promise.all(
      [...this.readiness].map(async ([name, check]) => {
        const problem = await answerWithin(check);
        return [name, { ready: problem === null, problem }] as const;
      }),
    );
    const checks = Object.fromEntries(entries);
    if (this.stoppingSince)
      checks['stopping'] = { ready: false, problem: `stopping since ${this.stoppingSince.toISOString()}` };
    return { ready: Object.values(checks).every((check) => check.ready), checks };
  }

  report(): { status: 'ok' | 'degraded'; checks: Record<string, HealthReport> } {
    const checks = Object.fromEntries([...this.checks].map(([name, check]) => [name, check()]));
    const degraded = Object.values(checks).some((check) => check.status !== 'ok');
    return { status: degraded ? 'degraded' : 'ok', checks };
  }
}

/**
 * Liveness and health for the local stack runner, docker-compose, Kubernetes probes and people.
 * It answers 200 while the process serves (a degraded part is no reason to restart it), names the
 * service so a probe can tell a clashing process on the same port from the one it expects, and
 * says "degraded" with the details when a part needs a person (an event the relay parked).
 */
@ApiTags('operations')
@Public()
@Controller('health')
class HealthController {
  constructor(
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly checks: HealthChecks,
  ) {}

  @Get()
  @ApiOkResponse({
    type: HealthAnswer,
    description: 'Always 200 while the process serves; `status` says whether a part needs a person',
  })
  @ApiResponse({
    status: 503,
    type: HealthAnswer,
    description: '`status: "stopping"`: the process was told to stop and is closing (`stoppingSince`)',
  })
  check(@Res({ passthrough: true }) response: Response) {
    const service = this.identity.name;
    const uptimeSeconds = Math.round((Date.now() - this.identity.startedAt.getTime()) / 1000);
    const stoppingSince = this.checks.stopping;
    if (stoppingSince !== null) {
      response.status(503);
      return {
        status: 'stopping' as const,
        service,
        uptimeSeconds,
        stoppingSince: stoppingSince.toISOString(),
        checks: {},
      };
    }
    return { ...this.checks.report(), service, uptimeSeconds };
  }
}

/** How long a readiness condition may take (a store's probe, the broker's offsets) before it counts as not met. */
export const READINESS_CHECK_WITHIN_MS = 3_000;

function answerWithin(check: () => Promise<string | null>): Promise<string | null> {
  return within(
    check().catch((error: unknown) => `failed: ${String(error)}`),
    READINESS_CHECK_WITHIN_MS,
    `no answer within ${READINESS_CHECK_WITHIN_MS / 1000} s`,
  );
}

/**
 * Kubernetes' probes, apart: liveness says the process serves (restart it only when it does not),
 * readiness says it should get traffic now (its stores and broker answer, its read models are not
 * too far behind). GET /health keeps its answer for the local stack and people.
 */
@ApiTags('operations')
@Public()
@Controller('health')
class ProbesController {
  constructor(private readonly checks: HealthChecks) {}

  @Get('live')
  @ApiOkResponse({ type: ProbeAnswer, description: 'The process serves' })
  @ApiResponse({ status: 503, type: ProbeAnswer, description: 'The process was told to stop and is closing' })
  live(@Res({ passthrough: true }) response: Response) {
    const stoppingSince = this.checks.stopping;
    if (stoppingSince === null) return { status: 'live' as const, checks: {} };
    response.status(503);
    return { status: 'stopping' as const, stoppingSince: stoppingSince.toISOString(), checks: {} };
  }

  @Get('ready')
  @ApiOkResponse({ type: ProbeAnswer, description: 'Every condition met: send it traffic' })
  @ApiResponse({
    status: 503,
    type: ProbeAnswer,
    description: 'A condition not met: `checks` says which and why',
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const { ready, checks } = await this.checks.ready();
    if (!ready) response.status(503);
    return { status: ready ? ('ready' as const) : ('not-ready' as const), checks };
  }
}

@Module({})
export class HealthModule {
  static forService(name: string): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController, ProbesController, MetricsController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: { name, startedAt: new Date() } satisfies ServiceIdentity },
        HealthChecks,
        // The stores the service's parts depend on, each registered by the module that connects to
        // it (the event store, the read store): reactions and the scheduler ask it whether a failure
        // is an outage to wait out.
        { provide: OutageClassifier, useFactory: () => new OutageClassifier() },
        { provide: ServiceMetrics, useFactory: () => new ServiceMetrics(name) },
        {
          // the stores registered as the service connected (event store, read store) must answer
          provide: STORES_READINESS,
          inject: [HealthChecks, OutageClassifier],
          useFactory: (checks: HealthChecks, outages: OutageClassifier) =>
            checks.requireForReadiness('stores', async () => {
              const silent = await outages.silent();
              return silent.length === 0 ? null : `not answering: ${silent.join(', ')}`;
            }),
        },
      ],
      exports: [HealthChecks, OutageClassifier, ServiceMetrics],
    };
  }
}
