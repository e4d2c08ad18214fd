import { BadRequestException, Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ReviewSettingsAnswer } from './expertise.answers';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted } from '@pk/service-runtime';
import { ReviewSettingsCommands } from '../application/review-settings.commands';
import type { ReviewSettings } from '../domain/review-settings.decider';
import { ReviewSettingsRequest } from './review-settings.dto';

const REGION = /^[0-9]{2}$/;

@ApiTags('review settings')
@ApiBearerAuth()
@Controller('review-settings')
export class ReviewSettingsController {
  constructor(private readonly settings: ReviewSettingsCommands) {}

  /** Sets the region's settings as a whole; setting what is set already records nothing. */
  @Put(':region')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async change(
    @Param('region') region: string,
    @Body() body: ReviewSettingsRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.settings.change({ region: regionOf(region), ...body }, caller));
  }

  @Get(':region')
  @ApiOkResponse({ type: ReviewSettingsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  async current(@Param('region') region: string): Promise<ReviewSettings & { region: string }> {
    return { region: regionOf(region), ...(await this.settings.current(regionOf(region))) };
  }
}

function regionOf(region: string): string {
  // the access rule compared it with the token's region already; this names a malformed one
  if (!REGION.test(region))
    throw new BadRequestException(['region: ожидается двузначный код региона, например 63']);
  return region;
}
