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

// The Irbey municipal monitoring (indicators/irbey.ts, queries/irbey.queries.ts).

// Withheld (null) from the federal role: who recorded a row and their comment are a person's.
class IrbeyRecordAnswer {
  @ApiProperty({ description: 'Subject of the token that recorded it (never a name)' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: "The operator's comment (Russian)" }) comment!: string;
}

export class IrbeyRowValueAnswer {
  @ApiProperty({ nullable: true, type: Boolean, description: 'Да / Нет; null when unrecorded or no data' })
  met!: boolean | null;
  @ApiProperty({ nullable: true, type: Number, description: '1 or 0 when the row is scored; null otherwise' })
  score!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Data rows: facts making it «Да»; shares: the numerator',
  })
  numerator!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Shares only' }) denominator!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Shares only; null when no data' })
  percent!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why there is no value (Russian)' })
  noData!: string | null;
  @ApiProperty({
    nullable: true,
    type: IrbeyRecordAnswer,
    description: "Operator's rows: the record (withheld from the federal role: it names a person)",
  })
  recorded!: IrbeyRecordAnswer | null;
}

export class IrbeyRowAnswer {
  @ApiProperty({ example: '2.2a', description: 'The row of seed 003, Приложение 1 (q… the quality groups)' })
  id!: string;
  @ApiProperty({ enum: ['criteria', 'program-quality', 'mastering-quality'] }) group!: string;
  @ApiProperty({ description: 'The criterion, as the seed words it' }) criterion!: string;
  @ApiProperty({ description: 'The indicator, as the seed words it' }) title!: string;
  @ApiProperty({ enum: ['data', 'operator', 'share'] }) kind!: string;
  @ApiProperty({ description: 'Counted in the total score' }) scored!: boolean;
  @ApiProperty({ description: 'Which events make it true, or who records it (Russian)' }) evidence!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: IrbeyRowValueAnswer }) current!: IrbeyRowValueAnswer;
  @ApiProperty({ type: IrbeyRowValueAnswer, description: 'The year before' }) previous!: IrbeyRowValueAnswer;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Shares: percentage points; yes/no rows: +1, 0 or −1; null unless both years have a value',
  })
  change!: number | null;
}

export class IrbeyScoreAnswer {
  @ApiProperty() score!: number;
  @ApiProperty({ description: 'Rows scored' }) max!: number;
  @ApiProperty({ description: "Operator's rows nobody recorded (each scored 0)" }) unrecorded!: number;
}

class IrbeyGroupScoresAnswer {
  @ApiProperty({ type: IrbeyScoreAnswer }) criteria!: IrbeyScoreAnswer;
  @ApiProperty({ type: IrbeyScoreAnswer }) 'program-quality'!: IrbeyScoreAnswer;
  @ApiProperty({ type: IrbeyScoreAnswer }) 'mastering-quality'!: IrbeyScoreAnswer;
}

export class MunicipalityIrbeyAnswer {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ example: 'Ирбейский район' }) name!: string;
  @ApiProperty({ type: [IrbeyRowAnswer] }) rows!: IrbeyRowAnswer[];
  @ApiProperty({ type: IrbeyScoreAnswer }) total!: IrbeyScoreAnswer;
  @ApiProperty({ type: IrbeyScoreAnswer }) totalPreviousYear!: IrbeyScoreAnswer;
  @ApiProperty({ type: IrbeyGroupScoresAnswer }) byGroup!: IrbeyGroupScoresAnswer;
}

export class IrbeyAnswer {
  @ApiProperty({ example: '24' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: [MunicipalityIrbeyAnswer], description: 'By name; one for a municipal operator' })
  municipalities!: MunicipalityIrbeyAnswer[];
}

// Reports (аналитические справки): what is kept of each, and the list.

export class ReportSummaryAnswer {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null for the region' })
  municipalityId!: string | null;
  @ApiProperty({ example: 'Аналитическая справка по муниципалитету «Ирбейский район» за 2026 год' })
  title!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ description: 'Subject of the token that asked for it' }) issuedBy!: string;
  @ApiProperty({
    type: [String],
    example: ['/reports/{id}.xlsx', '/reports/{id}.pdf', '/reports/{id}.csv'],
    description: 'The same frozen data as XLSX, PDF and CSV',
  })
  files!: string[];
}

export class ReportListAnswer {
  @ApiProperty({ type: [ReportSummaryAnswer], description: 'Newest first' }) items!: ReportSummaryAnswer[];
}

// GET /statistics/activity (queries/activity.queries.ts)

