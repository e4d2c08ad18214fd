import { Module } from '@nestjs/common';
import { GroupController, TeacherApplicationsController } from './api/group.controller';
import { EnrollmentReactions } from './api/reactions.controller';
import { ApplicationQueriesController } from './api/queries.controller';
import { ApplicationQueries } from './projections/applications/applications.queries';
import { sideStore } from '@pk/service-runtime';
import { GroupCommands } from './application/group.commands';
import {
  InMemorySweepCheckpoint,
  PostgresSweepCheckpoint,
  StartupSweep,
  SweepCheckpoint,
} from './application/startup-sweep';
import {
  InMemoryTeacherApplications,
  PostgresTeacherApplications,
  TeacherApplications,
} from './application/teacher-applications';

/**
 * The enrollment context (issue 19): applications to offerings' groups, the voucher route as a
 * process with vouchers, the school's approval, group formation and the waitlist.
 */
@Module({
  controllers: [
    GroupController,
    TeacherApplicationsController,
    EnrollmentReactions,
    ApplicationQueriesController,
  ],
  providers: [
    GroupCommands,
    ApplicationQueries,
    StartupSweep,
    sideStore(SweepCheckpoint, {
      postgres: (database) => new PostgresSweepCheckpoint(database),
      inMemory: () => new InMemorySweepCheckpoint(),
    }),
    sideStore(TeacherApplications, {
      postgres: (database) => new PostgresTeacherApplications(database),
      inMemory: () => new InMemoryTeacherApplications(),
    }),
  ],
})
export class EnrollmentModule {}
