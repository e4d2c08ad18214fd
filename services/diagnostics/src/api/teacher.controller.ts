import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Logger,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PersonalDataAnswer, TeacherRecordAnswer } from './diagnostics.answers';
import { Allow, type AuthenticatedRequest, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { TeacherRecord } from '@pk/contracts';
import { type CommandContext, DomainError } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe, Versioned } from '@pk/service-runtime';
import type { PersonalData } from '../application/personal-data-cipher';
import { TeacherGone } from '../application/teacher-gone';
import { teacherIdOf } from '../application/teacher-id';
import { type PersonalDataView, TeacherCommands } from '../application/teacher.commands';
import { trainingDueOn } from '../projections/teacher-roster/teacher-roster.projection';
import type { RosterTeacher } from '../projections/teacher-roster/teacher-roster.queries';
import { assertMayRead, readersOf } from './teacher-access';
import {
  PersonalDataRequest,
  RegisterTeacherRequest,
  TeacherFound,
  TeacherLookupRequest,
  TeacherRegistered,
  type TeacherRecordRequest,
  UpdateTeacherRequest,
} from './teacher.dto';

/** A teacher's own token names the teacher: the path's id must be the token's subject. */
const ownRecord = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  subject: typeof request.params?.['id'] === 'string' ? request.params['id'].toLowerCase() : undefined,
});

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('teachers')
export class TeacherController {
  // who read whose personal data (152-ФЗ accountability); never the data itself
  private readonly audit = new Logger('personal-data-access');

  constructor(private readonly teachers: TeacherCommands) {}

  @Post()
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({
    status: 201,
    type: TeacherRegistered,
    description: 'Registered, or already so with this data',
  })
  @ApiResponse({
    status: 422,
    description: 'Registered with other data (update it), erased, or a rule refused',
  })
  async register(
    @Body() body: RegisterTeacherRequest,
    @Caller() caller: CommandContext,
  ): Promise<TeacherRegistered> {
    const { personalData, ...record } = body;
    const outcome = await this.teachers.register(recordOf(record), personalDataOf(personalData), caller);
    return Object.assign(CommandAccepted.of(outcome), { teacherId: outcome.teacherId });
  }

  @Put(':id')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({
    status: 200,
    type: CommandAccepted,
    description: 'The whole record; the same again changes nothing',
  })
  async update(
    @Param('id', EntityIdPipe) teacherId: string,
    @Body() body: UpdateTeacherRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    await this.placeFor(teacherId, principal);
    return CommandAccepted.of(await this.teachers.update({ ...recordOf(body), teacherId }, caller));
  }