class ActivityEnrollmentsAnswer {
  @ApiProperty({ description: 'Enrollments confirmed in the year' }) confirmed!: number;
  @ApiProperty({ description: 'Confirmed enrollments cancelled in the year (withdrawn, group cancelled)' })
  cancelled!: number;
  @ApiProperty({ description: 'Courses completed in the year' }) completed!: number;
  @ApiProperty({ description: 'Not completed: left after the start' }) droppedOut!: number;
  @ApiProperty({ description: 'Not completed: failed the final assessment' }) failedFinalAssessment!: number;
  @ApiProperty({ description: 'Not completed: never attended' }) didNotAttend!: number;
  @ApiProperty({ description: 'The three ways of not completing together' }) notCompleted!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Applications withdrawn before confirmation; their school, provider and program are unknown, so null when filtered',
  })
  withdrawnBeforeConfirmation!: number | null;
}

class ActivityGroupsAnswer {
  @ApiProperty({ description: 'Offerings whose classes began in the year (groups formed)' }) started!: number;
  @ApiProperty({ description: 'Offerings cancelled in the year' }) cancelled!: number;
}

class ActivityReviewsAnswer {
  @ApiProperty() approved!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 12.5,
    description: 'Mean days from the case opened to the decision; null when none was decided',
  })
  averageDays!: number | null;
}

class ActivityFeedbackAnswer {
  @ApiProperty({ description: 'Ratings given in the year' }) ratings!: number;
  @ApiProperty({ nullable: true, type: Number, example: 4.25, description: 'Mean 1–5; null with no ratings' })
  content!: number | null;
  @ApiProperty({ nullable: true, type: Number }) practiceOrientation!: number | null;
  @ApiProperty({ nullable: true, type: Number }) teachers!: number | null;
  @ApiProperty({ nullable: true, type: Number }) organization!: number | null;
}

class ProviderShareAnswer {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ description: 'Voucher blocks redeemed to the provider' }) blocks!: number;
  @ApiProperty({ description: 'Roubles' }) amount!: number;
  @ApiProperty({ example: 37.5, description: 'Percent of the money redeemed in the filter' }) share!: number;
}

class ActivityVouchersAnswer {
  @ApiProperty({ description: 'Voucher blocks redeemed in the cycle' }) blocks!: number;
  @ApiProperty({ description: 'Roubles paid to providers' }) amount!: number;
  @ApiProperty({ description: 'Providers paid for at least one block' }) providersServing!: number;
  @ApiProperty({ type: [ProviderShareAnswer], description: 'Market shares, largest first' })
  providers!: ProviderShareAnswer[];
}

export class ActivityStatisticsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) municipalityId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'One school (ОО), or null' })
  organizationId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) providerId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) programId!: string | null;
  @ApiProperty({ type: ActivityEnrollmentsAnswer, description: 'Narrowed by every filter' })
  enrollments!: ActivityEnrollmentsAnswer;
  @ApiProperty({
    type: ActivityGroupsAnswer,
    description: 'Name no school: the region’s, by provider and program',
  })
  groups!: ActivityGroupsAnswer;
  @ApiProperty({ type: ActivityReviewsAnswer, description: 'Expertise decisions of the year: the region’s' })
  reviews!: ActivityReviewsAnswer;
  @ApiProperty({ type: ActivityFeedbackAnswer, description: 'Anonymous ratings: the region’s' })
  feedback!: ActivityFeedbackAnswer;
  @ApiProperty({
    type: ActivityVouchersAnswer,
    nullable: true,
    description:
      'By the voucher’s municipality, provider and program; null for one school (the money is kept by municipality)',
  })
  vouchers!: ActivityVouchersAnswer | null;
}

// GET /statistics/school (queries/school.queries.ts): one school's figures.

export class SchoolFiguresAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ format: 'uuid', description: 'The school’s municipality' }) municipalityId!: string;
  @ApiProperty({ description: 'Teachers of the school in the register' }) teachers!: number;
  @ApiProperty({ type: VoucherFiguresAnswer, description: 'Vouchers of the school’s teachers for the cycle' })
  vouchers!: VoucherFiguresAnswer;
  @ApiProperty({ type: EnrollmentFiguresAnswer }) enrollments!: EnrollmentFiguresAnswer;
}

// GET /statistics/regions (queries/regions.queries.ts): every region's totals, for the federal role.

export class RegionTotalsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: 'Самарская область' }) name!: string;
  @ApiProperty({ type: FiguresAnswer, description: 'GET /statistics/figures of the region' })
  figures!: FiguresAnswer;
  @ApiProperty({
    type: [SamaraIndicatorAnswer],
    description: 'GET /indicators/samara of the region: the region values',
  })
  indicators!: SamaraIndicatorAnswer[];
}

export class RegionsAnswer {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({
    type: [RegionTotalsAnswer],
    description: 'One row per region with data (a municipality registered), by region code',
  })
  regions!: RegionTotalsAnswer[];
  @ApiProperty({ description: 'Regions of the reference list without data yet (not listed)' })
  regionsWithoutData!: number;
}
