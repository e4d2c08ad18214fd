import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, Allow, AuthenticatedRequest, CurrentPrincipal, Principal } from '@pk/auth';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@pk/kernel';
import { canonicalId } from '@pk/service-runtime';
import { CatalogCommands } from '../application/catalog-commands';
import { CommandAccepted, RegisterProviderRequest, SubmitProgramRequest } from './dto';

/**
 * Who issues the command, and the correlation id the caller sent (or a new one): both are
 * recorded on every event the command causes, across services.
 */
function commandContext(principal: Principal, request: AuthenticatedRequest): CommandContext {
  const header = request.headers['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && header.length > 0 && header.length <= 200 ? header : randomUUID();
  return { actor: actorOf(principal), correlationId };
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly commands: CatalogCommands) {}

  @Post('providers')
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async registerProvider(
    @Body() body: RegisterProviderRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandAccepted> {
    const outcome = await this.commands.registerProvider(body, commandContext(principal, request));
    return { revision: outcome.revision };
  }

  @Post('programs')
  @HttpCode(201)
  // A provider submits its own programs: its token's organization is the provider id.
  @Allow({
    roles: ['provider'],
    scope: 'organization',
    target: (request) => {
      const body = (request as unknown as { body?: Partial<SubmitProgramRequest> }).body ?? {};
      // guards run before the DTO's normalisation: compare the canonical form
      return { region: body.region, organization: canonicalId(body.providerId) ?? body.providerId };
    },
  })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async submitProgram(
    @Body() body: SubmitProgramRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandAccepted> {
    const outcome = await this.commands.submitProgram(body, commandContext(principal, request));
    return { revision: outcome.revision };
  }
}
