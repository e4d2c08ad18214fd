import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { InternshipSiteRecord } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { InternshipSiteCommands } from '../application/internship-site.commands';
import { RegisterInternshipSiteRequest, UpdateInternshipSiteRequest } from './internship-site.dto';

@ApiTags('internship-sites')
@ApiBearerAuth()
@Controller('internship-sites')
@Allow({ roles: ['ministry-admin'], scope: 'region' })
export class InternshipSiteController {
  constructor(private readonly sites: InternshipSiteCommands) {}

  @Post()
  @HttpCode(201)
  @ApiResponse({
    status: 201,
    type: CommandAccepted,
    description: 'Registered, or already so with this record',
  })
  @ApiResponse({
    status: 422,
    description:
      'Unknown municipality, a period that ends before it starts, a program the catalog does not hold or of another region, or an id not derived from the region and ИНН (internship-site-id-not-derived)',
  })
  @ApiResponse({
    status: 409,
    description:
      'The ИНН is registered under another id, which the detail names (internship-site-key-registered)',
  })
  async register(
    @Body() body: RegisterInternshipSiteRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.sites.register(recordOf(body), caller));
  }

  @Put(':id')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    type: CommandAccepted,
    description: 'The whole record; unchanged fields change nothing',
  })
  async update(
    @Param('id', EntityIdPipe) siteId: string,
    @Body() body: UpdateInternshipSiteRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.sites.update(recordOf({ ...body, siteId }), caller));
  }
}

/** Plain data for the event: the periods arrive as DTO instances. */
export function recordOf(body: RegisterInternshipSiteRequest): InternshipSiteRecord {
  return {
    ...body,
    periods: body.periods.map(({ startsOn, endsOn, places }) => ({ startsOn, endsOn, places })),
  };
}
