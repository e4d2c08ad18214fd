import { Module } from '@nestjs/common';
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
import { ProfileQueries } from './projections/profile.queries';

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
