import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { EventSourcingModule, HealthModule, runService } from '@pk/service-runtime';
import { ExpertiseModule } from './expertise.module';

@Module({
  imports: [
    HealthModule.forService('expertise'),
    AuthModule.forRoot(),
    EventSourcingModule.forContext('expertise'),
    ExpertiseModule.withReadModels(),
  ],
})
class ExpertiseService {}

runService({ name: 'expertise', module: ExpertiseService, defaultPort: 3102 });
