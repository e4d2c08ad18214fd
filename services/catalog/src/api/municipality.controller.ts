import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { MunicipalityCommands } from '../application/municipality.commands';
import { RegisterMunicipalityRequest, UpdateMunicipalityRequest } from './municipality.dto';

@ApiTags('municipalities')
@ApiBearerAuth()
@Controller('municipalities')
@Allow({ roles: ['ministry-admin'], scope: 'region' })
export class MunicipalityController {
  constructor(private readonly municipalities: MunicipalityCommands) {}

  @Post()
  @HttpCode(201)
  @ApiResponse({
    status: 201,
    type: CommandAccepted,
    description: 'Registered, or already so with this record',
  })
  @ApiResponse({
    status: 409,
    description:
      'The ОКТМО is registered under another id, which the detail names (municipality-key-registered)',
  })
  @ApiResponse({
    status: 422,
    description: 'An id not derived from the region and ОКТМО (municipality-id-not-derived)',
  })
  async register(
    @Body() body: RegisterMunicipalityRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.municipalities.register(body, caller));
  }

  @Put(':id')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    type: CommandAccepted,
    description: 'The whole record; unchanged fields change nothing',
  })
  async update(
    @Param('id', EntityIdPipe) municipalityId: string,
    @Body() body: UpdateMunicipalityRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.municipalities.update({ ...body, municipalityId }, caller));
  }
}