  @Put(':id/personal-data')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 200, type: CommandAccepted, description: 'Sealed under the teacher’s key' })
  @ApiResponse({ status: 422, description: 'Another СНИЛС than the teacher’s, or the teacher was erased' })
  async recordPersonalData(
    @Param('id', EntityIdPipe) teacherId: string,
    @Body() body: PersonalDataRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { region } = await this.placeFor(teacherId, principal);
    return CommandAccepted.of(
      await this.teachers.recordPersonalData(teacherId, region, personalDataOf(body), caller),
    );
  }

  @Post(':id/erasure')
  @HttpCode(200)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({
    status: 200,
    type: CommandAccepted,
    description: 'The teacher’s key is destroyed: the personal data can no longer be read anywhere',
  })
  async erase(
    @Param('id', EntityIdPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    await this.placeFor(teacherId, principal);
    const outcome = await this.teachers.erase(teacherId, caller);
    this.audit.log(`teacher ${teacherId} erased by ${principal.role} ${principal.subject}`);
    return CommandAccepted.of(outcome);
  }

  /**
   * The id of the region's teacher with this СНИЛС, for those who may see the teacher's personal
   * data (the ministry; a school's coordinator for its own teachers): to update or erase a teacher
   * known by СНИЛС alone, say from the region's file. A POST with the СНИЛС in the body, so it lands
   * in no URL and no access log. The id is computed (the keyed hash of the region and СНИЛС) and
   * answered only if that teacher exists; a coordinator is answered 404 for another school's.
   */
  @Post('lookup')
  @HttpCode(200)
  @Allow({ roles: ['ministry-admin', 'school-coordinator'], scope: 'region' })
  @ApiResponse({ status: 200, type: TeacherFound, description: 'The teacher id' })
  @ApiResponse({ status: 404, description: 'No teacher of the region (within reach) has this СНИЛС' })
  @ApiResponse({ status: 410, description: 'That teacher was erased (`teacher-erased`), no id given' })
  async lookup(
    @Body() body: TeacherLookupRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TeacherFound> {
    const teacherId = teacherIdOf(body.region, body.snils);
    const state = await this.teachers.state(teacherId);
    const notFound = new DomainError(
      'teacher-not-found',
      `в регионе ${body.region} нет учителя с этим СНИЛС${principal.role === 'school-coordinator' ? ' в вашей организации' : ''}`,
    );
    if (state.record === null) throw notFound;
    // as for a registration with it: the СНИЛС must not lead back to the erased history
    if (state.erased) throw new TeacherGone();
    try {
      assertMayRead(principal, state.record, 'personal-data');
    } catch {
      throw notFound;
    }
    this.audit.log(`teacher ${teacherId} looked up by СНИЛС by ${principal.role} ${principal.subject}`);
    return { teacherId };
  }

  @Get(':id/personal-data')
  @Allow({ roles: ['ministry-admin', 'school-coordinator'], scope: 'region' })
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownRecord })
  @ApiResponse({ status: 200, type: PersonalDataAnswer, description: 'Decrypted on request' })
  @ApiResponse({ status: 410, description: 'The teacher was erased (`teacher-erased`)' })
  async personalData(
    @Param('id', EntityIdPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PersonalDataView> {
    const state = await this.teachers.state(teacherId);
    if (state.record === null)
      throw new DomainError('teacher-not-found', `педагог ${teacherId} не зарегистрирован`);
    if (state.erased) throw erasedFor(principal, teacherId, state.record.region);
    assertMayRead(principal, state.record, 'personal-data');
    this.audit.log(`personal data of teacher ${teacherId} read by ${principal.role} ${principal.subject}`);
    return this.teachers.personalData(teacherId, state);
  }

  @Get(':id')
  @Allow({ roles: readersOf('record').filter((role) => role !== 'teacher'), scope: 'region' })
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownRecord })
  @ApiResponse({
    status: 200,
    type: TeacherRecordAnswer,
    description: 'The professional record (no names), with its version as ETag',
  })
  @ApiResponse({ status: 410, description: 'The teacher was erased (`teacher-erased`), as every read of it' })
  async record(
    @Param('id', EntityIdPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Versioned<RosterTeacher>> {
    // Read from the event store, not the roster, which follows a moment later: the record answered
    // is the one of the version its ETag names (personal data moves the version too), so an update
    // sent back with If-Match never overwrites a change the reader has not seen; and once an
    // erasure has answered, no read shows the record again.
    const { state, revision, changedAt } = await this.teachers.current(teacherId);
    if (state.record === null)
      throw new DomainError('teacher-not-found', `педагог ${teacherId} не зарегистрирован`);
    if (state.erased) throw erasedFor(principal, teacherId, state.record.region);
    assertMayRead(principal, state.record, 'record');
    const record: RosterTeacher = {
      ...state.record,
      trainingDueOn: trainingDueOn(state.record),
      erased: false,
      updatedAt: changedAt!,
    };
    return new Versioned(record, revision);
  }

  /** The teacher's place from the event store; 404 when unknown, 403 in another region. */
  private async placeFor(teacherId: string, principal: Principal) {
    const state = await this.teachers.state(teacherId);
    if (state.record === null)
      throw new DomainError('teacher-not-found', `педагог ${teacherId} не зарегистрирован`);
    if (state.record.region !== principal.region) {
      throw new ForbiddenException(
        `токен региона ${principal.region} не даёт доступа к региону ${state.record.region}`,
      );
    }
    return state.record;
  }
}

/**
 * An erased teacher's read: 410 `teacher-erased` to a caller of its region, whatever its role's
 * reach was over the record (the place went with the person; the fact is all that is left), 403
 * to another region's, as for any of its teachers.
 */
function erasedFor(principal: Principal, teacherId: string, region: string): Error {
  return principal.region === region
    ? new TeacherGone(teacherId)
    : new ForbiddenException(`токен региона ${principal.region} не даёт доступа к региону ${region}`);
}

function recordOf(request: TeacherRecordRequest): Omit<TeacherRecord, 'teacherId'> {
  return {
    region: request.region,
    organizationId: request.organizationId,
    municipalityId: request.municipalityId,
    position: request.position,
    subjects: request.subjects,
    workProfile: request.workProfile ?? '',
    category: request.category,
    categorySince: request.categorySince,
    education: request.education,
    lastTrainingCompletedOn: request.lastTrainingCompletedOn,
  };
}

function personalDataOf(request: PersonalDataRequest): PersonalData {
  return {
    lastName: request.lastName,
    firstName: request.firstName,
    patronymic: request.patronymic ?? '',
    snils: request.snils,
    email: request.email ?? '',
    phone: request.phone ?? '',
  };
}
