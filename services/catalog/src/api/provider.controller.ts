import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted } from '@pk/service-runtime';
import { ProviderCommands } from '../application/provider.commands';
import { RegisterProviderRequest } from './provider.dto';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
export class ProviderController {
  constructor(private readonly providers: ProviderCommands) {}

  @Post()
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async register(
    @Body() body: RegisterProviderRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.providers.register(body, caller));
  }
}
