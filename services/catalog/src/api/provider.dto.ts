import { ApiProperty } from '@nestjs/swagger';
import type { ProviderOwnership } from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsIn, Matches } from 'class-validator';

const OWNERSHIP: ProviderOwnership[] = ['state', 'municipal', 'federal-named', 'private', 'unspecified'];

export class RegisterProviderRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'Chosen by the client, so a retried request cannot register twice',
  })
  @EntityId()
  providerId!: string;

  @ApiProperty({ example: '63', description: 'Two-digit region code' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: 'СИПКРО', maxLength: 500 })
  @Text({ max: 500 })
  name!: string;

  @ApiProperty({ example: '6317010870', description: 'ИНН: 10 digits (organization) or 12 (entrepreneur)' })
  @Matches(/^([0-9]{10}|[0-9]{12})$/, { message: 'inn must have 10 or 12 digits' })
  inn!: string;

  @ApiProperty({ enum: OWNERSHIP })
  @IsIn(OWNERSHIP)
  ownership!: ProviderOwnership;
}
