import { ApiProperty } from '@nestjs/swagger';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const CODE = /^[a-z][a-z0-9-]{1,60}$/;

/** An expert acting on a case names itself and its region: what its own-record access checks. */
class ExpertOnCase {
  @ApiProperty({ format: 'uuid', description: "The caller's own expert id (token subject)" })
  @EntityId()
  expertId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class DeclineRequest extends ExpertOnCase {
  @ApiProperty({ example: 'Соавтор программы', maxLength: 2000 })
  @Text({ max: 2000, multiline: true })
  comment!: string;
}

export class CriteriaSetDto {
  @ApiProperty({ example: 'program-review' })
  @Matches(CODE, { message: 'criteriaSet.id: ожидается код набора критериев, например program-review' })
  id!: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  version!: number;
}

export class CriterionScoreDto {
  @ApiProperty({ example: 'relevance' })
  @Matches(CODE, { message: 'criterion: ожидается код критерия, например relevance' })
  criterion!: string;

  @ApiProperty({ minimum: 0, maximum: 3, description: '0 absent, 1 weak, 2 adequate, 3 strong' })
  @IsInt()
  @Min(0)
  @Max(3)
  score!: number;

  @ApiProperty({ maxLength: 2000, description: 'May be empty' })
  @Text({ min: 0, max: 2000, multiline: true })
  comment!: string;
}

export class ScorecardRequest extends ExpertOnCase {
  @ApiProperty({ type: CriteriaSetDto })
  @ValidateNested()
  @Type(() => CriteriaSetDto)
  criteriaSet!: CriteriaSetDto;

  @ApiProperty({ type: [CriterionScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores!: CriterionScoreDto[];

  @ApiProperty({ maxLength: 5000, description: 'May be empty' })
  @Text({ min: 0, max: 5000, multiline: true })
  summary!: string;
}

export class AssignRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class ReviewsQuery {
  @ApiProperty({ required: false, example: '63', description: "Defaults to the token's region" })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'A provider names itself here' })
  @IsOptional()
  @EntityId()
  organization?: string;
}
