import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What enrollment's commands and reads answer, as the OpenAPI document shows them.

export class ApplicationAccepted {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ description: 'Position of the group’s last event in its stream' }) version!: number;
}

export class ClosedAnswer {
  @ApiProperty({ example: 'group-below-minimum', description: 'Stable machine code' }) code!: string;
  @ApiProperty({ description: 'Why, in Russian' }) reason!: string;
}

export class ResultAnswer {
  @ApiProperty({ enum: ['completed', 'not-completed'] }) outcome!: string;
  @ApiPropertyOptional({ enum: ['advanced-training', 'retraining'], description: 'Completed: the document' })
  kind?: string;
  @ApiPropertyOptional({ description: 'Completed: academic hours' }) hours?: number;
  @ApiPropertyOptional({ description: 'Completed: the document’s number' }) certificateNumber?: string;
  @ApiPropertyOptional({ format: 'date' }) completedOn?: string;
  @ApiPropertyOptional({ enum: ['dropped-out', 'failed-final-assessment', 'did-not-attend'] })
  code?: string;
  @ApiPropertyOptional({ description: 'Not completed: the provider’s words' }) reason?: string;
  @ApiPropertyOptional({ format: 'date' }) endedOn?: string;
}

export class AttendanceAnswer {
  @ApiProperty() hoursAttended!: number;
  @ApiProperty() hoursPlanned!: number;
  @ApiProperty({ format: 'date-time', description: 'When the provider recorded it' }) recordedAt!: string;
}

export class ApplicationAnswer {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ enum: ['voucher', 'state-assignment', 'employer'] }) route!: string;
  @ApiProperty({
    enum: ['teacher', 'state-assignment-list'],
    description: 'The teacher applied, or the ministry enrolled the teacher from a state-assignment list',
  })
  source!: string;
  @ApiProperty({
    enum: [
      'awaiting-approval',
      'approved',
      'awaiting-block',
      'confirmed',
      'completed',
      'not-completed',
      'declined',
      'lapsed',
      'refused',
      'reservation-timeout',
      'withdrawn',
      'group-cancelled',
    ],
  })
  status!: string;
  @ApiProperty({
    enum: ['seat', 'waitlist', 'none'],
    description: 'A place of the group, the waitlist, or none (closed)',
  })
  place!: string;
  @ApiProperty({ nullable: true, description: '1-based place in the waitlist; null when not waitlisted' })
  waitlistPosition!: number | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'The school’s deadline to answer; for a row of the ministry’s list, its submission (approved at once)',
  })
  approvalDueBy!: string;
  @ApiPropertyOptional({ type: ClosedAnswer }) closed?: ClosedAnswer;
  @ApiPropertyOptional({ type: ResultAnswer, description: 'The course’s result, once recorded' })
  result?: ResultAnswer;
  @ApiPropertyOptional({ type: AttendanceAnswer, description: 'The latest attendance recorded' })
  attendance?: AttendanceAnswer;
  @ApiProperty({ description: 'The learner rated the course (the ratings and comment are not shown here)' })
  feedbackGiven!: boolean;
}

export class StateAssignmentAnswer {
  @ApiProperty({ description: 'Places the state assignment funds; 0 until the ministry sets it' })
  quota!: number;
  @ApiProperty({ description: 'State-assignment applications accepted: live, or with the course’s result' })
  taken!: number;
}

export class GroupAnswer {
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ enum: ['open', 'formed', 'cancelled'] }) status!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() minimumGroupSize!: number;
  @ApiProperty({ example: '2026-10-01', description: 'The first day of the course as planned' })
  startsOn!: string;
  @ApiProperty({
    example: '2026-09-28',
    nullable: true,
    description:
      'The day catalog started the offering (earlier than startsOn when its provider started it early); null until then',
  })
  startedOn!: string | null;
  @ApiProperty({ type: StateAssignmentAnswer }) stateAssignment!: StateAssignmentAnswer;
  @ApiProperty({ type: [ApplicationAnswer], description: 'Holding a place, in order of application' })
  places!: ApplicationAnswer[];
  @ApiProperty({ type: [ApplicationAnswer], description: 'The waitlist, in order' })
  waitlist!: ApplicationAnswer[];
  @ApiProperty({
    type: [ApplicationAnswer],
    description: 'The course’s results, completed or not, in order of application',
  })
  results!: ApplicationAnswer[];
  @ApiProperty({ type: [ApplicationAnswer], description: 'Ended before the course, with why' })
  closed!: ApplicationAnswer[];
}

export class ListRowAnswer {
  @ApiProperty({ description: '1-based row of the list' }) row!: number;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({
    enum: ['enrolled', 'waitlisted', 'unchanged', 'refused'],
    description:
      'enrolled: a place, confirmed; waitlisted: approved and funded, waiting for a place; unchanged: the teacher already had a live application to the offering, which stands; refused: see code and reason',
  })
  outcome!: string;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The application; null when refused' })
  applicationId!: string | null;
  @ApiProperty({ nullable: true, description: 'The application’s status now' }) status!: string | null;
  @ApiProperty({ nullable: true, description: '1-based place in the waitlist' })
  waitlistPosition!: number | null;
  @ApiPropertyOptional({ example: 'state-assignment-quota-exhausted' }) code?: string;
  @ApiPropertyOptional({ description: 'Why refused, in Russian' }) reason?: string;
}

export class StateAssignmentListReport {
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ description: 'Position of the group’s last event in its stream' }) version!: number;
  @ApiProperty() enrolled!: number;
  @ApiProperty() waitlisted!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() refused!: number;
  @ApiProperty({ type: StateAssignmentAnswer, description: 'The quota after the list' })
  stateAssignment!: StateAssignmentAnswer;
  @ApiProperty({ type: [ListRowAnswer], description: 'In the list’s order' }) rows!: ListRowAnswer[];
}

export class TeacherApplicationsAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ type: [ApplicationAnswer], description: 'The latest first' })
  applications!: ApplicationAnswer[];
}

// The applications read model's lists (queries.controller.ts).

export class ApplicationRowAnswer {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ format: 'uuid', description: 'The teacher’s school' }) organizationId!: string;
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ enum: ['voucher', 'state-assignment', 'employer'] }) route!: string;
  @ApiProperty({ enum: ['awaiting-block', 'confirmed', 'cancelled', 'completed', 'dropped-out'] })
  status!: string;
  @ApiPropertyOptional({ example: 'group-below-minimum', description: 'Why it ended: a stable code' })
  code?: string;
  @ApiPropertyOptional({ description: 'Why it ended, in Russian' }) reason?: string;
  @ApiPropertyOptional({ enum: ['advanced-training', 'retraining'] }) kind?: string;
  @ApiPropertyOptional({ description: 'Academic hours completed' }) hours?: number;
  @ApiPropertyOptional({ format: 'date' }) completedOn?: string;
  @ApiPropertyOptional({ description: 'The document’s number' }) certificateNumber?: string;
  @ApiProperty({ format: 'date-time', description: 'When the latest public event about it happened' })
  updatedAt!: string;
}

export class ApplicationsPageAnswer {
  @ApiProperty({ type: [ApplicationRowAnswer], description: 'In shard order, stable between pages' })
  applications!: ApplicationRowAnswer[];
  @ApiProperty({ nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  next!: string | null;
}

export class SchoolStaffAnswer {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: [ApplicationRowAnswer], description: 'The latest change first' })
  applications!: ApplicationRowAnswer[];
}

export class TeacherHistoryAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ type: [ApplicationRowAnswer], description: 'The latest change first' })
  courses!: ApplicationRowAnswer[];
}
