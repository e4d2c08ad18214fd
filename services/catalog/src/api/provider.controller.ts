import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { ProviderCommands } from '../application/provider.commands';
import { RegisterProviderRequest, UpdateProviderRequest } from './provider.dto';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
@Allow({ roles: ['ministry-admin'], scope: 'region' })
export class ProviderController {
  constructor(private readonly providers: ProviderCommands) {}

  @Post()
  @HttpCode(201)
  @ApiResponse({
    status: 201,
    type: CommandAccepted,
    description: 'Registered, or already so with this record',
  })
  @ApiResponse({
    status: 409,
    description: 'The ИНН is registered under another id, which the detail names (provider-key-registered)',
  })
  @ApiResponse({
    status: 422,
    description: 'An id not derived from the region and ИНН (provider-id-not-derived)',
  })
  async register(
    @Body() body: RegisterProviderRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.providers.register(body, caller));
  }

  @Put(':id')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    type: CommandAccepted,
    description: 'The whole record; unchanged fields change nothing',
  })
  async update(
    @Param('id', EntityIdPipe) providerId: string,
    @Body() body: UpdateProviderRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.providers.update({ ...body, providerId }, caller));
  }
}
