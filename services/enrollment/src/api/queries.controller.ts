import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest, CurrentPrincipal, type Principal } from '@pk/auth';
import { canonicalId, EntityIdPipe } from '@pk/service-runtime';
import {
  ApplicationQueries,
  decodeCursor,
  InvalidCursor,
  type RegionCursor,
} from '../projections/applications/applications.queries';
import { ApplicationsPageAnswer, SchoolStaffAnswer, TeacherHistoryAnswer } from './enrollment.answers';
import { RegionApplicationsQuery, SchoolStaffQuery } from './queries.dto';

/** Lists across offerings, read from the applications read model (the public topic's view). */

const ownRegion = (request: AuthenticatedRequest) => ({ region: request.principal?.region });
const paramId = (request: AuthenticatedRequest, name: string) =>
  canonicalId(request.params?.[name]) ?? String(request.params?.[name] ?? '');
/** The coordinator reads its own school only: the token's organization is the school. */
const ownSchool = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  organization: paramId(request, 'organizationId'),
});
/** The teacher reads its own history only: the token's subject is the teacher's id. */
const ownTeacher = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  subject: paramId(request, 'teacherId'),
});

@ApiTags('applications')
@ApiBearerAuth()
@Controller()
export class ApplicationQueriesController {
  constructor(private readonly queries: ApplicationQueries) {}

  /**
   * The ministry's applications of its region by route and status (and school, provider, offering,
   * month), a page at a time in a stable order; `next` continues.
   */
  @Get('applications')
  @Allow({ roles: ['ministry-admin'], scope: 'region', target: ownRegion })
  @ApiOkResponse({ type: ApplicationsPageAnswer })
  async ofRegion(
    @Query() query: RegionApplicationsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApplicationsPageAnswer> {
    const { cursor, pageSize, ...filter } = query;
    let from: RegionCursor | undefined;
    try {
      from = cursor === undefined ? undefined : decodeCursor(cursor);
    } catch (error) {
      if (error instanceof InvalidCursor) {
        throw new BadRequestException({
          message: ['cursor: не значение next предыдущей страницы'],
          code: 'invalid-cursor',
        });
      }
      throw error;
    }
    return this.queries.ofRegion({ ...filter, region: principal.region }, pageSize ?? 50, from);
  }

  /** A school's staff in training: its coordinator, and the ministry of the region. */
  @Get('schools/:organizationId/staff-in-training')
  @Allow({ roles: ['school-coordinator'], scope: 'organization', target: ownSchool })
  @Allow({ roles: ['ministry-admin'], scope: 'region', target: ownRegion })
  @ApiOkResponse({ type: SchoolStaffAnswer })
  async ofSchool(
    @Param('organizationId', EntityIdPipe) organizationId: string,
    @Query() query: SchoolStaffQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchoolStaffAnswer> {
    return {
      organizationId,
      applications: await this.queries.ofSchool(principal.region, organizationId, query.status),
    };
  }

  /** A teacher's courses: enrolled, cancelled, completed (with the document), the latest first. */
  @Get('teachers/:teacherId/history')
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownTeacher })
  @Allow({ roles: ['ministry-admin'], scope: 'region', target: ownRegion })
  @ApiOkResponse({ type: TeacherHistoryAnswer })
  async ofTeacher(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TeacherHistoryAnswer> {
    return { teacherId, courses: await this.queries.ofTeacher(principal.region, teacherId) };
  }
}
