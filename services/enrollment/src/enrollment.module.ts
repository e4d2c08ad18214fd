import { Module } from '@nestjs/common';

/** The enrollment context: nothing yet but its health (issues 18 and 19 build it). */
@Module({})
export class EnrollmentModule {}
