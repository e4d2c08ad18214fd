import { Controller, DynamicModule, Get, Inject, Injectable, Module, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@pk/auth';
import { HealthAnswer } from './http/kit-answers';
import { OutageClassifier } from '@pk/kernel';

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

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

@Module({})
export class HealthModule {
  static forService(name: string): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: { name, startedAt: new Date() } satisfies ServiceIdentity },
        HealthChecks,
        // The stores the service's parts depend on, each registered by the module that connects to
        // it (the event store, the read store): reactions and the scheduler ask it whether a failure
        // is an outage to wait out.
        { provide: OutageClassifier, useFactory: () => new OutageClassifier() },
      ],
      exports: [HealthChecks, OutageClassifier],
    };
  }
}
