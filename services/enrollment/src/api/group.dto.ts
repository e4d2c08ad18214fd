import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EntityId, Text } from '@pk/service-runtime';
import { type FundingRoute, NOT_COMPLETED_CODES, type NotCompletedCode } from '../domain/group.decider';

// Each field's limits equal the contracts': whatever passes a DTO passes the event's schema.

export const FUNDING_ROUTES: readonly FundingRoute[] = ['voucher', 'state-assignment', 'employer'];

/** A teacher's application to an offering; the teacher is the token's subject. */
export class ApplyRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'The teacher’s school: its coordinator approves the application',
  })
  @EntityId()
  organizationId!: string;

  @ApiProperty({
    enum: FUNDING_ROUTES,
    description: 'Who pays: the voucher (ИОЧ), the state assignment, the employer',
  })
  @IsIn(FUNDING_ROUTES, { message: 'route: способ оплаты — voucher, state-assignment или employer' })
  route!: FundingRoute;
}

/** Why: a decline by the school, a withdrawal by the teacher (may be empty). */
export class ReasonRequest {
  @ApiProperty({ maxLength: 1000, description: 'May be empty' })
  @Text({ min: 0, max: 1000 })
  reason!: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: '$property: ожидается дата, например 2026-10-20' };
const KINDS = ['advanced-training', 'retraining'] as const;

/** A learner completed the course: the document issued, as ФИС ФРДО will take it. */
export class CompletionRequest {
  @ApiProperty({
    enum: KINDS,
    description:
      'advanced-training: удостоверение о повышении квалификации; retraining: диплом о профессиональной переподготовке',
  })
  @IsIn(KINDS, { message: 'kind: вид документа — advanced-training или retraining' })
  kind!: (typeof KINDS)[number];

  @ApiProperty({ minimum: 1, maximum: 2000, description: 'Academic hours completed' })
  @IsInt()
  @Min(1)
  @Max(2000)
  hours!: number;

  @ApiProperty({ minLength: 1, maxLength: 100, description: 'The document’s number' })
  @Text({ min: 1, max: 100 })
  certificateNumber!: string;

  @ApiProperty({ example: '2026-10-20', description: 'From the course’s start to today' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  completedOn!: string;
}

/** A learner will not complete the course: why, as a code and in words. */
export class NonCompletionRequest {
  @ApiProperty({
    enum: NOT_COMPLETED_CODES,
    description:
      'dropped-out: отчислен, выбыл; failed-final-assessment: не прошёл итоговую аттестацию; did-not-attend: не приступил к обучению',
  })
  @IsIn(NOT_COMPLETED_CODES, {
    message: 'code: причина — dropped-out, failed-final-assessment или did-not-attend',
  })
  code!: NotCompletedCode;

  @ApiProperty({ minLength: 1, maxLength: 1000 })
  @Text({ min: 1, max: 1000 })
  reason!: string;

  @ApiProperty({ example: '2026-10-12', description: 'When it ended: from the course’s start to today' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  endedOn!: string;
}

/** A learner's attendance so far: replaces the previous record. */
export class AttendanceRequest {
  @ApiProperty({ minimum: 0, maximum: 2000, description: '0 records absence' })
  @IsInt()
  @Min(0)
  @Max(2000)
  hoursAttended!: number;

  @ApiProperty({ minimum: 1, maximum: 2000 })
  @IsInt()
  @Min(1)
  @Max(2000)
  hoursPlanned!: number;
}

const rating = (description: string) => ApiProperty({ minimum: 1, maximum: 5, description });

/** The learner's ratings, 1 (poor) to 5 (excellent), and a comment kept within enrollment. */
export class FeedbackRequest {
  @rating('Содержание')
  @IsInt()
  @Min(1)
  @Max(5)
  content!: number;

  @rating('Практическая направленность')
  @IsInt()
  @Min(1)
  @Max(5)
  practiceOrientation!: number;

  @rating('Преподаватели')
  @IsInt()
  @Min(1)
  @Max(5)
  teachers!: number;

  @rating('Организация обучения')
  @IsInt()
  @Min(1)
  @Max(5)
  organization!: number;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Optional, may span lines; kept in enrollment, never published to other systems',
  })
  @IsOptional()
  @Text({ min: 0, max: 2000, multiline: true })
  comment?: string;
}

/** The ministry's state-assignment quota of an offering: places the state assignment funds. */
export class StateAssignmentQuotaRequest {
  @ApiProperty({
    minimum: 0,
    maximum: 1000,
    description:
      'At most the offering’s capacity (422 quota-exceeds-capacity), at least the state-assignment applications already accepted (422 quota-below-taken)',
  })
  @IsInt()
  @Min(0)
  @Max(1000)
  places!: number;
}

/** A teacher of the ministry's list and the teacher's school. */
export class ListedTeacherRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  teacherId!: string;

  @ApiProperty({ format: 'uuid', description: 'The teacher’s school' })
  @EntityId()
  organizationId!: string;
}

/**
 * The ministry's state-assignment list for an offering, in the order places are given. A group
 * holds at most 1 000 places (catalog's capacity), so a longer list is a mistake.
 */
export class StateAssignmentListRequest {
  @ApiProperty({
    type: [ListedTeacherRequest],
    minItems: 1,
    maxItems: 1000,
    description: 'Each teacher once',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique((row: ListedTeacherRequest | undefined) => row?.teacherId)
  @ValidateNested({ each: true })
  @Type(() => ListedTeacherRequest)
  teachers!: ListedTeacherRequest[];
}
