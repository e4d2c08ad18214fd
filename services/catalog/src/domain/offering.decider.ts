import type { OfferingCancelledV1, OfferingKey, OfferingOpenedV1 } from '@pk/contracts';
import {
  type CommandMetadata,
  defineAggregate,
  DomainError,
  type DomainEvent,
  unknownCommand,
} from '@pk/kernel';
import type { ProgramState } from './program.decider';

/** A provider opens an offering (поток) of one of its approved programs. */
export type OpenOffering = {
  readonly type: 'OpenOffering';
  readonly program: ProgramState;
} & OfferingOpenedV1;
/** Enrollment ends: by the provider, or on the day after the enrollment deadline. */
export type CloseEnrollment = { readonly type: 'CloseEnrollment'; readonly offeringId: string };
/** Classes begin (on the start date); an offering still open for enrollment closes first. */
export type StartOffering = { readonly type: 'StartOffering'; readonly offeringId: string };
/** Classes end (on the day after the end date). */
export type FinishOffering = { readonly type: 'FinishOffering'; readonly offeringId: string };
export type CancelOffering = {
  readonly type: 'CancelOffering';
  readonly offeringId: string;
  readonly reason: string;
};

export type OfferingCommand =
  OpenOffering | CloseEnrollment | StartOffering | FinishOffering | CancelOffering;

export type OfferingEvent =
  | DomainEvent<'catalog.OfferingOpened', OfferingOpenedV1>
  | DomainEvent<'catalog.OfferingClosed', OfferingKey>
  | DomainEvent<'catalog.OfferingStarted', OfferingKey>
  | DomainEvent<'catalog.OfferingFinished', OfferingKey>
  | DomainEvent<'catalog.OfferingCancelled', OfferingCancelledV1>;

/** open → closed → running → finished; open, closed or running → cancelled. */
export type OfferingStatus = 'open' | 'closed' | 'running' | 'finished' | 'cancelled';

export type OfferingState =
  { readonly status: 'none' } | ({ readonly status: OfferingStatus } & OfferingOpenedV1);

export const offering = defineAggregate<OfferingState, OfferingCommand, OfferingEvent>({
  name: 'offering',
  initialState: { status: 'none' },

  decide(command, state, metadata) {
    const { type } = command;
    switch (type) {
      case 'OpenOffering':
        return open(command, state, metadata);
      case 'CloseEnrollment': {
        const current = existing(state, command.offeringId);
        // a deadline that fires after the provider closed, started or cancelled: nothing to do
        return current.status === 'open' ? [{ type: 'catalog.OfferingClosed', data: keyOf(current) }] : [];
      }
      case 'StartOffering': {
        const current = existing(state, command.offeringId);
        if (current.status === 'open') {
          return [
            { type: 'catalog.OfferingClosed', data: keyOf(current) },
            { type: 'catalog.OfferingStarted', data: keyOf(current) },
          ];
        }
        return current.status === 'closed' ? [{ type: 'catalog.OfferingStarted', data: keyOf(current) }] : [];
      }
      case 'FinishOffering': {
        const current = existing(state, command.offeringId);
        if (current.status === 'open' || current.status === 'closed') {
          throw new DomainError(
            'offering-not-running',
            `набор ${command.offeringId} в статусе ${current.status}: завершить можно только начавшееся обучение`,
          );
        }
        return current.status === 'running'
          ? [{ type: 'catalog.OfferingFinished', data: keyOf(current) }]
          : [];
      }
      case 'CancelOffering': {
        const current = existing(state, command.offeringId);
        if (current.status === 'cancelled') return [];
        if (current.status === 'finished') {
          throw new DomainError(
            'offering-finished',
            `обучение по набору ${command.offeringId} уже завершено`,
          );
        }
        return [{ type: 'catalog.OfferingCancelled', data: { ...keyOf(current), reason: command.reason } }];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.OfferingOpened':
        return { status: 'open', ...event.data };
      case 'catalog.OfferingClosed':
        return withStatus(state, 'closed');
      case 'catalog.OfferingStarted':
        return withStatus(state, 'running');
      case 'catalog.OfferingFinished':
        return withStatus(state, 'finished');
      case 'catalog.OfferingCancelled':
        return withStatus(state, 'cancelled');
    }
  },
});

function open(command: OpenOffering, state: OfferingState, { now }: CommandMetadata): OfferingEvent[] {
  const { type: _type, program, ...data } = command;
  if (state.status !== 'none') {
    if (JSON.stringify(keyed(state)) === JSON.stringify(keyed(data))) return []; // the same request again
    throw new DomainError('offering-already-opened', `набор ${command.offeringId} уже открыт`);
  }
  if (program.status === 'none' || program.providerId !== command.providerId) {
    throw new DomainError(
      'program-not-found',
      `у организации ${command.providerId} нет программы ${command.programId}`,
    );
  }
  if (program.status !== 'approved') {
    throw new DomainError(
      'program-not-approved',
      `программа ${command.programId} в статусе ${program.status}: наборы открывают только по программам из реестра`,
    );
  }
  if (program.region !== command.region) {
    throw new DomainError(
      'program-in-another-region',
      `программа ${command.programId} относится к региону ${program.region}`,
    );
  }
  const today = now.toISOString().slice(0, 10);
  const faults = [
    command.enrollmentDeadline < today && `срок записи ${command.enrollmentDeadline} уже прошёл`,
    command.startsOn < command.enrollmentDeadline &&
      `обучение начинается (${command.startsOn}) раньше, чем заканчивается запись (${command.enrollmentDeadline})`,
    command.endsOn < command.startsOn &&
      `обучение заканчивается (${command.endsOn}) раньше, чем начинается (${command.startsOn})`,
    command.minimumGroupSize > command.capacity &&
      `минимальный размер группы ${command.minimumGroupSize} больше числа мест ${command.capacity}`,
    !command.online && command.place.trim() === '' && 'для очного обучения нужно указать место',
    command.online && command.place.trim() !== '' && 'у онлайн-обучения нет места проведения',
  ].filter((fault): fault is string => fault !== false);
  if (faults.length > 0) throw new DomainError('offering-invalid', faults.join('; '));
  return [{ type: 'catalog.OfferingOpened', data }];
}

type Existing = Exclude<OfferingState, { status: 'none' }>;

function existing(state: OfferingState, offeringId: string): Existing {
  if (state.status === 'none') throw new DomainError('offering-not-found', `нет набора ${offeringId}`);
  return state;
}

function withStatus(state: OfferingState, status: OfferingStatus): OfferingState {
  return state.status === 'none' ? state : { ...state, status };
}

function keyOf(state: Existing): OfferingKey {
  const { offeringId, programId, providerId, region } = state;
  return { offeringId, programId, providerId, region };
}

function keyed(data: OfferingOpenedV1): unknown[] {
  return [
    data.offeringId,
    data.programId,
    data.providerId,
    data.region,
    data.startsOn,
    data.endsOn,
    data.enrollmentDeadline,
    data.online,
    data.place,
    data.capacity,
    data.minimumGroupSize,
  ];
}
