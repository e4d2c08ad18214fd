import {
  type CompetencyCode,
  type ExpertRegisteredV1,
  type ExpertStatusV1,
  isCompetencyCode,
  isSubject,
  type Subject,
} from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';

/**
 * The ministry of a region adds an expert to its pool. Subjects and competencies come from a
 * client's form, so they are checked here against the shared vocabulary (the contract only checks
 * their shape).
 */
export type RegisterExpert = { readonly type: 'RegisterExpert' } & Omit<
  ExpertRegisteredV1,
  'subjects' | 'competencies'
> & { readonly subjects: readonly string[]; readonly competencies: readonly string[] };
/** The expert stops taking new reviews (cases already assigned stay assigned). */
export type DeactivateExpert = { readonly type: 'DeactivateExpert' } & ExpertStatusV1;
export type ReactivateExpert = { readonly type: 'ReactivateExpert' } & ExpertStatusV1;
export type ExpertCommand = RegisterExpert | DeactivateExpert | ReactivateExpert;

export type ExpertEvent =
  | DomainEvent<'expertise.ExpertRegistered', ExpertRegisteredV1>
  | DomainEvent<'expertise.ExpertDeactivated', ExpertStatusV1>
  | DomainEvent<'expertise.ExpertReactivated', ExpertStatusV1>;

export interface ExpertState {
  readonly registered: boolean;
  readonly region: string | null;
  readonly active: boolean;
  /** The registration as recorded, so a retried request is recognised. */
  readonly registration?: ExpertRegisteredV1;
}

export const expert = defineAggregate<ExpertState, ExpertCommand, ExpertEvent>({
  name: 'expert',
  initialState: { registered: false, region: null, active: false },

  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'RegisterExpert':
        return register(command, state);
      case 'DeactivateExpert':
        requireInRegion(command, state);
        // already so: a retried request is answered as the first was, deciding nothing more
        if (!state.active) return [];
        return [{ type: 'expertise.ExpertDeactivated', data: status(command) }];
      case 'ReactivateExpert':
        requireInRegion(command, state);
        if (state.active) return [];
        return [{ type: 'expertise.ExpertReactivated', data: status(command) }];
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'expertise.ExpertRegistered':
        return { registered: true, region: event.data.region, active: true, registration: event.data };
      case 'expertise.ExpertDeactivated':
        return { ...state, active: false };
      case 'expertise.ExpertReactivated':
        return { ...state, active: true };
    }
  },
});

function register(command: RegisterExpert, state: ExpertState): ExpertEvent[] {
  if (state.registered) {
    // the same registration again (a retried request) is the answer already given
    if (state.registration && sameRegistration(state.registration, command)) return [];
    throw new DomainError('expert-already-registered', `эксперт ${command.expertId} уже зарегистрирован`);
  }
  const unknownSubjects = command.subjects.filter((s) => !isSubject(s));
  if (unknownSubjects.length > 0) {
    throw new DomainError('subject-unknown', `неизвестный код предмета: ${unknownSubjects.join(', ')}`);
  }
  const unknownCompetencies = command.competencies.filter((c) => !isCompetencyCode(c));
  if (unknownCompetencies.length > 0) {
    throw new DomainError(
      'competency-unknown',
      `неизвестный код компетенции: ${unknownCompetencies.join(', ')}`,
    );
  }
  if (command.subjects.length + command.competencies.length === 0) {
    throw new DomainError(
      'expert-without-specialization',
      `эксперту ${command.expertId} нужен хотя бы один предмет или компетенция, иначе его не с чем сопоставить`,
    );
  }
  const { expertId, region, organizationId } = command;
  return [
    {
      type: 'expertise.ExpertRegistered',
      data: {
        expertId,
        region,
        organizationId,
        subjects: command.subjects as Subject[],
        competencies: command.competencies as CompetencyCode[],
      },
    },
  ];
}

function requireInRegion(command: ExpertStatusV1, state: ExpertState): void {
  if (!state.registered) {
    throw new DomainError('expert-not-registered', `эксперт ${command.expertId} не зарегистрирован`);
  }
  if (state.region !== command.region) {
    throw new DomainError(
      'expert-in-another-region',
      `эксперт ${command.expertId} состоит в пуле региона ${state.region}, а не ${command.region}`,
    );
  }
}

const status = ({ expertId, region }: ExpertStatusV1): ExpertStatusV1 => ({ expertId, region });

function sameRegistration(recorded: ExpertRegisteredV1, command: RegisterExpert): boolean {
  const sorted = (codes: readonly string[]) => [...codes].sort().join('|');
  return (
    recorded.region === command.region &&
    recorded.organizationId === command.organizationId &&
    sorted(recorded.subjects) === sorted(command.subjects) &&
    sorted(recorded.competencies) === sorted(command.competencies)
  );
}
