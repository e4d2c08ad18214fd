import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { OrganizationCommands } from '../application/organization.commands';
import { RegisterOrganizationRequest, UpdateOrganizationRequest } from './organization.dto';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
@Allow({ roles: ['ministry-admin'], scope: 'region' })
export class OrganizationController {
  constructor(private readonly organizations: OrganizationCommands) {}

  @Post()
  @HttpCode(201)
  @ApiResponse({
    status: 201,
    type: CommandAccepted,
    description: 'Registered, or already so with this record',
  })
  @ApiResponse({ status: 422, description: 'The municipality is not registered, or is in another region' })
  @ApiResponse({
    status: 409,
    description:
      'The ИНН is registered under another id, which the detail names (organization-key-registered)',
  })
  @ApiResponse({
    status: 422,
    description: 'An id not derived from the region and ИНН (organization-id-not-derived)',
  })
  async register(
    @Body() body: RegisterOrganizationRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.organizations.register(body, caller));
  }

  @Put(':id')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    type: CommandAccepted,
    description: 'The whole record; unchanged fields change nothing',
  })
  async update(
    @Param('id', EntityIdPipe) organizationId: string,
    @Body() body: UpdateOrganizationRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.organizations.update({ ...body, organizationId }, caller));
  }
}
