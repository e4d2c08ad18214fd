import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonalDataRequest, TeacherRecordRequest } from './teacher.dto';
import {
  type CompetencyCode,
  COMPETENCY_FRAMEWORK,
  type DeficitSource,
  type Position,
  POSITIONS,
  type Subject,
  SUBJECTS,
} from '@pk/contracts';

// What diagnostics' reads (and the attempt's hand-in) answer, as the OpenAPI document shows them.
// The shapes are those of the queries and the domain (profile.queries.ts, framework.ts,
// instruments.ts, attempt.commands.ts); a field added there is added here too.

const COMPETENCY_CODES = Object.keys(COMPETENCY_FRAMEWORK.competencies) as CompetencyCode[];
const POSITION_CODES = Object.keys(POSITIONS) as Position[];
const SUBJECT_CODES = Object.keys(SUBJECTS) as Subject[];
const DEFICIT_SOURCES: readonly DeficitSource[] = [
  'monitoring',
  'self-diagnostics',
  'federal-assessment',
  'attestation',
  'exam-analysis',
  'employer-requirements',
  'municipal-survey',
  'regional-study',
];
const CAMPAIGN_KINDS = ['yearly-monitoring', 'self-diagnostics'] as const;
const INSTRUMENT_KINDS = ['competency-test', 'burnout-screening'] as const;
const BURNOUT_LEVELS = ['low', 'moderate', 'high'] as const;
const FRAMEWORK_VERSION_EXAMPLE = COMPETENCY_FRAMEWORK.version;
/** An item's options or a scale's answer values: key → Russian text. */
const OPTIONS = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { a: 'Учебник', b: 'ФГОС и рабочая программа', c: 'Пожелания родителей' },
} as const;

export class CampaignAnswer {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) kind!: (typeof CAMPAIGN_KINDS)[number];
  @ApiProperty({ example: 2026, description: 'The year the monitoring reports on' }) year!: number;
  @ApiProperty({ format: 'date', example: '2026-12-01' }) opensOn!: string;
  @ApiProperty({ format: 'date', example: '2027-05-31' }) closesOn!: string;
  @ApiProperty({ description: 'false once the ministry closed it' }) open!: boolean;
}

// --- the framework

export class FrameworkCompetencyAnswer {
  @ApiProperty({ enum: COMPETENCY_CODES }) code!: CompetencyCode;
  @ApiProperty({ example: 'Общепедагогическая функция. Обучение' }) name!: string;
  @ApiProperty({
    enum: ['labour-function', 'regional'],
    description: 'A labour function of the professional standard or a competency the region adds',
  })
  kind!: 'labour-function' | 'regional';
  @ApiProperty({
    enum: SUBJECT_CODES,
    isArray: true,
    nullable: true,
    description: 'A subject module: applies only to teachers of these subjects; null for everyone',
  })
  onlyForSubjects!: Subject[] | null;
}

export class PositionFrameworkAnswer {
  @ApiProperty({ example: FRAMEWORK_VERSION_EXAMPLE }) version!: string;
  @ApiProperty({ enum: POSITION_CODES }) position!: Position;
  @ApiProperty({ example: 'Учитель' }) positionName!: string;
  @ApiProperty({ example: 60, description: 'Below this percent a competency is a deficit' })
  deficitThreshold!: number;
  @ApiProperty({ type: [FrameworkCompetencyAnswer] }) competencies!: FrameworkCompetencyAnswer[];
}

export class FrameworkAnswer {
  @ApiProperty({ example: FRAMEWORK_VERSION_EXAMPLE }) version!: string;
  @ApiProperty({
    type: [PositionFrameworkAnswer],
    description: 'The position asked for, or every position',
  })
  positions!: PositionFrameworkAnswer[];
}

// --- the instruments

export class InstrumentFormItemAnswer {
  @ApiProperty({ example: 'tc-01' }) id!: string;
  @ApiProperty({
    // null among the values too: OpenAPI 3.0 checks an enum before nullable
    enum: [...COMPETENCY_CODES, null],
    nullable: true,
    description: "The competency the item measures; null for a screening's items",
  })
  competency!: CompetencyCode | null;
  @ApiProperty() text!: string;
  @ApiProperty({ ...OPTIONS, description: "Option key → text (a screening's answer values, 0–4)" })
  options!: Record<string, string>;
}

/** What an instrument's form and the instrument whole both begin with. */
export class InstrumentHeadAnswer {
  @ApiProperty({ enum: INSTRUMENT_KINDS }) kind!: (typeof INSTRUMENT_KINDS)[number];
  @ApiProperty({ example: 'teacher-core' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: POSITION_CODES, isArray: true }) positions!: Position[];
  @ApiPropertyOptional({
    example: 60,
    description: 'Competency tests only: below this percent a competency is a deficit',
  })
  threshold?: number;
}

