import { Module } from '@nestjs/common';
import { AuthModule } from '@pk/auth';
import { HealthModule } from '@pk/service-runtime';

@Module({ imports: [HealthModule.forService('vouchers'), AuthModule.forRoot()] })
export class VouchersModule {}
