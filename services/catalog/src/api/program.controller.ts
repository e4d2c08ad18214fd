import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { canonicalId, CommandAccepted } from '@pk/service-runtime';
import { ProgramCommands } from '../application/program.commands';
import { SubmitProgramRequest } from './program.dto';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramController {
  constructor(private readonly programs: ProgramCommands) {}

  @Post()
  @HttpCode(201)
  // A provider submits its own programs: its token's organization is the provider id.
  @Allow({
    roles: ['provider'],
    scope: 'organization',
    target: (request) => {
      const body = (request.body ?? {}) as Partial<SubmitProgramRequest>;
      // guards run before the DTO's normalisation: compare the canonical form
      return { region: body.region, organization: canonicalId(body.providerId) ?? body.providerId };
    },
  })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async submit(
    @Body() body: SubmitProgramRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.programs.submit(body, caller));
  }
}
