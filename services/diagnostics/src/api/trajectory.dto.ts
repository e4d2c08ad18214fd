import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { COMPETENCY_FRAMEWORK, type CompetencyCode } from '@pk/contracts';
import { canonicalId, EntityId, RegionCode, Text } from '@pk/service-runtime';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { ItemToAdd } from '../application/trajectory.commands';
import { ACTIVITY_TITLES, type ActivityKind } from '../domain/recommend';
import { MAX_ITEMS } from '../domain/trajectory.decider';

const COMPETENCY_CODES = Object.keys(COMPETENCY_FRAMEWORK.competencies) as CompetencyCode[];
const ITEM_KINDS = ['program', 'mentoring', 'contest', 'practice-presentation', 'expert-work'] as const;

/** The school year of a trajectory in the path, by the calendar year it starts in (2025 = 2025/26). */
export class TrajectoryYearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // the global validation pipe may have turned the path's text into a number already
    const text = typeof value === 'number' ? String(value) : value;
    const year = typeof text === 'string' && /^[0-9]{4}$/.test(text) ? Number(text) : NaN;
    if (!(year >= 2020 && year <= 2100)) {
      throw new BadRequestException('year: ожидается учебный год от 2020 до 2100, например 2025 для 2025/26');
    }
    return year;
  }
}

/** Who the caller acts in: its region, and a school coordinator its organization. */
export class TeacherPlaceRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'A school coordinator names its organization',
  })
  @IsOptional()
  @EntityId()
  organization?: string;
}

/** `?region=` (the token's when absent) and `&organization=` for a school coordinator. */
export class TeacherPlaceQuery {
  @ApiProperty({ required: false, example: '63', description: "Defaults to the token's region" })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'A school coordinator names its organization',
  })
  @IsOptional()
  @EntityId()
  organization?: string;
}

export class ProposeTrajectoryRequest extends TeacherPlaceRequest {}

export class AddItemRequest {
  @ApiProperty({ enum: ITEM_KINDS })
  @IsIn(ITEM_KINDS)
  kind!: (typeof ITEM_KINDS)[number];

  @ApiProperty({ required: false, format: 'uuid', description: 'For kind "program": an approved program' })
  @ValidateIf((item: AddItemRequest) => item.kind === 'program' || item.programId !== undefined)
  @EntityId({ message: 'programId: ожидается идентификатор (UUID) программы из реестра' })
  programId?: string;

  @ApiProperty({
    required: false,
    maxLength: 1000,
    description: 'For an activity; its usual title if absent',
  })
  @IsOptional()
  @Text({ max: 1000 })
  title?: string;

  @ApiProperty({ required: false, enum: COMPETENCY_CODES, isArray: true, description: 'For an activity' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(COMPETENCY_CODES.length)
  @IsIn(COMPETENCY_CODES, { each: true })
  competencies?: CompetencyCode[];
}

/** The teacher's edit of its trajectory, accepted in the same request. */
export class AcceptTrajectoryRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Items to drop, by itemId' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MAX_ITEMS)
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => canonicalId(v) ?? v) : value))
  @EntityId({
    each: true,
    message: 'drop: каждое значение — itemId (UUID) пункта траектории',
  })
  drop!: string[];

  @ApiProperty({ type: [AddItemRequest], description: 'Programs of the register or activities to add' })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AddItemRequest)
  add!: AddItemRequest[];
}

/** An item of the request as the command takes it; the fields of the other kind are refused. */
export function itemToAdd(item: AddItemRequest, index: number): ItemToAdd {
  if (item.kind === 'program') {
    if (item.title !== undefined || item.competencies !== undefined) {
      throw new BadRequestException(
        `add[${index}]: название и компетенции программы берутся из реестра, их не передают`,
      );
    }
    return { kind: 'program', programId: item.programId! };
  }
  if (item.programId !== undefined) {
    throw new BadRequestException(
      `add[${index}]: programId указывают только для kind "program", а не ${item.kind}`,
    );
  }
  const kind: ActivityKind = item.kind;
  return { kind, title: item.title ?? ACTIVITY_TITLES[kind], competencies: item.competencies ?? [] };
}

export class UncoveredDeficitsQuery {
  @ApiProperty({ required: false, example: '63', description: "Defaults to the token's region" })
  @IsOptional()
  @RegionCode()
  region?: string;
}
