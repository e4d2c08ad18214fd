import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CouncilStatisticsAnswer, ProgramReviewsAnswer, UnderstaffedCasesAnswer } from './expertise.answers';
import { Allow, Caller, CurrentPrincipal, type Principal } from '@pk/auth';
import type {
  ExpertAssigned,
  ExpertDeactivated,
  ExpertReactivated,
  ExpertRegistered,
  ProgramSubmitted,
  ReviewUnderstaffed,
} from '@pk/contracts';
import { type Clock, type CommandContext, ReactionRunner } from '@pk/kernel';
import { CLOCK, CommandAccepted, EntityIdPipe } from '@pk/service-runtime';
import { assignmentDeadline } from '../application/reactions/assignment-deadline.reaction';
import { openReviewCase } from '../application/reactions/open-review-case.reaction';
import { retryOnPoolChange, understaffedRetry } from '../application/reactions/understaffed-retry.reaction';
import { withdrawDeactivated } from '../application/reactions/withdraw-deactivated.reaction';
import { LegalEntities } from '../projections/legal-entities/legal-entities.queries';
import {
  type ProviderCaseView,
  providerCaseView,
  type ProviderStatistics,
  ReviewBoard,
  type ReviewCaseView,
  type UnderstaffedCaseView,
} from '../projections/review-board/review-board.queries';
import { ReviewCaseCommands } from '../application/review-case.commands';
import { ownExpertRecord } from './access';
import { RegionQuery } from './expert.dto';
import { AssignRequest, DeclineRequest, ReviewsQuery, ScorecardRequest } from './review-case.dto';

@ApiTags('review cases')
@ApiBearerAuth()
@Controller('review-cases')
export class ReviewCaseController {
  constructor(
    private readonly cases: ReviewCaseCommands,
    private readonly board: ReviewBoard,
    private readonly directory: LegalEntities,
  ) {}

  /**
   * The region's open cases waiting for experts (too few eligible experts without a conflict of
   * interest), oldest first: whom the ministry should recruit for. Each tries again by itself at
   * `retryAt` and whenever an expert joins or comes back to the pool.
   */
  @Get('understaffed')
  @Allow({ roles: ['ministry-admin', 'auditor'], scope: 'region' })
  @ApiOkResponse({ type: UnderstaffedCasesAnswer })
  async understaffed(
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ region: string; cases: (UnderstaffedCaseView & { providerName: string | null })[] }> {
    const region = query.region ?? principal.region;
    const [cases, names] = await Promise.all([
      this.board.understaffedCases(region),
      this.directory.providerNames(region),
    ]);
    return { region, cases: cases.map((c) => ({ ...c, providerName: names.get(c.providerId) ?? null })) };
  }

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
   * outcome. A provider names itself with `?organization=` and sees only its own programs, and of
   * them only where each case stands (waiting for experts, under review, decided) and the council's
   * decision with its comments — never who reviews nor what they scored; an expert only the cases
   * it was on.
   */
  @Get(':programId/reviews')
  @ApiOkResponse({ type: ProgramReviewsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor', 'expert'], scope: 'region' })
  @Allow({ roles: ['provider'], scope: 'organization' })
  async reviews(
    @Param('programId', EntityIdPipe) programId: string,
    @Query() _query: ReviewsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ programId: string; cases: (ReviewCaseView | ProviderCaseView)[] }> {
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
    // The review is blind for the provider too: reviewers and their scores are the council's work,
    // the decision (with the comments it releases) is what the provider gets.
    if (principal.role === 'provider') return { programId, cases: cases.map(providerCaseView) };
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
  constructor(
    private readonly board: ReviewBoard,
    private readonly directory: LegalEntities,
  ) {}

  /** The expert council's work in a region, by provider, named as in the catalog's directory. */
  @Get('council')
  @ApiOkResponse({ type: CouncilStatisticsAnswer })
  @Allow({ roles: ['ministry-admin', 'auditor', 'municipal-operator'], scope: 'region' })
  async council(
    @Query() query: RegionQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ region: string; providers: ProviderStatistics[] }> {
    // The access rule refused another region already; no region asked means the token's own.
    const region = query.region ?? principal.region;
    const [statistics, names] = await Promise.all([
      this.board.councilStatistics(region),
      this.directory.providerNames(region),
    ]);
    return {
      region,
      providers: statistics.map((s) => ({ ...s, providerName: names.get(s.providerId) ?? null })),
    };
  }
}

/** Other services' events and the service's own that the review cases react to. */
@Controller()
export class ReviewCaseReactions {
  private readonly poolChanged;
  private readonly deactivated;

  constructor(
    private readonly reactions: ReactionRunner,
    board: ReviewBoard,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.poolChanged = retryOnPoolChange(board);
    this.deactivated = withdrawDeactivated(board, () => clock.now());
  }

  @EventPattern('catalog.ProgramSubmitted')
  onProgramSubmitted(@Payload() event: ProgramSubmitted) {
    return this.reactions.run(openReviewCase, event);
  }

  /** The backstop of the deadlines ReviewCaseCommands schedules as it assigns. */
  @EventPattern('expertise.ExpertAssigned')
  onExpertAssigned(@Payload() event: ExpertAssigned) {
    return this.reactions.run(assignmentDeadline, event);
  }

  /** The backstop of the retry deadlines ReviewCaseCommands schedules for understaffed cases. */
  @EventPattern('expertise.ReviewUnderstaffed')
  onReviewUnderstaffed(@Payload() event: ReviewUnderstaffed) {
    return this.reactions.run(understaffedRetry, event);
  }

  /** New experts in the pool: the region's cases waiting for experts try again (backstop of ExpertCommands). */
  @EventPattern('expertise.ExpertRegistered')
  onExpertRegistered(@Payload() event: ExpertRegistered) {
    return this.reactions.run(this.poolChanged, event);
  }

  @EventPattern('expertise.ExpertReactivated')
  onExpertReactivated(@Payload() event: ExpertReactivated) {
    return this.reactions.run(this.poolChanged, event);
  }

  /** A deactivated expert's open assignments go to others (backstop of ExpertCommands). */
  @EventPattern('expertise.ExpertDeactivated')
  onExpertDeactivated(@Payload() event: ExpertDeactivated) {
    return this.reactions.run(this.deactivated, event);
  }
}
