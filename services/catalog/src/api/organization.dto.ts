import { ApiProperty, OmitType } from '@nestjs/swagger';
import { ORGANIZATION_KINDS, type OrganizationKind } from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { IsIn } from 'class-validator';
import { OrganizationInn } from './directory.dto';

export const KINDS_OF_ORGANIZATION = Object.keys(ORGANIZATION_KINDS) as OrganizationKind[];

export class RegisterOrganizationRequest {
  @ApiProperty({
    format: 'uuid',
    description:
      'UUID v5 derived from the region and the ИНН: of `{region}/organization/{ИНН}` in namespace 8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d (`npm run directory-id -- --region 63 organization <ИНН>`; directoryId in @pk/contracts). Another id is refused (422 organization-id-not-derived); a ИНН already registered under another id is 409 organization-key-registered naming it',
  })
  @EntityId()
  organizationId!: string;

  @ApiProperty({ example: '63', description: 'Two-digit region code' })
  @RegionCode()
  region!: string;

  @ApiProperty({ format: 'uuid', description: 'A registered municipality of the same region' })
  @EntityId()
  municipalityId!: string;

  @ApiProperty({ example: 'МБУ «Школа № 93» г.о. Тольятти', maxLength: 500 })
  @Text({ max: 500 })
  name!: string;

  @ApiProperty({ enum: KINDS_OF_ORGANIZATION, description: 'школа, ДОУ, УДОД, СПО' })
  @IsIn(KINDS_OF_ORGANIZATION)
  kind!: OrganizationKind;

  @ApiProperty({ example: '6321064750', description: 'ИНН: 10 digits' })
  @OrganizationInn()
  inn!: string;
}

/** The whole record of a registered organization; its id is the path's. */
export class UpdateOrganizationRequest extends OmitType(RegisterOrganizationRequest, [
  'organizationId',
] as const) {}
