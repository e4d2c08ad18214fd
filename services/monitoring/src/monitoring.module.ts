import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { HealthModule } from '@pk/service-runtime';
import { StatisticsController } from './api/statistics.controller';
import { ReadModelModule } from './projections/read-model.module';

@Module({
  imports: [HealthModule.forService('monitoring'), AuthModule.forRoot(), ReadModelModule],
  controllers: [StatisticsController],
})
export class MonitoringModule {}
