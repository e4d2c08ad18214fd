import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, Allow, AuthenticatedRequest, CurrentPrincipal, Principal } from '@pk/auth';
import { randomUUID } from 'node:crypto';
import { CatalogCommands } from '../application/catalog-commands';
import { CommandAccepted, RegisterProviderRequest, SubmitProgramRequest } from './dto';

/** The correlation id a caller sent, or a new one: it follows the request through every service. */
function correlationOf(request: AuthenticatedRequest): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && header.length > 0 && header.length <= 200 ? header : randomUUID();
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
    const outcome = await this.commands.registerProvider(body, {
      actor: actorOf(principal),
      correlationId: correlationOf(request),
    });
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
      return { region: body.region, organization: body.providerId };
    },
  })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async submitProgram(
    @Body() body: SubmitProgramRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<CommandAccepted> {
    const outcome = await this.commands.submitProgram(body, {
      actor: actorOf(principal),
      correlationId: correlationOf(request),
    });
    return { revision: outcome.revision };
  }
}
