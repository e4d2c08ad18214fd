import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The answers of the kit's own endpoints (health, schedule, rebuilds, dead-letter replays, imports),
// as the OpenAPI document shows them: what a client reading it can rely on.

export class ActorAnswer {
  @ApiProperty({ example: 'admin-63' }) id!: string;
  @ApiProperty({ example: 'ministry-admin' }) role!: string;
}

export class HealthAnswer {
  @ApiProperty({
    enum: ['ok', 'degraded', 'stopping'],
    description: '"degraded" when a part needs a person; "stopping" (503) once told to stop',
  })
  status!: 'ok' | 'degraded' | 'stopping';
  @ApiProperty({ example: 'catalog' }) service!: string;
  @ApiProperty() uptimeSeconds!: number;
  @ApiProperty({ required: false, format: 'date-time', description: 'When the process was told to stop' })
  stoppingSince?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object' },
    description:
      'Each part of the service by name (relay, projection:<name>, reactions, scheduler, imports): its `status` and details',
  })
  checks!: Record<string, unknown>;
}

export class ProbeAnswer {
  @ApiProperty({ enum: ['live', 'stopping', 'ready', 'not-ready'] })
  status!: 'live' | 'stopping' | 'ready' | 'not-ready';
  @ApiProperty({ required: false, format: 'date-time', description: 'When the process was told to stop' })
  stoppingSince?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object' },
    description:
      'Readiness only: each condition (stores, broker, read-models, stopping) with `ready` and `problem`',
  })
  checks?: Record<string, { ready: boolean; problem: string | null }>;
}

export class ScheduledAnswer {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ description: 'The aggregate that decides it, by name' }) aggregate!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The command, `type` first' })
  command!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, description: 'The event that scheduled it' })
  causationId!: string | null;
}

export class RebuildAnswer {
  @ApiProperty() generation!: number;
  @ApiProperty({ enum: ['rebuilding', 'swapped', 'failed'] }) state!: string;
  @ApiProperty() processed!: number;
  @ApiProperty() total!: number;
  @ApiProperty() percent!: number;
  @ApiProperty() eventsPerSecond!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: ActorAnswer }) requestedBy!: ActorAnswer;
  @ApiPropertyOptional() error?: string;
}

export class ReplayAnswer {
  @ApiProperty({ format: 'uuid' }) replayId!: string;
  @ApiProperty() groupId!: string;
  @ApiProperty() deadLetterTopic!: string;
  @ApiProperty({ enum: ['replaying', 'finished', 'failed'] }) state!: string;
  @ApiProperty({ description: 'Dead letters the replay covers' }) total!: number;
  @ApiProperty() replayed!: number;
  @ApiProperty({ description: 'Of those, handled now' }) handled!: number;
  @ApiProperty({ description: 'Failed again: dead letters once more, at the end of the topic' })
  deadLetteredAgain!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ type: ActorAnswer }) requestedBy!: ActorAnswer;
}

export class ReplaysAnswer {
  @ApiProperty({ type: ReplayAnswer, nullable: true }) current!: ReplayAnswer | null;
  @ApiProperty({ type: [ReplayAnswer], description: 'The latest first' }) recorded!: ReplayAnswer[];
}

export class RejectionAnswer {
  @ApiProperty({ description: 'The line of the file, as a text editor counts' }) line!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The column at fault; null for the row as a whole',
  })
  column!: string | null;
  @ApiProperty({ description: 'Why, in Russian' }) reason!: string;
  @ApiProperty({ example: 'строка 17, столбец inn: ИНН "12345" должен состоять из 10 цифр' })
  message!: string;
}

export class ImportReportAnswer {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ example: 'organizations' }) kind!: string;
  @ApiProperty({ example: '63' }) region!: string;
  @ApiProperty({ enum: ['running', 'finished', 'interrupted'] }) status!: string;
  @ApiProperty({ type: ActorAnswer }) startedBy!: ActorAnswer;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ enum: ['utf-8', 'windows-1251'] }) encoding!: string;
  @ApiProperty({ enum: [';', ','] }) separator!: string;
  @ApiProperty() totalRows!: number;
  @ApiProperty() processed!: number;
  @ApiProperty() registered!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Rows not imported' }) rejected!: number;
  @ApiProperty({ type: [RejectionAnswer], description: 'The first 100 in line order; all: /rejections' })
  rejections!: RejectionAnswer[];
  @ApiProperty({ nullable: true, type: String, description: 'Why it stopped before its end' })
  interruption!: string | null;
  @ApiProperty({ description: 'Whether the service keeps the file to resume the import after a restart' })
  resumable!: boolean;
}

export class RejectionPageAnswer {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ type: [RejectionAnswer] }) rejections!: RejectionAnswer[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: number | null;
}

export class AcceptedAnswer {
  @ApiProperty({ description: 'The line of the file, as a text editor counts' }) line!: number;
  @ApiProperty({ description: 'The id of the entry the row registered, updated or left unchanged' })
  id!: string;
}

export class AcceptedPageAnswer {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ type: [AcceptedAnswer] }) accepted!: AcceptedAnswer[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: number | null;
}
