import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What expertise's reads answer, as the OpenAPI document shows them.

export class CriteriaSetAnswer {
  @ApiProperty({ example: 'program-review' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class QueueItemAnswer {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ description: "The program's revision under review" }) revision!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['advanced-training', 'retraining'] }) kind!: string;
  @ApiProperty() hours!: number;
  @ApiProperty({ format: 'date-time' }) assignedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
}

export class ExpertQueueAnswer {
  @ApiProperty({ format: 'uuid' }) expertId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: [QueueItemAnswer], description: 'Open assignments, earliest deadline first' })
  assignments!: QueueItemAnswer[];
}

export class CriterionScoreAnswer {
  @ApiProperty({ example: 'relevance' }) criterion!: string;
  @ApiProperty({ minimum: 0 }) score!: number;
}

export class ScorecardAnswer {
  @ApiProperty({ type: CriteriaSetAnswer }) criteriaSet!: CriteriaSetAnswer;
  @ApiProperty({ type: [CriterionScoreAnswer] }) scores!: CriterionScoreAnswer[];
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class WithdrawalAnswer {
  @ApiProperty() reason!: string;
  @ApiProperty() comment!: string;
}

export class AssignmentAnswer {
  @ApiProperty({ format: 'uuid' }) expertId!: string;
  @ApiProperty({ format: 'date-time' }) assignedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
  @ApiProperty({ enum: ['assigned', 'scored', 'withdrawn'] }) state!: string;
  @ApiProperty({ type: WithdrawalAnswer, nullable: true }) withdrawal!: WithdrawalAnswer | null;
  @ApiProperty({
    type: ScorecardAnswer,
    nullable: true,
    description: 'null while the case is open for anyone but the expert who wrote it',
  })
  scorecard!: ScorecardAnswer | null;
}

export class DecisionAnswer {
  @ApiProperty({ enum: ['approved', 'returned', 'rejected'] }) outcome!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ type: [String] }) comments!: string[];
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class ReviewCaseAnswer {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ enum: ['open', 'decided'] }) status!: string;
  @ApiProperty({ type: DecisionAnswer, nullable: true, description: 'With the comments it releases' })
  decision!: DecisionAnswer | null;
  @ApiPropertyOptional({ description: 'Not for a provider' }) reviewersRequired?: number;
  @ApiPropertyOptional({ type: CriteriaSetAnswer, description: 'Not for a provider' })
  criteriaSet?: CriteriaSetAnswer;
  @ApiPropertyOptional({
    description: 'Fewer eligible experts than the case needs: it waits for more (not for a provider)',
  })
  understaffed?: boolean;
  @ApiPropertyOptional({
    type: [AssignmentAnswer],
    description: 'Who reviews and their scorecards: never for a provider, before or after the decision',
  })
  assignments?: AssignmentAnswer[];
  @ApiPropertyOptional({
    description: 'For a provider only: the open case waits for experts (ждёт экспертов)',
  })
  waitingForExperts?: boolean;
}

export class ProgramReviewsAnswer {
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({
    type: [ReviewCaseAnswer],
    description:
      'One case per submitted revision; a provider sees where each stands and the decision, never reviewers or scores',
  })
  cases!: ReviewCaseAnswer[];
}

export class UnderstaffedCaseAnswer {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: String, nullable: true, description: "From the catalog's directory" })
  providerName!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ description: 'Experts on the case when the staffing last found too few' }) staffed!: number;
  @ApiProperty() reviewersRequired!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the case tries again by itself (it also does whenever an expert joins the pool)',
  })
  retryAt!: string | null;
}

export class UnderstaffedCasesAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: [UnderstaffedCaseAnswer], description: 'Oldest first' })
  cases!: UnderstaffedCaseAnswer[];
}

export class ProviderStatisticsAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The provider's name in the catalog's directory",
  })
  providerName!: string | null;
  @ApiProperty({ description: 'Open cases waiting for experts' }) understaffed!: number;
  @ApiProperty() opened!: number;
  @ApiProperty() decided!: number;
  @ApiProperty() approved!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean days from opening to decision' })
  meanDurationDays!: number | null;
}

export class CouncilStatisticsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: [ProviderStatisticsAnswer] }) providers!: ProviderStatisticsAnswer[];
}

export class ReviewSettingsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ description: 'Experts each case needs' }) reviewersRequired!: number;
  @ApiProperty({ description: 'Days an expert has to score' }) reviewDays!: number;
}