export class InstrumentFormAnswer extends InstrumentHeadAnswer {
  @ApiProperty({ type: [InstrumentFormItemAnswer], description: 'Never the answer keys' })
  items!: InstrumentFormItemAnswer[];
}

export class InstrumentFormsAnswer {
  @ApiProperty({ enum: POSITION_CODES }) position!: Position;
  @ApiProperty({
    type: [InstrumentFormAnswer],
    description: 'Every instrument the position may take, old versions included',
  })
  instruments!: InstrumentFormAnswer[];
}

export class InstrumentItemAnswer {
  @ApiProperty({ example: 'tc-01' }) id!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ enum: COMPETENCY_CODES, description: 'Competency tests only' })
  competency?: CompetencyCode;
  @ApiPropertyOptional({ ...OPTIONS, description: 'Competency tests only: option key → text' })
  options?: Record<string, string>;
  @ApiPropertyOptional({ example: 'b', description: "Competency tests only: the right option's key" })
  correct?: string;
  @ApiPropertyOptional({
    description: 'Screenings only: agreement means less burnout, so the item is scored the other way round',
  })
  reversed?: boolean;
}

export class ScreeningLevelsAnswer {
  @ApiProperty({
    example: 40,
    description: "Percent of the scale's maximum from which the level is moderate",
  })
  moderate!: number;
  @ApiProperty({ example: 70, description: "Percent of the scale's maximum from which the level is high" })
  high!: number;
}

/** An instrument whole: a competency test with its keys, or a burnout screening with its scale. */
export class InstrumentAnswer extends InstrumentHeadAnswer {
  @ApiPropertyOptional({
    ...OPTIONS,
    example: { '0': 'Никогда', '4': 'Каждый день' },
    description: 'Screenings only: the answer values of every item, 0 = never … 4 = every day',
  })
  options?: Record<string, string>;
  @ApiPropertyOptional({ type: ScreeningLevelsAnswer, description: 'Screenings only' })
  levels?: ScreeningLevelsAnswer;
  @ApiProperty({ type: [InstrumentItemAnswer] }) items!: InstrumentItemAnswer[];
}

// --- deficits

export class CompetencyCountAnswer {
  @ApiProperty({ enum: COMPETENCY_CODES }) competency!: CompetencyCode;
  @ApiProperty({ example: 'Общепедагогическая функция. Обучение' }) name!: string;
  @ApiProperty({ description: 'Teachers with an open deficit in it' }) teachers!: number;
}

export class DeficitMapAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'When the map is of one municipality' })
  municipalityId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'When the map is of one organization' })
  organizationId?: string;
  @ApiProperty({ example: FRAMEWORK_VERSION_EXAMPLE }) frameworkVersion!: string;
  @ApiProperty({
    type: [CompetencyCountAnswer],
    description: 'Every competency of the framework, in its order, 0 where nobody has the deficit',
  })
  competencies!: CompetencyCountAnswer[];
}

export class UncoveredDeficitsAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: FRAMEWORK_VERSION_EXAMPLE, description: "The framework's version" })
  framework!: string;
  @ApiProperty({
    type: [CompetencyCountAnswer],
    description:
      'Competencies with an open deficit that no approved program of the register covers, most teachers first',
  })
  competencies!: CompetencyCountAnswer[];
}

// --- a teacher's results

export class InstrumentRefAnswer {
  @ApiProperty({ example: 'teacher-core' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class BurnoutScreeningAnswer {
  @ApiProperty({ format: 'uuid', description: 'The attempt id the teacher handed it in under' })
  screeningId!: string;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: InstrumentRefAnswer }) instrument!: InstrumentRefAnswer;
  @ApiProperty({ minimum: 0, maximum: 100, description: "Percent of the scale's maximum" }) score!: number;
  @ApiProperty({ enum: BURNOUT_LEVELS }) level!: (typeof BURNOUT_LEVELS)[number];
}

export class BurnoutScreeningsAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: [BurnoutScreeningAnswer], description: 'Oldest first' })
  screenings!: BurnoutScreeningAnswer[];
}

