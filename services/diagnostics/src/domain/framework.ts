import {
  type CompetencyCode,
  COMPETENCY_FRAMEWORK,
  type Position,
  POSITIONS,
  type Subject,
} from '@pk/contracts';

/**
 * Which competencies of the shared framework apply to which position: labour functions of the
 * professional standard «Педагог» (приказ Минтруда 544н, codes A/… and B/…) and the competencies the
 * region adds (R/…). Versioned data, as the framework's codes are: a new version is a new constant,
 * never an edit of a published one, so scores recorded under 2026.1 keep their meaning.
 */
export const FRAMEWORK_VERSION = COMPETENCY_FRAMEWORK.version;

/** Below this percent a competency is a professional deficit, whichever source measured it. */
export const DEFICIT_THRESHOLD = 60;

export type CompetencyKind = 'labour-function' | 'regional';

export interface PositionCompetency {
  readonly code: CompetencyCode;
  /** Applies only to teachers of one of these subjects (the subject modules B/04.6, B/05.6). */
  readonly onlyFor?: readonly Subject[];
}

const all = (...codes: CompetencyCode[]): PositionCompetency[] => codes.map((code) => ({ code }));
const GENERAL_FUNCTIONS = all('A/01.6', 'A/02.6', 'A/03.6');
const SUBJECT_MODULES: PositionCompetency[] = [
  { code: 'B/04.6', onlyFor: ['mathematics'] },
  { code: 'B/05.6', onlyFor: ['russian-language'] },
];

export const FRAMEWORK_BY_POSITION: Readonly<Record<Position, readonly PositionCompetency[]>> = {
  teacher: [
    ...GENERAL_FUNCTIONS,
    { code: 'B/02.6', onlyFor: ['primary-education'] },
    { code: 'B/03.6' },
    ...SUBJECT_MODULES,
    ...all('R/01', 'R/02', 'R/03', 'R/04', 'R/05', 'R/06'),
  ],
  'preschool-teacher': [...GENERAL_FUNCTIONS, ...all('B/01.5', 'R/02', 'R/03', 'R/05')],
  'additional-education-teacher': [...GENERAL_FUNCTIONS, ...all('R/02', 'R/03', 'R/04', 'R/05')],
  'general-subject-lecturer': [
    ...GENERAL_FUNCTIONS,
    { code: 'B/03.6' },
    ...SUBJECT_MODULES,
    ...all('R/01', 'R/03', 'R/06'),
  ],
  'special-discipline-lecturer': [...GENERAL_FUNCTIONS, ...all('R/03', 'R/05', 'R/06')],
  'industrial-training-master': all('A/01.6', 'A/02.6', 'R/03', 'R/05'),
  methodist: all('A/01.6', 'R/01', 'R/03', 'R/05', 'R/06'),
  'educational-psychologist': all('A/02.6', 'A/03.6', 'R/02', 'R/04'),
  'speech-therapist': all('A/03.6', 'R/02', 'R/03'),
  'social-pedagogue': all('A/02.6', 'A/03.6', 'R/02'),
  tutor: all('A/02.6', 'A/03.6', 'R/02', 'R/04'),
  head: all('A/01.6', 'R/03', 'R/05', 'R/06'),
};

export const kindOf = (code: CompetencyCode): CompetencyKind =>
  code.startsWith('R/') ? 'regional' : 'labour-function';

export const competencyName = (code: CompetencyCode): string => COMPETENCY_FRAMEWORK.competencies[code];

export function isPosition(value: string): value is Position {
  return Object.hasOwn(POSITIONS, value);
}

/**
 * The competencies of one teacher: those of the position, the subject modules only for the
 * subjects taught. Without subjects (a form that does not ask) every module of the position counts.
 */
export function competenciesOf(position: Position, subjects?: readonly Subject[]): CompetencyCode[] {
  return FRAMEWORK_BY_POSITION[position]
    .filter((c) => !c.onlyFor || !subjects || c.onlyFor.some((s) => subjects.includes(s)))
    .map((c) => c.code);
}

/** The framework as people read it: per position, the codes with their Russian names. */
export function frameworkFor(position: Position) {
  return {
    version: FRAMEWORK_VERSION,
    position,
    positionName: POSITIONS[position],
    deficitThreshold: DEFICIT_THRESHOLD,
    competencies: FRAMEWORK_BY_POSITION[position].map(({ code, onlyFor }) => ({
      code,
      name: competencyName(code),
      kind: kindOf(code),
      onlyForSubjects: onlyFor ?? null,
    })),
  };
}
