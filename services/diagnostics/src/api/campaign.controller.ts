import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CampaignAnswer } from './diagnostics.answers';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { CampaignCommands } from '../application/campaign.commands';
import { ProfileQueries } from '../projections/profile.queries';
import { CampaignsQuery, CloseCampaignRequest, OpenCampaignRequest } from './campaign.dto';
import { REGION_ROLES } from './framework.controller';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignController {
  constructor(
    private readonly campaigns: CampaignCommands,
    private readonly queries: ProfileQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async open(@Body() body: OpenCampaignRequest, @Caller() caller: CommandContext): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.campaigns.open(body, caller));
  }

  @Post(':campaignId/close')
  @HttpCode(200)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async close(
    @Param('campaignId', EntityIdPipe) campaignId: string,
    @Body() body: CloseCampaignRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.campaigns.close({ campaignId, region: body.region }, caller));
  }

  /** The region's campaigns, newest first: a teacher looks up the monitoring it is asked to take. */
  @Get()
  @ApiOkResponse({ type: [CampaignAnswer], description: 'Newest first' })
  @Allow({ roles: REGION_ROLES, scope: 'region' })
  list(@Query() query: CampaignsQuery) {
    return this.queries.campaigns(query.region);
  }
}
