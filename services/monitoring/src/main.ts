import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { HealthModule, runService } from '@pk/service-runtime';
import { MonitoringModule } from './monitoring.module';

@Module({ imports: [HealthModule.forService('monitoring'), AuthModule.forRoot(), MonitoringModule] })
class MonitoringService {}

runService({ name: 'monitoring', module: MonitoringService, defaultPort: 3106 });
