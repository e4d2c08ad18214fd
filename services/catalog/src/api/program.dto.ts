import { ApiProperty } from '@nestjs/swagger';
import {
  COMPETENCY_FRAMEWORK,
  ORGANIZATION_KINDS,
  type CompetencyCode,
  type OrganizationKind,
  POSITIONS,
  type Position,
  type ProgramKind,
  SUBJECTS,
  type Subject,
} from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';

const KINDS: ProgramKind[] = ['advanced-training', 'retraining'];
/** "unspecified" exists only for programs submitted before the format was recorded. */
const FORMATS = ['in-person', 'blended', 'distance', 'internship'] as const;
const POSITION_CODES = Object.keys(POSITIONS) as Position[];
const ORGANIZATION_KIND_CODES = Object.keys(ORGANIZATION_KINDS) as OrganizationKind[];
const SUBJECT_CODES = Object.keys(SUBJECTS) as Subject[];
const COMPETENCY_CODES = Object.keys(COMPETENCY_FRAMEWORK.competencies) as CompetencyCode[];

/** The program card (ДПП) a provider drafts and edits; every field, every time. */
export class ProgramCardRequest {
  @ApiProperty({ example: 'Формирование функциональной грамотности', maxLength: 1000 })
  @Text({ max: 1000 })
  title!: string;

  @ApiProperty({ maxLength: 5000, description: 'May be empty in a draft; required to submit' })
  @Text({ min: 0, max: 5000, multiline: true })
  annotation!: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind!: ProgramKind;

  // No @Min here: the minimum depends on the kind (16 or 250), and the decider's refusal names the
  // right one, where a DTO floor of 1 would tell a provider who typed 0 the wrong rule.
  @ApiProperty({ example: 36, description: 'At least 16 for advanced training, 250 for retraining' })
  @IsInt()
  @Max(2000)
  hours!: number;

  @ApiProperty({ enum: FORMATS })
  @IsIn(FORMATS)
  format!: (typeof FORMATS)[number];

  @ApiProperty({ enum: POSITION_CODES, isArray: true })
  @ArrayUnique()
  @ArrayMaxSize(POSITION_CODES.length)
  @IsIn(POSITION_CODES, { each: true })
  targetPositions!: Position[];

  @ApiProperty({ enum: ORGANIZATION_KIND_CODES, isArray: true })
  @ArrayUnique()
  @ArrayMaxSize(ORGANIZATION_KIND_CODES.length)
  @IsIn(ORGANIZATION_KIND_CODES, { each: true })
  organizationTypes!: OrganizationKind[];

  @ApiProperty({ enum: SUBJECT_CODES, isArray: true })
  @ArrayUnique()
  @ArrayMaxSize(30)
  @IsIn(SUBJECT_CODES, { each: true })
  subjects!: Subject[];

  @ApiProperty({ maxLength: 300, description: 'Profile of work for vocational staff; may be empty' })
  @Text({ min: 0, max: 300 })
  workProfile!: string;

  @ApiProperty({
    enum: COMPETENCY_CODES,
    isArray: true,
    description: `Framework ${COMPETENCY_FRAMEWORK.version}`,
  })
  @ArrayUnique()
  @ArrayMaxSize(30)
  @IsIn(COMPETENCY_CODES, { each: true })
  competencies!: CompetencyCode[];

  @ApiProperty()
  @IsBoolean()
  voucherEligible!: boolean;

  @ApiProperty({ description: 'Employers take part in assessing the results' })
  @IsBoolean()
  employerAssessment!: boolean;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent of hours in practice' })
  @IsInt()
  @Min(0)
  @Max(100)
  practiceShare!: number;
}

export class DraftProgramRequest extends ProgramCardRequest {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client, so a retried request drafts once' })
  @EntityId()
  programId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class ArchiveProgramRequest {
  @ApiProperty({ maxLength: 1000 })
  @Text({ max: 1000 })
  reason!: string;
}

export class RegisterSearchQuery {
  @ApiProperty({ required: false, description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ required: false, enum: SUBJECT_CODES })
  @IsOptional()
  @IsIn(SUBJECT_CODES)
  subject?: Subject;

  @ApiProperty({ required: false, enum: POSITION_CODES })
  @IsOptional()
  @IsIn(POSITION_CODES)
  position?: Position;

  @ApiProperty({ required: false, enum: ORGANIZATION_KIND_CODES })
  @IsOptional()
  @IsIn(ORGANIZATION_KIND_CODES)
  organizationType?: OrganizationKind;

  @ApiProperty({ required: false, enum: COMPETENCY_CODES })
  @IsOptional()
  @IsIn(COMPETENCY_CODES)
  competency?: CompetencyCode;

  @ApiProperty({ required: false, enum: FORMATS })
  @IsOptional()
  @IsIn(FORMATS)
  format?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @EntityId()
  providerId?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minHours?: number;

  @ApiProperty({ required: false })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  maxHours?: number;

  @ApiProperty({ required: false, enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  voucherEligible?: 'true' | 'false';

  @ApiProperty({ required: false, description: 'Words of the title (or their beginnings)' })
  @IsOptional()
  @Text({ max: 200 })
  q?: string;

  @ApiProperty({
    required: false,
    default: 1,
    description:
      'A page by number: exact for a small result; in a large one (shard order) the pages before it are walked, so prefer `cursor`',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiProperty({
    required: false,
    description: '`next` of the previous page: the page after it (then `page` is not used)',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,1000}$/, { message: 'cursor: ожидается значение next из предыдущей страницы' })
  cursor?: string;

  @ApiProperty({ required: false, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
