import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted } from '@pk/service-runtime';
import { ExternalResultCommands } from '../application/external-result.commands';
import { ExternalResultRequestDto } from './external-result.dto';

@ApiTags('external-results')
@ApiBearerAuth()
@Controller('external-results')
export class ExternalResultController {
  constructor(private readonly results: ExternalResultCommands) {}

  /**
   * Records an outside result for a teacher. The guard admits the roles in their region; whether a
   * municipal operator or school coordinator reaches this teacher is known only from the teacher's
   * stream, so the command checks it (404 outside its reach).
   */
  @Post()
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin', 'municipal-operator', 'school-coordinator'], scope: 'region' })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async record(
    @Body() body: ExternalResultRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return this.results.record(body, principal, caller);
  }
}
