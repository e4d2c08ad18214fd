import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { EntityId } from '@pk/service-runtime';
import { isCalendarDate } from '../application/teacher-fields';

/** A day of the calendar, YYYY-MM-DD; the message names the field. */
function CalendarDate(): PropertyDecorator {
  return ValidateBy({
    name: 'calendarDate',
    validator: {
      validate: (value) => isCalendarDate(value),
      defaultMessage: (args) => `${args?.property ?? 'date'}: дата в виде ГГГГ-ММ-ДД, например 2026-04-30`,
    },
  });
}

/** The period of a ФИС ФРДО export: the days the documents were issued on, both included. */
export class FrdoExportQuery {
  @ApiProperty({ format: 'date', example: '2026-04-01', description: 'First day of issue, included' })
  @CalendarDate()
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-04-30', description: 'Last day of issue, included' })
  @CalendarDate()
  to!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The ministry: only this provider’s documents (a provider always gets its own)',
  })
  @IsOptional()
  @EntityId()
  providerId?: string;
}
