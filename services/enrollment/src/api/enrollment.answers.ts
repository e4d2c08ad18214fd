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

export class ApplicationAnswer {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ enum: ['voucher', 'state-assignment', 'employer'] }) route!: string;
  @ApiProperty({
    enum: [
      'awaiting-approval',
      'approved',
      'awaiting-block',
      'confirmed',
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
  @ApiProperty({ format: 'date-time', description: 'The school’s deadline to answer' })
  approvalDueBy!: string;
  @ApiPropertyOptional({ type: ClosedAnswer }) closed?: ClosedAnswer;
}

export class GroupAnswer {
  @ApiProperty({ format: 'uuid' }) offeringId!: string;
  @ApiProperty({ format: 'uuid' }) programId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ enum: ['open', 'formed', 'cancelled'] }) status!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() minimumGroupSize!: number;
  @ApiProperty({ type: [ApplicationAnswer], description: 'Holding a place, in order of application' })
  places!: ApplicationAnswer[];
  @ApiProperty({ type: [ApplicationAnswer], description: 'The waitlist, in order' })
  waitlist!: ApplicationAnswer[];
  @ApiProperty({ type: [ApplicationAnswer], description: 'Ended before the course, with why' })
  closed!: ApplicationAnswer[];
}

export class TeacherApplicationsAnswer {
  @ApiProperty({ format: 'uuid' }) teacherId!: string;
  @ApiProperty({ type: [ApplicationAnswer], description: 'The latest first' })
  applications!: ApplicationAnswer[];
}