export class CurrentScoreAnswer {
  @ApiProperty({ enum: COMPETENCY_CODES }) competency!: CompetencyCode;
  @ApiProperty() name!: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent' }) score!: number;
  @ApiProperty({ description: 'Below the threshold' }) deficit!: boolean;
  @ApiProperty({
    format: 'date-time',
    description: "An attempt's scoring time, an outside result's date at 00:00 UTC",
  })
  observedAt!: string;
  @ApiProperty({ enum: DEFICIT_SOURCES }) source!: DeficitSource;
  @ApiProperty({ format: 'uuid', description: 'The attempt or outside result' }) evidenceId!: string;
}

export class OpenDeficitAnswer {
  @ApiProperty({ enum: COMPETENCY_CODES }) competency!: CompetencyCode;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', description: 'The attempt or outside result that found it' })
  foundBy!: string;
  @ApiProperty({ enum: DEFICIT_SOURCES }) source!: DeficitSource;
}

export class ScoreChangeAnswer {
  @ApiProperty({ enum: COMPETENCY_CODES }) competency!: CompetencyCode;
  @ApiProperty() name!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The year's monitoring score; null if not measured",
  })
  score!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "The year before's; null if not measured" })
  previousScore!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'score − previousScore; null unless both are known',
  })
  change!: number | null;
}

export class SinceLastYearAnswer {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: 2025 }) previousYear!: number;
  @ApiProperty({
    type: [ScoreChangeAnswer],
    description: 'The competencies the monitoring measured in either year',
  })
  competencies!: ScoreChangeAnswer[];
}

export class ProfileAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ example: FRAMEWORK_VERSION_EXAMPLE }) frameworkVersion!: string;
  @ApiProperty({
    type: [CurrentScoreAnswer],
    description: 'The newest score per competency measured, in the order of the framework',
  })
  current!: CurrentScoreAnswer[];
  @ApiProperty({ type: [OpenDeficitAnswer] }) openDeficits!: OpenDeficitAnswer[];
  @ApiProperty({
    type: SinceLastYearAnswer,
    nullable: true,
    description: 'null when the teacher took no yearly monitoring and no year was asked',
  })
  sinceLastYear!: SinceLastYearAnswer | null;
}

// --- the hand-in

export class CompetencyScoreAnswer {
  @ApiProperty({ enum: COMPETENCY_CODES }) competency!: CompetencyCode;
  @ApiProperty({ minimum: 0, maximum: 100, description: "Percent of the competency's items answered right" })
  score!: number;
  @ApiProperty({ description: "Below the instrument's threshold" }) deficit!: boolean;
}

export class BurnoutResultAnswer {
  @ApiProperty({ minimum: 0, maximum: 100, description: "Percent of the scale's maximum" }) score!: number;
  @ApiProperty({ enum: BURNOUT_LEVELS }) level!: (typeof BURNOUT_LEVELS)[number];
}

/** A competency test answers its scores, a burnout screening its level: exactly one of the two. */
export class AttemptResultAnswer {
  @ApiProperty({
    description: "The attempt's stream position (a screening's: the teacher's screening stream)",
  })
  version!: number;
  @ApiProperty({ format: 'uuid' }) attemptId!: string;
  @ApiPropertyOptional({
    type: [CompetencyScoreAnswer],
    description: 'A competency test: the score per competency',
  })
  scores?: CompetencyScoreAnswer[];
  @ApiPropertyOptional({
    type: BurnoutResultAnswer,
    description: 'A burnout screening: its score and level, seen only by the teacher and the ministry',
  })
  burnout?: BurnoutResultAnswer;
}

/** A teacher's professional record as `GET /teachers/:id` answers it: never a name. */
export class TeacherRecordAnswer extends TeacherRecordRequest {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'The last day the last ПК counts (three years after it); null when none is known',
  })
  trainingDueOn!: string | null;
  @ApiProperty({ enum: [false], description: 'An erased teacher answers 410 instead' }) erased!: false;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A teacher's personal data, decrypted on request (each read is audited). */
export class PersonalDataAnswer extends PersonalDataRequest {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ enum: [false] }) erased!: false;
}

export class OverdueMunicipalityAnswer {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ description: 'Teachers counted' }) teachers!: number;
  @ApiProperty({ description: 'Of them, without ПК in the last three years (or none known)' })
  overdue!: number;
}

export class OverdueOrganizationAnswer extends OverdueMunicipalityAnswer {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
}

export class OverdueReportAnswer {
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) municipalityId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) organizationId!: string | null;
  @ApiProperty({ format: 'date', description: "The day counted, on the region's clock" }) on!: string;
  @ApiProperty() teachers!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: [OverdueMunicipalityAnswer] }) municipalities!: OverdueMunicipalityAnswer[];
  @ApiProperty({ type: [OverdueOrganizationAnswer] }) organizations!: OverdueOrganizationAnswer[];
}
