import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CouncilStatisticsAnswer, ProgramReviewsAnswer } from './expertise.answers';
import { Allow, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type { ExpertAssigned, ProgramSubmitted } from '@pk/contracts';
import { type CommandContext, ReactionRunner } from '@pk/kernel';
import { CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { assignmentDeadline } from '../application/reactions/assignment-deadline.reaction';
import { openReviewCase } from '../application/reactions/open-review-case.reaction';
import {
  type ProviderStatistics,
  ReviewBoard,
  type ReviewCaseView,
} from '../projections/review-board/review-board.queries';
import { ReviewCaseCommands } from '../application/review-case.commands';
import { ownExpertRecord } from './access';
import { RegionQuery } from './expert.dto';
import { AssignRequest, DeclineRequest, ReviewsQuery, ScorecardRequest } from './review-case.dto';

@ApiTags('review cases')
@ApiBearerAuth()
@Controller('review-cases')
export class ReviewCaseController {
  constructor(private readonly cases: ReviewCaseCommands) {}

  /** The expert will not review this case; another is chosen the same way in the same decision. */
  @Post(':caseId/decline')
  @HttpCode(200)
  @Allow({ roles: ['expert'], scope: 'own-record', target: ownExpertRecord('body') })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async decline(
    @Param('caseId', EntityIdPipe) caseId: string,
    @Body() body: DeclineRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.cases.decline({ caseId, ...body }, caller));
  }

  /** The expert's scorecard; the last one the case needs decides it in the same command. */
  @Post(':caseId/scorecards')
  @HttpCode(201)
  @Allow({ roles: ['expert'], scope: 'own-record', target: ownExpertRecord('body') })
  @ApiResponse({ status: 201, type: CommandAccepted })
  async submitScorecard(
    @Param('caseId', EntityIdPipe) caseId: string,
    @Body() body: ScorecardRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    const { criteriaSet, scores, ...rest } = body;
    return CommandAccepted.of(
      await this.cases.submitScorecard(
        {
          caseId,
          ...rest,
          criteriaSet: { id: criteriaSet.id, version: criteriaSet.version },
          scores: scores.map(({ criterion, score, comment }) => ({ criterion, score, comment })),
        },
        caller,
      ),
    );
  }

  /** Tries again to staff a case that found too few experts (after experts joined the pool). */
  @Post(':caseId/assign')
  @HttpCode(200)
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @ApiResponse({ status: 200, type: CommandAccepted })
  async assign(
    @Param('caseId', EntityIdPipe) caseId: string,
    @Body() body: AssignRequest,
    @Caller() caller: CommandContext,
  ): Promise<CommandAccepted> {
    return CommandAccepted.of(await this.cases.assign({ caseId, region: body.region }, caller));
  }
}

@ApiTags('review cases')
@ApiBearerAuth()
@Controller('programs')
export class ProgramReviewsController {
  constructor(private readonly board: ReviewBoard) {}

  /**
   * A program's review history, revision by revision: who was assigned, their scorecards, the
   * outcome. A provider names itself with `?organization=` and sees only its own programs; an
   * expert only the cases it was on.
   */
  @Get(':programId/reviews')
  @ApiOkResponse({ type: ProgramReviewsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor', 'expert'], scope: 'region' })
  @Allow({ roles: ['provider'], scope: 'organization' })
  async reviews(
    @Param('programId', EntityIdPipe) programId: string,
    @Query() _query: ReviewsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ programId: string; cases: ReviewCaseView[] }> {
    const cases = (await this.board.programReviews(programId)).filter((c) => c.region === principal.region);
    if (cases.length === 0) {
      throw new NotFoundException(
        `программа ${programId} не проходила экспертизу в регионе ${principal.region}`,
      );
    }
    if (principal.role === 'provider' && cases.some((c) => c.providerId !== principal.organization)) {
      throw new ForbiddenException(
        `программа ${programId} принадлежит не организации ${principal.organization}`,
      );
    }
    if (principal.role !== 'expert') return { programId, cases };
    // An expert sees the cases it was on, and while one is open none of the others' scorecards:
    // the review stays blind until the council has decided.
    const own = cases
      .filter((c) => c.assignments.some((a) => a.expertId === principal.subject))
      .map((c) =>
        c.status === 'decided'
          ? c
          : {
              ...c,
              assignments: c.assignments.map((a) =>
                a.expertId === principal.subject ? a : { ...a, scorecard: null },
              ),
            },
      );
    if (own.length === 0) {
      throw new NotFoundException(
        `эксперт ${principal.subject} не участвовал в экспертизе программы ${programId}`,
      );
    }
    return { programId, cases: own };
  }
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class CouncilStatisticsController {
  constructor(private readonly board: ReviewBoard) {}

  /** The expert council's work in a region, by provider. */
  @Get('council')
  @ApiOkResponse({ type: CouncilStatisticsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor', 'municipal-operator'], scope: 'region' })
  async council(
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ region: string; providers: ProviderStatistics[] }> {
    // The access rule refused another region already; no region asked means the token's own.
    const region = query.region ?? principal.region;
    return { region, providers: await this.board.councilStatistics(region) };
  }
}

/** Other services' events and the service's own that the review cases react to. */
@Controller()
export class ReviewCaseReactions {
  constructor(private readonly reactions: ReactionRunner) {}

  @EventPattern('catalog.ProgramSubmitted')
  onProgramSubmitted(@Payload() event: ProgramSubmitted) {
    return this.reactions.run(openReviewCase, event);
  }

  /** The backstop of the deadlines ReviewCaseCommands schedules as it assigns. */
  @EventPattern('expertise.ExpertAssigned')
  onExpertAssigned(@Payload() event: ExpertAssigned) {
    return this.reactions.run(assignmentDeadline, event);
  }
}
