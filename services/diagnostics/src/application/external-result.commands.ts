import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@pk/auth';
import type { ExternalResultRecorded, ExternalSource } from '@pk/contracts';
import { type CommandContext, DomainError, type EventStore } from '@pk/kernel';
import { CommandAccepted, EVENT_STORE, EventSourcing } from '@pk/service-runtime';
import { placeOf } from '../domain/attempt-teacher';
import { externalResult } from '../domain/external-result.decider';
import { AttemptCommands } from './attempt.commands';
import { reachesTeacher } from './profile-access';
import { ProfileCommands } from './profile.commands';

export interface ExternalResultRequest {
  readonly resultId: string;
  readonly teacherId: string;
  readonly region: string;
  readonly source: ExternalSource;
  readonly recordedOn: string;
  readonly scores: readonly { readonly competency: string; readonly score: number }[];
}

/**
 * Outside results, recorded by the ministry, the teacher's municipal operator or its school's
 * coordinator, and entered into the teacher's profile in the same request (as attempts are).
 */
@Injectable()
export class ExternalResultCommands {
  private readonly results;

  constructor(
    eventSourcing: EventSourcing,
    private readonly attempts: AttemptCommands,
    private readonly profiles: ProfileCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.results = eventSourcing.handler(externalResult);
  }

  async record(request: ExternalResultRequest, principal: Principal, caller: CommandContext) {
    const teacher = await this.attempts.teacher(request.teacherId, request.region);
    if (!reachesTeacher(principal, teacher)) {
      throw new DomainError(
        'teacher-not-found',
        `педагог ${request.teacherId} недоступен роли ${principal.role}`,
      );
    }
    const { teacherId: _teacherId, region: _region, ...result } = request;
    const outcome = await this.results.handle(
      externalResult.streamId(request.resultId),
      { type: 'RecordExternalResult', teacher, ...result },
      caller,
    );
    const [recorded] = (await this.store.readStream(
      externalResult.streamId(request.resultId),
    )) as ExternalResultRecorded[];
    const { resultId, source, recordedOn, scores } = recorded!.data;
    await this.profiles.record(
      placeOf(teacher),
      // an outside result has a date, not a time: it counts from the start of its day
      { id: resultId, source, observedAt: `${recordedOn}T00:00:00.000Z`, scores },
      caller,
      recorded!.id,
    );
    return CommandAccepted.of(outcome);
  }
}
