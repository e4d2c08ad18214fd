import type { ProgramKind, ProgramSubmittedV1 } from '@pk/contracts';
import { Decider, DomainError, DomainEvent } from '@pk/kernel';
import type { ProviderState } from './provider';

/**
 * Minimum hours by kind (Порядок of 24.03.2025 N 266): повышение квалификации at least 16,
 * профессиональная переподготовка at least 250.
 */
export const MINIMUM_HOURS: Record<ProgramKind, number> = { 'advanced-training': 16, retraining: 250 };

/** The program as it will be published, and what the decision needs to know of its provider. */
export interface SubmitProgram extends ProgramSubmittedV1 {
  /** The submitting provider as the catalog knows it: the decision needs its registration. */
  readonly provider: ProviderState;
}

export type ProgramEvent = DomainEvent<'catalog.ProgramSubmitted', ProgramSubmittedV1>;

export interface ProgramState {
  readonly submitted: boolean;
}

export const programStream = (programId: string) => `program-${programId}`;

export const program: Decider<ProgramState, SubmitProgram, ProgramEvent> = {
  initialState: { submitted: false },

  decide(command, state) {
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
    const { provider: _provider, ...data } = command;
    return [{ type: 'catalog.ProgramSubmitted', data }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'catalog.ProgramSubmitted':
        return { submitted: true };
    }
    return state;
  },
};
