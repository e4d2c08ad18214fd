import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { REVIEW_DAYS, REVIEWERS } from '../domain/review-settings.decider';

export class ReviewSettingsRequest {
  @ApiProperty({ minimum: REVIEWERS.min, maximum: REVIEWERS.max, example: 3 })
  @IsInt()
  @Min(REVIEWERS.min)
  @Max(REVIEWERS.max)
  reviewersRequired!: number;

  @ApiProperty({ minimum: REVIEW_DAYS.min, maximum: REVIEW_DAYS.max, example: 10 })
  @IsInt()
  @Min(REVIEW_DAYS.min)
  @Max(REVIEW_DAYS.max)
  reviewDays!: number;
}
