import { Module } from '@nestjs/common';
import { HealthModule } from '@pk/service-runtime';

@Module({ imports: [HealthModule.forService('monitoring')] })
export class MonitoringModule {}
