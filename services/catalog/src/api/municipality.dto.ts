import { ApiProperty, OmitType } from '@nestjs/swagger';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsIn } from 'class-validator';
import { Oktmo } from './directory.dto';

export const KINDS_OF_MUNICIPALITY = Object.keys(MUNICIPALITY_KINDS) as MunicipalityKind[];

export class RegisterMunicipalityRequest {
  @ApiProperty({
    format: 'uuid',
    description:
      'UUID v5 derived from the region and the ОКТМО: of `{region}/municipality/{ОКТМО}` in namespace 8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d (`npm run directory-id -- --region 63 municipality <ОКТМО>`; directoryId in @pk/contracts). Another id is refused (422 municipality-id-not-derived); a ОКТМО already registered under another id is 409 municipality-key-registered naming it',
  })
  @EntityId()
  municipalityId!: string;

  @ApiProperty({ example: '63', description: 'Two-digit region code' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: 'городской округ Тольятти', maxLength: 300 })
  @Text({ max: 300 })
  name!: string;

  @ApiProperty({ enum: KINDS_OF_MUNICIPALITY, description: 'городской округ, муниципальный район (округ)' })
  @IsIn(KINDS_OF_MUNICIPALITY)
  kind!: MunicipalityKind;

  @ApiProperty({ example: '36740000', description: 'ОКТМО: 8 digits' })
  @Oktmo()
  oktmo!: string;
}

/** The whole record of a registered municipality; its id is the path's. */
export class UpdateMunicipalityRequest extends OmitType(RegisterMunicipalityRequest, [
  'municipalityId',
] as const) {}
