import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { COMMENT_MAX } from '../domain/irbey-criteria.decider';

// The Irbey monitoring's requests. A year is the calendar year reported on (the monitoring runs
// December–May for the year before).

export const YEARS = { min: 2020, max: 2100 } as const;

export class IrbeyQuery {
  @ApiPropertyOptional({ example: '24', description: 'Defaults to the region of the token' })
  @IsOptional()
  @RegionCode()
  region?: string;

  @ApiProperty({ example: 2026, description: 'The year reported on; last year is compared with it' })
  @TransformTo(() => Number)
  @IsInt()
  @Min(YEARS.min)
  @Max(YEARS.max)
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'One municipality; every municipality of the region by default (a municipal operator: their own)',
  })
  @IsOptional()
  @EntityId()
  municipalityId?: string;
}

export class RecordCriterionRequest {
  @ApiProperty({ description: 'Да (true) or Нет (false)' })
  @IsBoolean()
  met!: boolean;

  @ApiProperty({
    maxLength: COMMENT_MAX,
    example: 'Информация о программах КИПК размещена на сайте ММЦ, раздел «Повышение квалификации»',
    description: 'What the answer rests on: a link, a document (Russian); may be empty',
  })
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment!: string;
}

/** A year in the path: `/indicators/irbey/{municipalityId}/{year}/…`. */
export class YearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // the global validation pipe may have made it a number already (the parameter's type)
    const year = Number(value);
    if (!/^\d{4}$/.test(String(value)) || year < YEARS.min || year > YEARS.max) {
      throw new BadRequestException([
        `year: год от ${YEARS.min} до ${YEARS.max}, указано «${String(value)}»`,
      ]);
    }
    return year;
  }
}
