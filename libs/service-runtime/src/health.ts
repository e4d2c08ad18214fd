import { Controller, DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { Public } from '@pk/auth';

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

export interface ServiceIdentity {
  /** Bounded context name: catalog, expertise, vouchers, enrollment, diagnostics, monitoring. */
  readonly name: string;
  readonly startedAt: Date;
}

/**
 * Liveness for the local stack runner, docker-compose and Kubernetes probes.
 * It reports the service's identity so a probe can tell a clashing process on the same port
 * from the service it expects.
 */
@Public()
@Controller('health')
class HealthController {
  constructor(@Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity) {}

  @Get()
  check() {
    return {
      status: 'ok',
      service: this.identity.name,
      uptimeSeconds: Math.round((Date.now() - this.identity.startedAt.getTime()) / 1000),
    };
  }
}

@Module({})
export class HealthModule {
  static forService(name: string): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_IDENTITY, useValue: { name, startedAt: new Date() } satisfies ServiceIdentity },
      ],
    };
  }
}
