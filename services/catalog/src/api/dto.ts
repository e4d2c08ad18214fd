import { ApiProperty } from '@nestjs/swagger';
import type { ProgramKind, ProviderOwnership } from '@pk/contracts';
import { EntityId, Text } from '@pk/service-runtime';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';

const OWNERSHIP: ProviderOwnership[] = ['state', 'municipal', 'federal-named', 'private', 'unspecified'];
const KINDS: ProgramKind[] = ['advanced-training', 'retraining'];

export class RegisterProviderRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'Chosen by the client, so a retried request cannot register twice',
  })
  @EntityId()
  providerId!: string;

  @ApiProperty({ example: '63', description: 'Two-digit region code' })
  @Matches(/^[0-9]{2}$/, { message: 'region must be a two-digit region code such as 63' })
  region!: string;

  @ApiProperty({ example: 'СИПКРО' })
  @Text({ max: 500 })
  name!: string;

  @ApiProperty({ example: '6317010870', description: 'ИНН: 10 digits (organization) or 12 (entrepreneur)' })
  @Matches(/^([0-9]{10}|[0-9]{12})$/, { message: 'inn must have 10 or 12 digits' })
  inn!: string;

  @ApiProperty({ enum: OWNERSHIP })
  @IsIn(OWNERSHIP)
  ownership!: ProviderOwnership;
}

export class SubmitProgramRequest {
  @ApiProperty({ format: 'uuid' })
  @EntityId()
  programId!: string;

  @ApiProperty({ format: 'uuid' })
  @EntityId()
  providerId!: string;

  @ApiProperty({ example: '63' })
  @Matches(/^[0-9]{2}$/, { message: 'region must be a two-digit region code such as 63' })
  region!: string;

  @ApiProperty({ example: 'Формирование функциональной грамотности' })
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

export class CommandAccepted {
  @ApiProperty({ description: 'Stream revision after the command' })
  revision!: number;
}
