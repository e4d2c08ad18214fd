import { Injectable } from '@nestjs/common';
import type { TeacherPlace } from '@pk/contracts';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { type Evidence, profile } from '../domain/profile.decider';

/**
 * Records an attempt's or outside result's scores in the teacher's profile, in the request that
 * scored or recorded them (see AttemptCommands for why not a reaction). Keyed by the evidence, so a
 * retried request or a second delivery finds it recorded and decides nothing.
 */
@Injectable()
export class ProfileCommands {
  private readonly profiles;

  constructor(eventSourcing: EventSourcing) {
    this.profiles = eventSourcing.handler(profile);
  }

  record(place: TeacherPlace, evidence: Evidence, caller: CommandContext, cause: string) {
    const streamId = profile.streamId(place.teacherId);
    return this.profiles.handle(
      streamId,
      { type: 'RecordEvidence', place, evidence },
      { ...caller, causationId: cause, idempotencyKey: `diagnostics/profile/${evidence.id}/${streamId}` },
    );
  }
}
