import { Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, Caller } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { OfferingCommands } from '../application/offering.commands';
import { CancelOfferingRequest, OpenOfferingRequest } from './offering.dto';
import { ownProvider } from './program.controller';

/**
 * Course offerings (потоки) of approved programs. Dates move them on by themselves (the service's
 * schedule); these endpoints let the provider close early, start, finish or cancel.
 */
@ApiTags('offerings')
@ApiBearerAuth()
@Controller('providers/:providerId/offerings')
export class OfferingController {
  constructor(private readonly offerings: OfferingCommands) {}

  @Post()
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async open(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Body() body: OpenOfferingRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.offerings.open({ ...body, providerId }, caller));
  }

  @Post(':offeringId/close')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 201, type: CommandAccepted, description: 'Enrollment ends before the deadline' })
  close(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return this.move(providerId, offeringId, 'CloseEnrollment', caller);
  }

  @Post(':offeringId/start')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 201, type: CommandAccepted })
  start(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return this.move(providerId, offeringId, 'StartOffering', caller);
  }

  @Post(':offeringId/finish')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 201, type: CommandAccepted })
  finish(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return this.move(providerId, offeringId, 'FinishOffering', caller);
  }

  @Post(':offeringId/cancel')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'organization', target: ownProvider })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async cancel(
    @Param('providerId', EntityIdPipe) providerId: string,
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Body() body: CancelOfferingRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    await this.owned(offeringId, providerId);
    return CommandAccepted.of(await this.offerings.cancel(offeringId, body.reason, caller));
  }

  private async move(
    providerId: string,
    offeringId: string,
    transition: 'CloseEnrollment' | 'StartOffering' | 'FinishOffering',
    caller: CommandContext,
  ): Promise<CommandAccepted> {
    await this.owned(offeringId, providerId);
    return CommandAccepted.of(await this.offerings.move(offeringId, transition, caller));
  }

  private async owned(offeringId: string, providerId: string): Promise<void> {
    const state = await this.offerings.state(offeringId);
    if (state.status === 'none' || state.providerId !== providerId) {
      throw new NotFoundException(`у организации ${providerId} нет набора ${offeringId}`);
    }
  }
}
