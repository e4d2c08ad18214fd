import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ExpertQueueAnswer } from './expertise.answers';
import { Allow, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { ExpertCommands } from '../application/expert.commands';
import { type QueueItem, ReviewBoard } from '../projections/review-board/review-board.queries';
import { ownExpertRecord } from './access';
import { ExpertStatusRequest, RegionQuery, RegisterExpertRequest } from './expert.dto';

@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class ExpertController {
  constructor(
    private readonly experts: ExpertCommands,
    private readonly board: ReviewBoard,
  ) {}

  @Post()
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async register(
    @Body() body: RegisterExpertRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.experts.register(body, caller));
  }

  @Post(':expertId/deactivate')
  @HttpCode(200)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async deactivate(
    @Param('expertId', EntityIdPipe) expertId: string,
    @Body() body: ExpertStatusRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.experts.deactivate({ expertId, region: body.region }, caller));
  }

  @Post(':expertId/reactivate')
  @HttpCode(200)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async reactivate(
    @Param('expertId', EntityIdPipe) expertId: string,
    @Body() body: ExpertStatusRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.experts.reactivate({ expertId, region: body.region }, caller));
  }

  /** The expert's open assignments, earliest deadline first. An expert passes `?region=` of its token. */
  @Get(':expertId/queue')
  @ApiOkResponse({ type: ExpertQueueAnswer })
  @Allow({ roles: ['expert'], scope: 'own-record', target: ownExpertRecord('params') })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  async queue(
    @Param('expertId', EntityIdPipe) expertId: string,
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ expertId: string; region: string; assignments: QueueItem[] }> {
    const region = query.region ?? principal.region;
    const expert = await this.board.expert(expertId);
    if (!expert || expert.region !== region) {
      throw new NotFoundException(`эксперта ${expertId} нет в пуле экспертов региона ${region}`);
    }
    // A deactivated expert has no work: its open assignments are being withdrawn and given to
    // others, and its scorecards are refused meanwhile.
    return { expertId, region, assignments: expert.active ? await this.board.queue(expertId) : [] };
  }
}
