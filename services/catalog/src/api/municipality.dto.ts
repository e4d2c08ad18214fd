import { ApiProperty, OmitType } from '@nestjs/swagger';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsIn } from 'class-validator';
import { Oktmo } from './directory.dto';

export const KINDS_OF_MUNICIPALITY = Object.keys(MUNICIPALITY_KINDS) as MunicipalityKind[];

export class RegisterMunicipalityRequest {
  @ApiProperty({ format: 'uuid', description: 'Chosen by the client; the import derives it from the ОКТМО' })
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
