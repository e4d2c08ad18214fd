import { ApiProperty, OmitType } from '@nestjs/swagger';
import { canonicalId, EntityId, RegionCode, Text } from '@pk/service-runtime';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { CalendarDate, OrganizationInn } from './directory.dto';

export class InternshipPeriodRequest {
  @ApiProperty({ example: '2026-03-02' })
  @CalendarDate()
  startsOn!: string;

  @ApiProperty({ example: '2026-03-13', description: 'On or after startsOn' })
  @CalendarDate()
  endsOn!: string;

  @ApiProperty({ example: 12, minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  places!: number;
}

export class RegisterInternshipSiteRequest {
  @ApiProperty({
    format: 'uuid',
    description:
      'UUID v5 derived from the region and the ИНН: of `{region}/internship-site/{ИНН}` in namespace 8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d (`npm run directory-id -- --region 63 internship-site <ИНН>`; directoryId in @pk/contracts). Another id is refused (422 internship-site-id-not-derived); a ИНН already registered under another id is 409 internship-site-key-registered naming it',
  })
  @EntityId()
  siteId!: string;

  @ApiProperty({ example: '63', description: 'Two-digit region code' })
  @RegionCode()
  region!: string;

  @ApiProperty({ format: 'uuid', description: 'A registered municipality of the same region' })
  @EntityId()
  municipalityId!: string;

  @ApiProperty({ example: 'ПАО «АвтоВАЗ», учебный центр', maxLength: 500 })
  @Text({ max: 500 })
  name!: string;

  @ApiProperty({ example: '6320002223', description: 'ИНН: 10 digits' })
  @OrganizationInn()
  inn!: string;

  @ApiProperty({ example: 'Автомобилестроение, сборочное производство', maxLength: 300 })
  @Text({ max: 300 })
  profile!: string;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: 200, description: 'Internship programs hosted' })
  @Transform(({ value }) =>
    Array.isArray(value) ? value.map((id: unknown) => canonicalId(id) ?? id) : value,
  )
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @EntityId({ each: true })
  programIds!: string[];

  @ApiProperty({ type: [InternshipPeriodRequest], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => InternshipPeriodRequest)
  periods!: InternshipPeriodRequest[];
}

/** The whole record of a registered site; its id is the path's. */
export class UpdateInternshipSiteRequest extends OmitType(RegisterInternshipSiteRequest, [
  'siteId',
] as const) {}
