import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BurnoutScreeningsAnswer } from './diagnostics.answers';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { EntityIdPipe } from '@pk/service-runtime';
import { AttemptCommands } from '../application/attempt.commands';
import { ownTeacherRecord } from './attempt.controller';
import { RegionQuery } from './profile.dto';

/**
 * Burnout screenings are private: the teacher sees its own, the ministry those of its region; no
 * other role, no read model, no statistics. Read from the teacher's private stream.
 */
@ApiTags('burnout')
@ApiBearerAuth()
@Controller('teachers/:teacherId/burnout')
export class BurnoutController {
  constructor(private readonly attempts: AttemptCommands) {}

  @Get()
  @ApiOkResponse({ type: BurnoutScreeningsAnswer })
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownTeacherRecord('params') })
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  async screenings(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const region = query.region ?? principal.region;
    const screenings = await this.attempts.screenings(teacherId, region);
    return { teacherId, region, screenings };
  }
}
