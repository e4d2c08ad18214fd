import {
  type CompetencyCode,
  type ExternalResultRecordedV1,
  type ExternalSource,
  isCompetencyCode,
} from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import { placeOf, type TeacherFacts } from './attempt-teacher';
import { today } from './campaign.decider';
import { competenciesOf, DEFICIT_THRESHOLD } from './framework';

/**
 * A result measured outside the platform's instruments (ЕФОМ, attestation, the school's exam
 * analysis, the employer's requirements, a municipal survey, a regional study), recorded with its
 * source and date. Scores come as percents per competency; the framework's threshold makes the
 * deficits, the same as for the platform's own tests.
 */
export type RecordExternalResult = {
  readonly type: 'RecordExternalResult';
  readonly resultId: string;
  readonly teacher: TeacherFacts;
  readonly source: ExternalSource;
  readonly recordedOn: string;
  readonly scores: readonly { readonly competency: string; readonly score: number }[];
};
export type ExternalResultCommand = RecordExternalResult;
export type ExternalResultEvent = DomainEvent<'diagnostics.ExternalResultRecorded', ExternalResultRecordedV1>;
export type ExternalResultState =
  { readonly status: 'none' } | { readonly status: 'recorded'; readonly recorded: ExternalResultRecordedV1 };

export const externalResult = defineAggregate<
  ExternalResultState,
  ExternalResultCommand,
  ExternalResultEvent
>({
  name: 'external-result',
  initialState: { status: 'none' },

  decide(command, state, { now }) {
    const { type } = command;
    switch (type) {
      case 'RecordExternalResult':
        return record(command, state, now);
      default:
        return unknownCommand(type);
    }
  },

  evolve(_state, event) {
    return { status: 'recorded', recorded: event.data };
  },
});

function record(command: RecordExternalResult, state: ExternalResultState, now: Date): ExternalResultEvent[] {
  const data = resultOf(command, now);
  if (state.status === 'recorded') {
    // the same result again (a retry) is the same decision, even if the teacher moved meanwhile
    if (JSON.stringify(essence(state.recorded)) === JSON.stringify(essence(data))) return [];
    throw new DomainError('external-result-already-recorded', `результат ${command.resultId} уже записан`);
  }
  return [{ type: 'diagnostics.ExternalResultRecorded', data }];
}

const essence = ({ teacherId, source, recordedOn, scores }: ExternalResultRecordedV1) => ({
  teacherId,
  source,
  recordedOn,
  scores,
});

function resultOf(command: RecordExternalResult, now: Date): ExternalResultRecordedV1 {
  const { resultId, teacher, source, recordedOn } = command;
  if (recordedOn > today(now)) {
    throw new DomainError('result-dated-in-the-future', `результат с датой ${recordedOn} ещё не наступил`);
  }
  const unknown = command.scores.map((s) => s.competency).filter((c) => !isCompetencyCode(c));
  if (unknown.length > 0) {
    throw new DomainError('competency-unknown', `неизвестный код компетенции: ${unknown.join(', ')}`);
  }
  const own = competenciesOf(teacher.position, teacher.subjects);
  const foreign = command.scores.map((s) => s.competency).filter((c) => !own.includes(c as CompetencyCode));
  if (foreign.length > 0) {
    throw new DomainError(
      'competency-not-in-framework',
      `${foreign.join(', ')} нет в рамке компетенций должности ${teacher.position}`,
    );
  }
  const codes = command.scores.map((s) => s.competency);
  const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
  if (twice.length > 0) {
    throw new DomainError('competency-scored-twice', `${twice.join(', ')} оценено больше одного раза`);
  }
  return {
    resultId,
    ...placeOf(teacher),
    source,
    recordedOn,
    scores: command.scores.map(({ competency, score }) => ({
      competency: competency as CompetencyCode,
      score,
      deficit: score < DEFICIT_THRESHOLD,
    })),
  };
}
