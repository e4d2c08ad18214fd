import { CommandAccepted } from '@pk/service-runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type EducationLevel,
  POSITIONS,
  type Position,
  type QualificationCategory,
  type Subject,
  SUBJECTS,
} from '@pk/contracts';
import { EntityId, RegionCode, Text } from '@pk/service-runtime';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  Matches,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { isValidSnils, snilsDigits } from '@pk/contracts';
import {
  EMAIL,
  EMAIL_MAX,
  isCalendarDate,
  NAME_MAX,
  PHONE,
  WORK_PROFILE_MAX,
} from '../application/teacher-fields';

export const POSITION_CODES = Object.keys(POSITIONS) as Position[];
export const SUBJECT_CODES = Object.keys(SUBJECTS) as Subject[];
export const CATEGORIES: readonly QualificationCategory[] = ['none', 'first', 'highest'];
export const EDUCATION_LEVELS: readonly EducationLevel[] = [
  'higher-pedagogical',
  'higher-other',
  'vocational-pedagogical',
  'vocational-other',
  'other',
];
/** A date YYYY-MM-DD, or null where the contract allows it. */
function CalendarDateOrNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'calendarDateOrNull',
      validator: {
        validate: (value) => value === null || isCalendarDate(value),
        defaultMessage: (args) => `${args?.property}: ожидается дата, например 2026-03-02, или null`,
      },
    },
    options,
  );
}

/** СНИЛС: 11 digits (dashes and spaces dropped) with a right check number. */
function Snils(options?: ValidationOptions): PropertyDecorator {
  const normalise = Transform(({ value }) =>
    typeof value === 'string' ? (snilsDigits(value) ?? value) : value,
  );
  const check = ValidateBy(
    {
      name: 'snils',
      validator: {
        validate: (value) => typeof value === 'string' && isValidSnils(value),
        // the value is personal data: the message never repeats it
        defaultMessage: (args) => `${args?.property}: ожидается СНИЛС из 11 цифр с верным контрольным числом`,
      },
    },
    options,
  );
  return (target, key) => {
    normalise(target, key);
    check(target, key);
  };
}

export class PersonalDataRequest {
  @ApiProperty({ example: 'Иванова', maxLength: NAME_MAX })
  @Text({ max: NAME_MAX })
  lastName!: string;

  @ApiProperty({ example: 'Мария', maxLength: NAME_MAX })
  @Text({ max: NAME_MAX })
  firstName!: string;

  @ApiPropertyOptional({ example: 'Петровна', maxLength: NAME_MAX, description: 'Empty when none' })
  @IsOptional()
  @Text({ min: 0, max: NAME_MAX })
  patronymic: string = '';

  @ApiProperty({ example: '112-233-445 95', description: 'СНИЛС; the teacher id derives from it' })
  @Snils()
  snils!: string;

  @ApiPropertyOptional({ example: 'm.ivanova@school93.ru', description: 'Empty when unknown' })
  @IsOptional()
  @ValidateIf((request: PersonalDataRequest) => request.email !== '')
  @Matches(EMAIL, { message: 'email: ожидается адрес электронной почты, например name@school.ru' })
  @Text({ max: EMAIL_MAX })
  email: string = '';

  @ApiPropertyOptional({ example: '+7 846 123-45-67', description: 'Empty when unknown' })
  @IsOptional()
  @ValidateIf((request: PersonalDataRequest) => request.phone !== '')
  @Matches(PHONE, { message: 'phone: ожидается номер телефона, например +7 846 123-45-67' })
  phone: string = '';
}

/** A teacher's professional record, as the contract's TeacherRecord (the id aside). */
export class TeacherRecordRequest {
  @ApiProperty({ example: '63', description: 'Two-digit region code; fixed once registered' })
  @RegionCode()
  region!: string;

  @ApiProperty({ format: 'uuid', description: 'The educational organization (catalog directory)' })
  @EntityId()
  organizationId!: string;

  @ApiProperty({ format: 'uuid', description: "The organization's municipality (catalog directory)" })
  @EntityId()
  municipalityId!: string;

  @ApiProperty({ enum: POSITION_CODES })
  @IsIn(POSITION_CODES)
  position!: Position;

  @ApiProperty({ enum: SUBJECT_CODES, isArray: true, description: 'Subjects taught or areas of work' })
  @IsArray()
  @IsIn(SUBJECT_CODES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(20)
  subjects!: Subject[];

  @ApiPropertyOptional({ maxLength: WORK_PROFILE_MAX, description: 'Profile of work; empty when none' })
  @IsOptional()
  @Text({ min: 0, max: WORK_PROFILE_MAX })
  workProfile: string = '';

  @ApiProperty({ enum: CATEGORIES, description: 'Qualification category' })
  @IsIn(CATEGORIES)
  category!: QualificationCategory;

  @ApiProperty({ type: String, nullable: true, example: '2022-04-15', description: 'null for none' })
  @CalendarDateOrNull()
  categorySince!: string | null;

  @ApiProperty({ enum: EDUCATION_LEVELS })
  @IsIn(EDUCATION_LEVELS)
  education!: EducationLevel;

  @ApiProperty({ type: String, nullable: true, example: '2023-11-30', description: 'The last completed ПК' })
  @CalendarDateOrNull()
  lastTrainingCompletedOn!: string | null;
}

export class RegisterTeacherRequest extends TeacherRecordRequest {
  @ApiProperty({ type: PersonalDataRequest, description: 'Kept only encrypted under the teacher’s own key' })
  @ValidateNested()
  @Type(() => PersonalDataRequest)
  personalData!: PersonalDataRequest;
}

/** The whole professional record of a registered teacher; the id is the path's. */
export class UpdateTeacherRequest extends TeacherRecordRequest {}

export class TeacherRegistered extends CommandAccepted {
  @ApiProperty({
    format: 'uuid',
    description:
      "The teacher id: HMAC-SHA256 of `<region>/teacher/<СНИЛС digits>` under the service's teacher id key, its first 16 bytes as a UUID version 8 (RFC 9562); without the key it gives no СНИЛС back",
  })
  teacherId!: string;
}

/**
 * `POST /teachers/lookup`: the СНИЛС in the body, never in the URL, so it lands in no access log,
 * proxy log or browser history.
 */
export class TeacherLookupRequest {
  @ApiProperty({ example: '63' })
  @RegionCode()
  region!: string;

  @ApiProperty({ example: '112-233-445 95', description: 'СНИЛС of the teacher sought' })
  @Snils()
  snils!: string;
}

export class TeacherFound {
  @ApiProperty({ format: 'uuid', description: 'The teacher id the СНИЛС gives in the region' })
  teacherId!: string;
}
