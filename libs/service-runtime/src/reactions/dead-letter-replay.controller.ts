import {
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { ReplayAnswer, ReplaysAnswer } from '../http/kit-answers';
import type { RecordedReplay } from './dead-letter-replays';
import { EventTransport, NoReactions } from './event-transport';

/**
 * Replaying the reactions' dead letters (`<service>.reactions.dlt`) once their cause is mended:
 * a platform operation, recorded with who asked and what it did (see EventTransport).
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('reactions/dead-letters/replay')
export class DeadLetterReplayController {
  constructor(private readonly transport: EventTransport) {}

  @Post()
  @HttpCode(202)
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  @ApiResponse({ status: 202, type: ReplayAnswer, description: 'The replay as it starts' })
  async replay(@CurrentPrincipal() principal: Principal): Promise<RecordedReplay> {
    try {
      const replay = await this.transport.replayDeadLetters(actorOf(principal));
      if (replay.state === 'failed') {
        throw new ServiceUnavailableException(`the replay could not run: ${replay.error}`);
      }
      return replay;
    } catch (error) {
      if (error instanceof NoReactions) throw new NotFoundException(error.message);
      throw error;
    }
  }

  @Get()
  @Allow({ roles: ['platform-operator'], scope: 'platform' })
  @ApiOkResponse({ type: ReplaysAnswer })
  replays(): Promise<{ current: RecordedReplay | null; recorded: RecordedReplay[] }> {
    return this.transport.deadLetterReplays();
  }
}
