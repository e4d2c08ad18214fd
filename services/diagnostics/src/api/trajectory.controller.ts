import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Allow,
  type AuthenticatedRequest,
  Caller,
  CurrentPrincipal,
  type Principal,
  targetFromRequest,
} from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { canonicalId, CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { type Reach, TrajectoryCommands, type TrajectoryReading } from '../application/trajectory.commands';
import { TeacherGone } from '../application/teacher-gone';
import { TrajectoryReplicas } from '../projections/trajectory-replica.queries';
import {
  AcceptTrajectoryRequest,
  itemToAdd,
  ProposeTrajectoryRequest,
  TeacherPlaceQuery,
  TrajectoryAnswer,
  TrajectoryYearPipe,
} from './trajectory.dto';

/**
 * A teacher reaches only its own trajectories: the teacher in the path must be the token's subject,
 * in the region the request names. Guards run before the pipes, so the id is compared canonical.
 */
export const ownTeacherRecord = (request: AuthenticatedRequest) => {
  const id = request.params?.['teacherId'];
  return { region: targetFromRequest(request).region, subject: canonicalId(id) ?? String(id) };
};

/**
 * The teacher's trajectory is read and proposed by the teacher, its school's coordinator (who names
 * its organization; the teacher must work there) and the region's ministry; auditors read.
 */
const TEACHER = { roles: ['teacher'], scope: 'own-record', target: ownTeacherRecord } as const;
const COORDINATOR = { roles: ['school-coordinator'], scope: 'organization' } as const;

/** What the caller reaches: a coordinator its organization, everyone else its region. */
function reachOf(principal: Principal): Reach {
  return principal.role === 'school-coordinator'
    ? { region: principal.region, organization: principal.organization }
    : { region: principal.region };
}

@ApiTags('trajectories')
@ApiBearerAuth()
@Controller('teachers/:teacherId/trajectories/:year')
export class TrajectoryController {
  constructor(
    private readonly trajectories: TrajectoryCommands,
    private readonly replicas: TrajectoryReplicas,
  ) {}

  /**
   * Proposes the teacher's individual trajectory (ИОМ) for the school year from its open deficits:
   * the approved programs that cover them best, activities for those no program covers. Renewed
   * on a second call until the teacher accepts; the same proposal again decides nothing.
   */
  @Post('proposal')
  @HttpCode(201)
  @Allow(TEACHER)
  @Allow(COORDINATOR)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async propose(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @Param('year', TrajectoryYearPipe) year: number,
    @Body() _body: ProposeTrajectoryRequest,
    @Caller() caller: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(
      await this.trajectories.propose({ teacherId, year }, reachOf(principal), caller),
    );
  }

  /** The teacher edits its trajectory (drops items, adds programs or activities) and accepts it. */
  @Put()
  @Allow(TEACHER)
  @ApiResponse({ status: 200, type: CommandAccepted })
  async accept(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @Param('year', TrajectoryYearPipe) year: number,
    @Body() body: AcceptTrajectoryRequest,
    @Caller() caller: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CommandAccepted> {
    const add = body.add.map(itemToAdd);
    return CommandAccepted.of(
      await this.trajectories.accept({ teacherId, year, drop: body.drop, add }, reachOf(principal), caller),
    );
  }

  /**
   * The trajectory, and for each of the teacher's open deficits the runner-up programs of the
   * register it could take instead (for its position and kind of organization, best first).
   */
  @Get()
  @Allow(TEACHER)
  @Allow(COORDINATOR)
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiResponse({ status: 200, type: TrajectoryAnswer })
  @ApiResponse({ status: 410, description: 'The teacher was erased (`teacher-erased`), as every read of it' })
  async read(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @Param('year', TrajectoryYearPipe) year: number,
    @Query() _query: TeacherPlaceQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrajectoryReading> {
    // as soon as the replica of the teachers has the erasure (a moment after it)
    if ((await this.replicas.erasedIn(teacherId)) === principal.region) throw new TeacherGone(teacherId);
    return this.trajectories.read(teacherId, year, reachOf(principal));
  }
}
