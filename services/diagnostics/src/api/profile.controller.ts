import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProfileAnswer } from './diagnostics.answers';
import { Allow, CurrentPrincipal, type Principal } from '@pk/auth';
import { DomainError } from '@pk/kernel';
import { EntityIdPipe } from '@pk/service-runtime';
import { AttemptCommands } from '../application/attempt.commands';
import { reachesTeacher } from '../application/profile-access';
import { ProfileQueries } from '../projections/profile.queries';
import { ownTeacherRecord } from './attempt.controller';
import { ProfileQuery } from './profile.dto';

@ApiTags('profiles')
@ApiBearerAuth()
@Controller('teachers/:teacherId/profile')
export class ProfileController {
  constructor(
    private readonly attempts: AttemptCommands,
    private readonly queries: ProfileQueries,
  ) {}

  /**
   * Current score per competency with its date and source, open deficits, and the change since last
   * year's monitoring. Municipal operators and school coordinators reach their own teachers only:
   * the teacher's place is read from its stream, so it is never a lagging copy.
   */
  @Get()
  @ApiOkResponse({ type: ProfileAnswer })
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownTeacherRecord('params') })
  @Allow({
    roles: ['ministry-admin', 'auditor', 'municipal-operator', 'school-coordinator'],
    scope: 'region',
  })
  async profile(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @Query() query: ProfileQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    const region = query.region ?? principal.region;
    const teacher = await this.attempts.teacherToRead(teacherId, region);
    if (!reachesTeacher(principal, teacher)) {
      throw new DomainError('teacher-not-found', `педагог ${teacherId} недоступен роли ${principal.role}`);
    }
    return this.queries.profile(teacher, query.year);
  }
}
