import { ApiProperty } from '@nestjs/swagger';
import { SAMARA_GOAL_1 } from '../indicators/samara';

// What monitoring's reads answer, as the OpenAPI document shows them. The shapes are those of
// queries/monitoring.queries.ts and indicators/samara.ts; a field added there is added here too.

const INDICATOR_IDS = SAMARA_GOAL_1.map((definition) => definition.id);

export class CatalogStatistics {
  @ApiProperty() region!: string;
  @ApiProperty({ description: 'Providers in the register' }) providers!: number;
  @ApiProperty({ description: 'Programs submitted' }) programs!: number;
  @ApiProperty({ description: 'Of which professional retraining' }) retrainingPrograms!: number;
}

class TerritoryFiguresAnswer {
  @ApiProperty({ description: 'Teachers in the register' }) teachers!: number;
  @ApiProperty({ description: 'Educational organizations' }) organizations!: number;
  @ApiProperty({ description: 'Internship sites (стажировочные площадки)' }) internshipSites!: number;
}

class ReviewOutcomesAnswer {
  @ApiProperty() approved!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() rejected!: number;
}

class RegionWideFiguresAnswer {
  @ApiProperty({ description: 'Providers (организаторы ПК) in the register' }) providers!: number;
  @ApiProperty({ description: 'Programs approved and not archived' }) programsApproved!: number;
  @ApiProperty({ description: 'Programs submitted and awaiting the decision' }) programsInReview!: number;
  @ApiProperty({ description: 'Experts taking cases' }) activeExperts!: number;
  @ApiProperty({ type: ReviewOutcomesAnswer, description: 'Review decisions of the year' })
  reviews!: ReviewOutcomesAnswer;
  @ApiProperty({ description: 'Learners who left a course in the year (the event names no school)' })
  droppedOut!: number;
}

class VoucherFiguresAnswer {
  @ApiProperty({ description: 'Vouchers (ИОЧ) of the cycle' }) issued!: number;
  @ApiProperty({ description: 'Their money, roubles' }) issuedAmount!: number;
  @ApiProperty({ description: 'Blocks reserved by an enrollment now' }) reservedBlocks!: number;
  @ApiProperty() reservedAmount!: number;
  @ApiProperty({ description: 'Blocks paid to providers on completion' }) redeemedBlocks!: number;
  @ApiProperty() redeemedAmount!: number;
  @ApiProperty({ description: 'Blocks given back (cancelled, dropped out)' }) releasedBlocks!: number;
  @ApiProperty() expired!: number;
  @ApiProperty() revoked!: number;
  @ApiProperty({ description: 'Money left unspent by expired and revoked vouchers' }) unspentAmount!: number;
}

class EnrollmentFiguresAnswer {
  @ApiProperty({ description: 'Enrollments confirmed in the year and not cancelled' }) confirmed!: number;
  @ApiProperty({ description: 'Enrollments confirmed in the year, then cancelled' }) cancelled!: number;
  @ApiProperty({ description: 'Courses completed in the year' }) completed!: number;
}

export class FiguresAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for the whole region' })
  municipalityId!: string | null;
  @ApiProperty({ type: TerritoryFiguresAnswer, description: "The municipality's own, or the region's" })
  territory!: TerritoryFiguresAnswer;
  @ApiProperty({ type: RegionWideFiguresAnswer, description: 'Belong to no municipality: the region’s' })
  regionWide!: RegionWideFiguresAnswer;
  @ApiProperty({ type: VoucherFiguresAnswer }) vouchers!: VoucherFiguresAnswer;
  @ApiProperty({ type: EnrollmentFiguresAnswer }) enrollments!: EnrollmentFiguresAnswer;
}

export class IndicatorValueAnswer {
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ nullable: true, type: Number, example: 33.3, description: 'Percent; null when no data' })
  percent!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why there is no value (Russian); null when there is',
  })
  noData!: string | null;
}

export class SamaraIndicatorAnswer {
  @ApiProperty({ enum: INDICATOR_IDS }) id!: string;
  @ApiProperty({ description: 'As seed 000 words it (Russian)' }) title!: string;
  @ApiProperty() numeratorTitle!: string;
  @ApiProperty() denominatorTitle!: string;
  @ApiProperty({ description: 'What the definition cannot see yet (Russian); empty when nothing' })
  caveat!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: IndicatorValueAnswer }) current!: IndicatorValueAnswer;
  @ApiProperty({ type: IndicatorValueAnswer, description: 'The year before' })
  previous!: IndicatorValueAnswer;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Percentage points since the year before; null unless both years have a value',
  })
  change!: number | null;
}

export class SamaraIndicatorsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for the whole region' })
  municipalityId!: string | null;
  @ApiProperty({ type: [SamaraIndicatorAnswer] }) indicators!: SamaraIndicatorAnswer[];
}

export class MunicipalityIndicatorAnswer {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ example: 'городской округ Тольятти' }) name!: string;
  @ApiProperty({ type: SamaraIndicatorAnswer }) indicator!: SamaraIndicatorAnswer;
}

export class MunicipalityIndicatorsPageAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ enum: INDICATOR_IDS }) indicator!: string;
  @ApiProperty({ description: 'Municipalities of the region' }) total!: number;
  @ApiProperty({ type: [MunicipalityIndicatorAnswer] }) items!: MunicipalityIndicatorAnswer[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: string | null;
}
