import { Module } from '@nestjs/common';
import type { ProjectionDefinition } from '@pk/projections';
import { AttemptController } from './api/attempt.controller';
import { BurnoutController } from './api/burnout.controller';
import { CampaignController } from './api/campaign.controller';
import { DeficitController } from './api/deficit.controller';
import { ExternalResultController } from './api/external-result.controller';
import { FrameworkController } from './api/framework.controller';
import { ProfileController } from './api/profile.controller';
import { AttemptCommands } from './application/attempt.commands';
import { CampaignCommands } from './application/campaign.commands';
import { ExternalResultCommands } from './application/external-result.commands';
import { ProfileCommands } from './application/profile.commands';
import { PROFILE_PRIVATE_EVENTS } from './domain/profile.decider';
import { teacherProfiles } from './projections/profile.projection';
import { ProfileQueries } from './projections/profile.queries';

/** Read models of this part, run by the service's one ReadModelModule (read-models.module.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ASSESSMENT_PROJECTIONS: readonly ProjectionDefinition<any, any>[] = [teacherProfiles];

/**
 * Private event types this part stores (never published): the profile's record of its evidence.
 * They must be among the service's declared private events (private-events.ts).
 */
export const ASSESSMENT_PRIVATE_EVENTS: readonly string[] = PROFILE_PRIVATE_EVENTS;

/**
 * Assessment: the competency framework and instruments, campaigns, attempts, outside results, the
 * teacher's profile with its deficits, and the deficit maps. Burnout screening is private to the
 * teacher and the ministry.
 */
@Module({
  controllers: [
    FrameworkController,
    CampaignController,
    AttemptController,
    BurnoutController,
    ExternalResultController,
    ProfileController,
    DeficitController,
  ],
  providers: [AttemptCommands, CampaignCommands, ExternalResultCommands, ProfileCommands, ProfileQueries],
})
export class AssessmentModule {}
