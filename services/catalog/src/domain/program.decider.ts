import type { ProgramKind, ProgramSubmittedV1 } from '@pk/contracts';
import { type Decider, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';
import type { ProviderState } from './provider.decider';

/**
 * Minimum hours by kind (Порядок of 24.03.2025 N 266): повышение квалификации at least 16,
 * профессиональная переподготовка at least 250.
 */
export const MINIMUM_HOURS: Record<ProgramKind, number> = { 'advanced-training': 16, retraining: 250 };

/** A provider submits a program for review; the decision needs to know the provider. */
export type SubmitProgram = { readonly type: 'SubmitProgram' } & ProgramSubmittedV1 & {
    /** The submitting provider as the catalog knows it: the decision needs its registration. */
    readonly provider: ProviderState;
  };
export type ProgramCommand = SubmitProgram;

export type ProgramEvent = DomainEvent<'catalog.ProgramSubmitted', ProgramSubmittedV1>;

export interface ProgramState {
  readonly submitted: boolean;
}

export const programStream = (programId: string) => `program-${programId}`;

export const program: Decider<ProgramState, ProgramCommand, ProgramEvent> = {
  initialState: { submitted: false },

  decide(command, state) {
    switch (command.type) {
      case 'SubmitProgram':
        return submit(command, state);
      default:
        return unknownCommand(command.type satisfies never);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.ProgramSubmitted':
        return { ...state, submitted: true };
    }
  },
};

function submit(command: SubmitProgram, state: ProgramState): ProgramEvent[] {
  if (state.submitted) {
    throw new DomainError('program-already-submitted', `program ${command.programId} is already submitted`);
  }
  if (!command.provider.registered) {
    throw new DomainError('provider-not-registered', `provider ${command.providerId} is not registered`);
  }
  if (command.provider.region !== command.region) {
    throw new DomainError(
      'provider-in-another-region',
      `provider ${command.providerId} is registered in region ${command.provider.region}, not ${command.region}`,
    );
  }
  const minimum = MINIMUM_HOURS[command.kind];
  if (command.hours < minimum) {
    throw new DomainError(
      'program-hours-below-minimum',
      `${command.kind} programs need at least ${minimum} hours, got ${command.hours}`,
    );
  }
  const { type: _type, provider: _provider, ...data } = command;
  return [{ type: 'catalog.ProgramSubmitted', data }];
}
