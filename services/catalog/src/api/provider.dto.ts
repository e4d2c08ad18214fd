import { ApiProperty, OmitType } from '@nestjs/swagger';
import { PROVIDER_KINDS, type ProviderKind, type ProviderOwnership } from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsIn, Matches } from 'class-validator';
import { PROVIDER_INN } from './directory.dto';

export const OWNERSHIP: readonly ProviderOwnership[] = [
  'state',
  'municipal',
  'federal-named',
  'private',
  'unspecified',
];
/** A kind must be named now; "unspecified" is only what providers registered before v3 carry. */
export const KINDS_OF_PROVIDER = Object.keys(PROVIDER_KINDS) as ProviderKind[];

export class RegisterProviderRequest {
  @ApiProperty({
    format: 'uuid',
    description:
      'UUID v5 derived from the region and the ИНН: of `{region}/provider/{ИНН}` in namespace 8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d (`npm run directory-id -- --region 63 provider <ИНН>`; directoryId in @pk/contracts). Another id is refused (422 provider-id-not-derived); a ИНН already registered under another id is 409 provider-key-registered naming it; a retried request registers once',
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
  @Matches(PROVIDER_INN, { message: 'inn: ИНН состоит из 10 или 12 цифр' })
  inn!: string;

  @ApiProperty({ enum: OWNERSHIP })
  @IsIn(OWNERSHIP)
  ownership!: ProviderOwnership;

  @ApiProperty({ enum: KINDS_OF_PROVIDER, description: 'ВО, ДПО, ресурсный центр, СПО, иная' })
  @IsIn(KINDS_OF_PROVIDER)
  kind!: ProviderKind;
}

/** The whole record of a registered provider; its id is the path's. */
export class UpdateProviderRequest extends OmitType(RegisterProviderRequest, ['providerId'] as const) {}
