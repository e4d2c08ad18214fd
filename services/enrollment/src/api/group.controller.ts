import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type AuthenticatedRequest, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { CommandContext } from '@pk/kernel';
import { canonicalId, CommandAccepted, EntityIdPipe, Versioned } from '@pk/service-runtime';
import { GroupCommands } from '../application/group.commands';
import {
  type Application,
  type Group,
  isLive,
  seated,
  stateAssignmentTaken,
  waitlist,
  withResults,
} from '../domain/group.decider';
import {
  ApplicationAccepted,
  ApplicationAnswer,
  GroupAnswer,
  type ListRowAnswer,
  StateAssignmentListReport,
  TeacherApplicationsAnswer,
} from './enrollment.answers';
import {
  ApplyRequest,
  AttendanceRequest,
  CompletionRequest,
  FeedbackRequest,
  NonCompletionRequest,
  ReasonRequest,
  StateAssignmentListRequest,
  StateAssignmentQuotaRequest,
} from './group.dto';

/** The route acts within the token's region; the group's own region is checked when decided. */
const ownRegion = (request: AuthenticatedRequest) => ({ region: request.principal?.region });

/**
 * Applications to an offering's group (поток): the teacher applies and withdraws, the school's
 * coordinator approves or declines; once the course runs, its provider records each learner's result
 * and attendance and the learner who completed gives feedback; the provider and the ministry read
 * the lists.
 */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('offerings/:offeringId')
export class GroupController {
  constructor(private readonly commands: GroupCommands) {}

