import { ApiProperty } from '@nestjs/swagger';
import { EntityId, RegionCode } from '@pk/service-runtime';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, Matches } from 'class-validator';

export class RegisterExpertRequest {
  @ApiProperty({ format: 'uuid', description: "The subject of the expert's token" })
  @EntityId()
  expertId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ format: 'uuid', description: 'Home organization: never reviews its programs' })
  @EntityId()
  organizationId!: string;

  @ApiProperty({ example: ['physics'], description: 'Codes of the shared vocabulary (SUBJECTS)' })
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-z][a-z-]{1,39}$/, {
    each: true,
    message: 'subjects: каждое значение — код предмета, например physics',
  })
  subjects!: string[];

  @ApiProperty({ example: ['R/01'], description: 'Codes of the competency framework' })
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[A-Z]\/[0-9]{2}(\.[0-9])?$/, {
    each: true,
    message: 'competencies: каждое значение — код компетенции, например A/01.6 или R/01',
  })
  competencies!: string[];
}

/** The region of the expert's pool the ministry acts on. */
export class ExpertStatusRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;
}

export class RegionQuery {
  @ApiProperty({ required: false, example: '63', description: "Defaults to the token's region" })
  @IsOptional()
  @RegionCode()
  region?: string;
}
