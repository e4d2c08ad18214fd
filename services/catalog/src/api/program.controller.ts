import { Body, Controller, HttpCode, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  type AuthenticatedRequest,
  Caller,
  CurrentPrincipal,
  type Principal,
  targetFromRequest,
} from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { ProgramCommands } from '../application/program.commands';
import { ArchiveProgramRequest, DraftProgramRequest, ProgramCardRequest } from './program.dto';

/**
 * Where a provider's own resource lives: its organization is the provider id in the path, its
 * region the one the request names, else the token's (the decider refuses another region's program).
 */
export const ownProvider = (request: AuthenticatedRequest) => ({
  region: targetFromRequest(request).region ?? request.principal?.region,
  organization: String(request.params?.providerId ?? ''),
});

/** A submission's answer: the record's version, and the program's own revision now under review. */
class ProgramSubmissionAccepted extends CommandAccepted {
  @ApiProperty({ description: 'The revision of the program submitted: 1 for the first submission, then 2…' })
  programRevision!: number;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller()
export class ProgramController {
  constructor(private readonly programs: ProgramCommands) {}

  @Post('providers/:providerId/programs')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async draft(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Body() body: DraftProgramRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.programs.draft({ ...body, providerId }, caller));
  }

  @Put('providers/:providerId/programs/:programId')
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async edit(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('programId', EntityIdPipe) programId: string,
    @Body() body: ProgramCardRequest,
    @Caller() caller: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(
      await this.programs.edit({ ...body, programId, providerId, region: principal.region }, caller),
    );
  }

  @Post('providers/:providerId/programs/:programId/submission')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({
    status: 201,
    type: ProgramSubmissionAccepted,
    description: 'The draft is frozen as the next revision of the program (`programRevision`)',
  })
  async submit(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('programId', EntityIdPipe) programId: string,
    @Caller() caller: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProgramSubmissionAccepted> {
    const outcome = await this.programs.submit({ programId, providerId, region: principal.region }, caller);
    const submitted = outcome.events.find((event) => event.type === 'catalog.ProgramSubmitted');
    const state = submitted ? undefined : await this.programs.state(programId);
    const programRevision = submitted
      ? (submitted.data as { revision: number }).revision
      : state && state.status !== 'none'
        ? state.revision
        : 0;
    return Object.assign(CommandAccepted.of(outcome), { programRevision });
  }

  @Post('providers/:providerId/programs/:programId/archive')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @Allow({
    roles: ['ministry-admin'],
    scope: 'region',
    target: (request) => ({ region: request.principal?.region }),
  })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async archive(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('programId', EntityIdPipe) programId: string,
    @Body() body: ArchiveProgramRequest,
    @Caller() caller: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandAccepted> {
    await this.inRegion(programId, providerId, principal.region);
    return CommandAccepted.of(await this.programs.archive({ programId, reason: body.reason }, caller));
  }

  // The ministry archives programs of its own region only: the program's region is in its stream.
  private async inRegion(programId: string, providerId: string, region: string): Promise<void> {
    const state = await this.programs.state(programId);
    if (state.status === 'none' || state.providerId !== providerId || state.region !== region) {
      throw new NotFoundException(
        `у организации ${providerId} нет программы ${programId} в регионе ${region}`,
      );
    }
  }
}
