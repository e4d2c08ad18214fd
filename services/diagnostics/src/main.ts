import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { EventSourcingModule, HealthModule, runService } from '@pk/service-runtime';
import { DiagnosticsModule } from './diagnostics.module';
import { PRIVATE_EVENTS } from './private-events';
import { DiagnosticsReadModels } from './read-models.module';

@Module({
  imports: [
    HealthModule.forService('diagnostics'),
    AuthModule.forRoot(),
    EventSourcingModule.forContext('diagnostics', { privateEvents: PRIVATE_EVENTS }),
    DiagnosticsReadModels,
    DiagnosticsModule,
  ],
})
class DiagnosticsService {}

runService({ name: 'diagnostics', module: DiagnosticsService, defaultPort: 3105 });
