import { ApiProperty } from '@nestjs/swagger';
import type { ProgramKind } from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsIn, IsInt, Max, Min } from 'class-validator';

const KINDS: ProgramKind[] = ['advanced-training', 'retraining'];

export class SubmitProgramRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  programId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  providerId!: string;

  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: 'Формирование функциональной грамотности', maxLength: 1000 })
  @Text({ max: 1000 })
  title!: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind!: ProgramKind;

  @ApiProperty({ example: 36, description: 'At least 16 for advanced training, 250 for retraining' })
  @IsInt()
  @Min(1)
  @Max(2000)
  hours!: number;
}
