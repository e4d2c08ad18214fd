import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { HealthModule } from '@pk/service-runtime';

@Module({ imports: [HealthModule.forService('expertise'), AuthModule.forRoot()] })
export class ExpertiseModule {}
