import { ApiProperty } from '@nestjs/swagger';
import type { ExternalSource } from '@pk/contracts';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsISO8601,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const SOURCES: readonly ExternalSource[] = [
  'federal-assessment',
  'attestation',
  'exam-analysis',
  'employer-requirements',
  'municipal-survey',
  'regional-study',
];

export class ExternalScoreDto {
  @ApiProperty({ example: 'B/04.6' })
  @Matches(/^[A-Z]\/[0-9]{2}(\.[0-9])?$/, {
    message: 'competency: ожидается код компетенции, например A/01.6 или R/01',
  })
  competency!: string;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  score!: number;
}

export class ExternalResultRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client: a retry with the same id counts once' })
  @EntityId()
  resultId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  teacherId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({
    enum: SOURCES,
    description: 'ЕФОМ, attestation, exam analysis, employer requirements, municipal survey, regional study',
  })
  @IsIn(SOURCES)
  source!: ExternalSource;

  @ApiProperty({ example: '2026-02-10' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: 'recordedOn: ожидается дата, например 2026-02-10',
  })
  // strict: a day the calendar has (no 30 February), as the contract's `format: date` demands
  @IsISO8601({ strict: true }, { message: 'recordedOn: ожидается дата, например 2026-02-10' })
  recordedOn!: string;

  @ApiProperty({ type: [ExternalScoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ExternalScoreDto)
  scores!: ExternalScoreDto[];
}