  @Post('applications')
  @HttpCode(201)
  @Allow({ roles: ['teacher'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: ApplicationAccepted })
  async apply(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Body() body: ApplyRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<ApplicationAccepted> {
    const { applicationId, outcome } = await this.commands.apply(
      { offeringId, teacherId: principal.subject, region: principal.region, ...body },
      caller,
    );
    return { applicationId, version: outcome.revision };
  }

  @Post('applications/:applicationId/approval')
  @HttpCode(201)
  @Allow({ roles: ['school-coordinator'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async approve(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const organizationId = principal.organization ?? '';
    return CommandAccepted.of(
      await this.commands.approve({ offeringId, applicationId, organizationId }, caller),
    );
  }

  @Post('applications/:applicationId/decline')
  @HttpCode(201)
  @Allow({ roles: ['school-coordinator'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async decline(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @Body() body: ReasonRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const organizationId = principal.organization ?? '';
    return CommandAccepted.of(
      await this.commands.decline({ offeringId, applicationId, organizationId, reason: body.reason }, caller),
    );
  }

  @Post('applications/:applicationId/withdrawal')
  @HttpCode(201)
  @Allow({ roles: ['teacher'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async withdraw(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @Body() body: ReasonRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(
      await this.commands.withdraw(
        { offeringId, applicationId, teacherId: principal.subject, reason: body.reason },
        caller,
      ),
    );
  }

  /**
   * The ministry sets how many of the offering's places the state assignment funds (its region's
   * offerings only), while enrollment is open; 0 until set.
   */
  @Put('state-assignment-quota')
  @Allow({ roles: ['ministry-admin'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async setStateAssignmentQuota(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Body() body: StateAssignmentQuotaRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(
      await this.commands.setStateAssignmentQuota(
        { offeringId, region: principal.region, places: body.places },
        caller,
      ),
    );
  }

  /**
   * The ministry enrolls teachers from a state-assignment list: each row an application on the
   * state-assignment route approved by the ministry's act, seated in order or waitlisted, refused
   * beyond the quota; a teacher with a live application to the offering is left as is. Answers
   * what became of each row.
   */
  @Post('state-assignment-list')
  @HttpCode(201)
  @Allow({ roles: ['ministry-admin'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: StateAssignmentListReport })
  async enrollFromStateAssignmentList(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Body() body: StateAssignmentListRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<StateAssignmentListReport> {
    const { outcome, rows, group } = await this.commands.enrollFromStateAssignmentList(
      { offeringId, region: principal.region, teachers: body.teachers },
      caller,
    );
    const answers = rows.map((row, i): ListRowAnswer => {
      const application = group.applications.find((a) => a.applicationId === row.applicationId);
      const answer = application ? answerOf(group, application) : undefined;
      return {
        row: i + 1,
        ...row,
        status: answer?.status ?? null,
        waitlistPosition: answer?.waitlistPosition ?? null,
      };
    });
    const count = (outcome: ListRowAnswer['outcome']) => answers.filter((r) => r.outcome === outcome).length;
    return {
      offeringId,
      version: outcome.revision,
      enrolled: count('enrolled'),
      waitlisted: count('waitlisted'),
      unchanged: count('unchanged'),
      refused: count('refused'),
      stateAssignment: stateAssignmentOf(group),
      rows: answers,
    };
  }

  /** The provider of the offering records a learner's completion: the document issued. */
  @Post('applications/:applicationId/completion')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async complete(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @Body() body: CompletionRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const providerId = principal.organization ?? '';
    return CommandAccepted.of(
      await this.commands.record(
        offeringId,
        { type: 'RecordCompletion', applicationId, providerId, ...body },
        caller,
      ),
    );
  }

  /** The provider records that a learner will not complete the course, with a reason code. */
  @Post('applications/:applicationId/non-completion')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async notComplete(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @Body() body: NonCompletionRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const providerId = principal.organization ?? '';
    return CommandAccepted.of(
      await this.commands.record(
        offeringId,
        { type: 'RecordNonCompletion', applicationId, providerId, ...body },
        caller,
      ),
    );
  }

  /** The provider records a learner's attendance so far (hours attended of hours planned). */
  @Post('applications/:applicationId/attendance')
  @HttpCode(201)
  @Allow({ roles: ['provider'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async attend(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @Body() body: AttendanceRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const providerId = principal.organization ?? '';
    return CommandAccepted.of(
      await this.commands.record(
        offeringId,
        { type: 'RecordAttendance', applicationId, providerId, ...body },
        caller,
      ),
    );
  }

  /** The learner who completed the course rates it, once. */
  @Post('applications/:applicationId/feedback')
  @HttpCode(201)
  @Allow({ roles: ['teacher'], scope: 'region', target: ownRegion })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async feedback(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @Body() body: FeedbackRequest,
    @CurrentPrincipal() principal: Principal,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { comment, ...ratings } = body;
    return CommandAccepted.of(
      await this.commands.record(
        offeringId,
        {
          type: 'GiveFeedback',
          applicationId,
          teacherId: principal.subject,
          ratings,
          comment: comment ?? '',
        },
        caller,
      ),
    );
  }

  /**
   * One application, read from the group's stream (a decision just made shows at once): the teacher
   * reads its own, the coordinator its school's, the ministry any of its region.
   */
  @Get('applications/:applicationId')
  @Allow({ roles: ['teacher', 'school-coordinator', 'ministry-admin'], scope: 'region', target: ownRegion })
  @ApiOkResponse({ type: ApplicationAnswer })
  async application(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @Param('applicationId', EntityIdPipe) applicationId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { current, revision } = await this.groupOf(offeringId, principal);
    const application = current.applications.find((a) => a.applicationId === applicationId);
    if (!application || !visibleTo(principal, application)) {
      throw new NotFoundException(
        `applicationId: нет заявки ${applicationId}, доступной роли ${principal.role}`,
      );
    }
    return new Versioned(answerOf(current, application), revision);
  }

  /**
   * The group's lists, for its provider and the ministry of its region: enrolled (holding a place),
   * the waitlist in order, the results once the course runs, and those that ended before it.
   */
  @Get('group')
  @Allow({ roles: ['provider', 'ministry-admin'], scope: 'region', target: ownRegion })
  @ApiOkResponse({ type: GroupAnswer })
  async group(
    @Param('offeringId', EntityIdPipe) offeringId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { current, revision } = await this.groupOf(offeringId, principal);
    if (principal.role === 'provider' && principal.organization !== current.providerId) {
      throw new NotFoundException(`offeringId: нет потока ${offeringId} вашей организации`);
    }
    const answer: GroupAnswer = {
      offeringId,
      programId: current.programId,
      providerId: current.providerId,
      region: current.region,
      status: current.status,
      capacity: current.capacity,
      minimumGroupSize: current.minimumGroupSize,
      startsOn: current.startsOn,
      startedOn: current.startedOn ?? null,
      stateAssignment: stateAssignmentOf(current),
      places: seated(current).map((a) => answerOf(current, a)),
      waitlist: waitlist(current).map((a) => answerOf(current, a)),
      results: withResults(current).map((a) => answerOf(current, a)),
      closed: current.applications.filter((a) => !isLive(a)).map((a) => answerOf(current, a)),
    };
    return new Versioned(answer, revision);
  }

  private async groupOf(
    offeringId: string,
    principal: Principal,
  ): Promise<{ current: Group; revision: number }> {
    const { state, revision } = await this.commands.current(offeringId);
    if (state.status === 'none' || state.region !== principal.region) {
      throw new NotFoundException(`offeringId: нет потока ${offeringId} в регионе ${principal.region}`);
    }
    return { current: state, revision };
  }
}

/** The teacher reads its own applications only: the token's subject is the teacher's id. */
const ownTeacher = (request: AuthenticatedRequest) => ({
  region: request.principal?.region,
  subject: canonicalId(request.params?.['teacherId']) ?? String(request.params?.['teacherId'] ?? ''),
});

@ApiTags('applications')
@ApiBearerAuth()
@Controller('teachers/:teacherId/applications')
export class TeacherApplicationsController {
  constructor(private readonly commands: GroupCommands) {}

  /**
   * A teacher's applications and their history (status, place, why closed), the latest first: the
   * teacher reads its own, the ministry any of its region's.
   */
  @Get()
  @Allow({ roles: ['teacher'], scope: 'own-record', target: ownTeacher })
  @Allow({ roles: ['ministry-admin'], scope: 'region', target: ownRegion })
  @ApiOkResponse({ type: TeacherApplicationsAnswer })
  async ofTeacher(
    @Param('teacherId', EntityIdPipe) teacherId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TeacherApplicationsAnswer> {
    const applications: ApplicationAnswer[] = [];
    for (const ref of await this.commands.applicationsOf(teacherId)) {
      const { state } = await this.commands.current(ref.offeringId);
      if (state.status === 'none' || state.region !== principal.region) continue;
      const application = state.applications.find((a) => a.applicationId === ref.applicationId);
      if (application) applications.push(answerOf(state, application));
    }
    return { teacherId, applications };
  }
}

function stateAssignmentOf(current: Group) {
  return { quota: current.stateAssignmentQuota, taken: stateAssignmentTaken(current) };
}

function visibleTo(principal: Principal, application: Application): boolean {
  switch (principal.role) {
    case 'teacher':
      return application.teacherId === principal.subject;
    case 'school-coordinator':
      return application.organizationId === principal.organization;
    default:
      return true;
  }
}

function answerOf(current: Group, application: Application): ApplicationAnswer {
  const position = waitlist(current).findIndex((a) => a.applicationId === application.applicationId);
  const {
    applicationId,
    teacherId,
    organizationId,
    route,
    source,
    status,
    place,
    submittedAt,
    approvalDueBy,
    closed,
    result,
    attendance,
    feedbackGiven,
  } = application;
  return {
    applicationId,
    offeringId: current.offeringId,
    teacherId,
    organizationId,
    route,
    source,
    status,
    place,
    waitlistPosition: position < 0 ? null : position + 1,
    submittedAt,
    approvalDueBy,
    ...(closed ? { closed } : {}),
    ...(result ? { result } : {}),
    ...(attendance ? { attendance } : {}),
    feedbackGiven: feedbackGiven ?? false,
  };
}
