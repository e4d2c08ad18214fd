import type {
  CompetencyCode,
  CompetencyScore,
  DeficitFoundV1,
  DeficitResolvedV1,
  DeficitSource,
  TeacherPlace,
} from '@pk/contracts';
import { defineAggregate, type DomainEvent, unknownCommand } from '@pk/kernel';

/**
 * A teacher's competency profile (`profile-<teacherId>`): the newest score of each competency with
 * its date and source, and the open deficits. Every scored attempt and outside result is recorded
 * here as evidence; a deficit is found when a competency scores below the threshold and is not open
 * already, and resolved only when later evidence scores it at or above the threshold.
 *
 * Evidence is ordered by when it was observed, not by when it reached the profile: an outside result
 * entered weeks after its date cannot overrule a test taken since. That needs every piece of
 * evidence in the stream, also those that change no deficit, hence the private
 * `diagnostics.ProfileScoresRecorded` (its scores are public already, in AttemptScored and
 * ExternalResultRecorded; the event only orders them for the profile; see private-events.ts).
 */

export interface Evidence {
  /** The attempt or outside result. */
  readonly id: string;
  readonly source: DeficitSource;
  /** ISO timestamp: an attempt's scoring time, an outside result's date at 00:00 UTC. */
  readonly observedAt: string;
  readonly scores: readonly CompetencyScore[];
}

export interface ProfileScoresRecordedV1 extends TeacherPlace {
  readonly evidenceId: string;
  readonly source: DeficitSource;
  readonly observedAt: string;
  readonly scores: readonly CompetencyScore[];
}

export type RecordEvidence = {
  readonly type: 'RecordEvidence';
  /** Where the teacher works now: the deficit maps count the teacher there. */
  readonly place: TeacherPlace;
  readonly evidence: Evidence;
};
export type ProfileCommand = RecordEvidence;

export type ProfileEvent =
  | DomainEvent<'diagnostics.ProfileScoresRecorded', ProfileScoresRecordedV1>
  | DomainEvent<'diagnostics.DeficitFound', DeficitFoundV1>
  | DomainEvent<'diagnostics.DeficitResolved', DeficitResolvedV1>;

export interface CurrentScore {
  readonly score: number;
  readonly deficit: boolean;
  readonly observedAt: string;
  readonly source: DeficitSource;
  readonly evidenceId: string;
}

export interface ProfileState {
  readonly evidence: readonly string[];
  readonly current: Partial<Readonly<Record<CompetencyCode, CurrentScore>>>;
  /** Open deficits and what found them. */
  readonly open: Partial<Readonly<Record<CompetencyCode, string>>>;
}

/**
 * Whether a score observed at `observedAt` is the newest the profile has of its competency. At the
 * same instant the later arrival wins.
 */
export const isNewest = (current: CurrentScore | undefined, observedAt: string) =>
  current === undefined || current.observedAt <= observedAt;

export const profile = defineAggregate<ProfileState, ProfileCommand, ProfileEvent>({
  name: 'profile',
  initialState: { evidence: [], current: {}, open: {} },

  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'RecordEvidence':
        return record(command, state);
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'diagnostics.ProfileScoresRecorded': {
        const { evidenceId, source, observedAt } = event.data;
        const current = { ...state.current };
        for (const { competency, score, deficit } of event.data.scores) {
          if (isNewest(current[competency], observedAt)) {
            current[competency] = { score, deficit, observedAt, source, evidenceId };
          }
        }
        return { ...state, evidence: [...state.evidence, evidenceId], current };
      }
      case 'diagnostics.DeficitFound':
        return { ...state, open: { ...state.open, [event.data.competency]: event.data.foundBy } };
      case 'diagnostics.DeficitResolved': {
        const open = { ...state.open };
        delete open[event.data.competency];
        return { ...state, open };
      }
    }
  },
});

function record({ place, evidence }: RecordEvidence, state: ProfileState): ProfileEvent[] {
  // the same attempt or result twice (a retried request, a replay) changes nothing
  if (state.evidence.includes(evidence.id)) return [];
  const events: ProfileEvent[] = [
    {
      type: 'diagnostics.ProfileScoresRecorded',
      data: {
        ...place,
        evidenceId: evidence.id,
        source: evidence.source,
        observedAt: evidence.observedAt,
        scores: evidence.scores,
      },
    },
  ];
  for (const { competency, deficit } of evidence.scores) {
    // older than what the profile knows of this competency: recorded, but it decides nothing
    if (!isNewest(state.current[competency], evidence.observedAt)) continue;
    const open = state.open[competency] !== undefined;
    if (deficit && !open) {
      events.push({
        type: 'diagnostics.DeficitFound',
        data: { ...place, competency, foundBy: evidence.id, source: evidence.source },
      });
    } else if (!deficit && open) {
      events.push({
        type: 'diagnostics.DeficitResolved',
        data: { ...place, competency, resolvedBy: evidence.id },
      });
    }
  }
  return events;
}
