import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { HealthModule } from '@pk/service-runtime';

@Module({ imports: [HealthModule.forService('enrollment'), AuthModule.forRoot()] })
export class EnrollmentModule {}
