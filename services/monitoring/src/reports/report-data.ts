// An analytical summary (аналитическая справка, seed 003 §6.5; seed 000 «Адресные рекомендации»)
// as it was issued: every figure frozen at the moment it was asked for, so last year's report
// reads as it was issued whatever arrives later. The XLSX, PDF and CSV are drawn from this data.

import { POSITIONS } from '@pk/contracts';
import { GOAL_TITLES, type GoalIndicator, type GoalUnit } from '../indicators/goals';
import type { IrbeyProgram, MunicipalityIrbey } from '../indicators/irbey';
import { competencyName } from '../indicators/irbey';
import type { SamaraIndicator } from '../indicators/samara';

export interface ChartBar {
  readonly label: string;
  readonly value: number | null;
  readonly previous: number | null;
}

export interface Chart {
  readonly title: string;
  /** What the bars measure: «%» or «баллов из N». */
  readonly unit: string;
  readonly max: number;
  readonly bars: readonly ChartBar[];
}

export interface TypicalDeficit {
  readonly competency: string;
  readonly name: string;
  /** Teachers of the scope with a deficit in it found in the year. */
  readonly teachers: number;
  /** Of the scope's teachers; null when it has none. */
  readonly percent: number | null;
  /** Approved programs of the register developing it (titles). */
  readonly programs: readonly string[];
}

export interface RetrainingNeed {
  readonly position: string;
  readonly name: string;
  /** Teachers in the position whose education is not pedagogical and who have no retraining completed. */
  readonly teachers: number;
}

export interface ProgramToDevelop {
  readonly competency: string;
  readonly name: string;
  readonly teachers: number;
}

export interface Recommendations {
  readonly typicalDeficits: readonly TypicalDeficit[];
  readonly retraining: readonly RetrainingNeed[];
  readonly programsToDevelop: readonly ProgramToDevelop[];
  /** The recommendations in words (Russian), as the report prints them. */
  readonly text: readonly string[];
}

export interface ReportData {
  readonly reportId: string;
  readonly region: string;
  readonly year: number;
  readonly municipalityId: string | null;
  /** «Ирбейский район», or «регион 24». */
  readonly scopeName: string;
  readonly title: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly samara: readonly SamaraIndicator[];
  /**
   * Goals 2–4 of seed 000 (indicators/goals.ts). Absent from a summary issued before they were
   * defined: it reads as it was issued, without them.
   */
  readonly goals?: readonly GoalIndicator[];
  readonly irbey: readonly MunicipalityIrbey[];
  readonly chart: Chart;
  readonly recommendations: Recommendations;
}

/** What the recommendations are drawn from, for one scope and year. */
export interface RecommendationFacts {
  readonly teachers: number;
  /** The scope's deficits found in the year. */
  readonly deficits: readonly { readonly teacherId: string; readonly competency: string }[];
  readonly programs: ReadonlyMap<string, IrbeyProgram>;
  /** Teachers whose education is not pedagogical and who completed no retraining, by position. */
  readonly notPedagogical: readonly { readonly position: string; readonly teachers: number }[];
}

/** The typical deficits listed: the most frequent ones, where a recommendation matters most. */
export const TYPICAL_DEFICITS = 5;

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
const positionName = (position: string): string =>
  (POSITIONS as Record<string, string>)[position] ?? position;

/**
 * Seed 000's three targeted recommendations: how to close the typical deficits, who needs
 * retraining, and which programs providers should develop because no approved program covers a
 * deficit found.
 */
export function recommendationsOf(facts: RecommendationFacts): Recommendations {
  const teachersOf = new Map<string, Set<string>>();
  for (const { teacherId, competency } of facts.deficits) {
    teachersOf.set(competency, (teachersOf.get(competency) ?? new Set()).add(teacherId));
  }
  const approved = [...facts.programs.values()].filter((program) => program.status === 'approved');
  const ranked = [...teachersOf.entries()]
    .map(([competency, teachers]) => ({ competency, teachers: teachers.size }))
    .sort((a, b) => b.teachers - a.teachers || a.competency.localeCompare(b.competency));
  const typicalDeficits = ranked.slice(0, TYPICAL_DEFICITS).map(({ competency, teachers }) => ({
    competency,
    name: competencyName(competency),
    teachers,
    percent: facts.teachers === 0 ? null : oneDecimal((100 * teachers) / facts.teachers),
    programs: approved
      .filter((program) => program.competencies.includes(competency))
      .map((program) => program.title)
      .sort((a, b) => a.localeCompare(b, 'ru')),
  }));
  const programsToDevelop = ranked
    .filter(({ competency }) => !approved.some((program) => program.competencies.includes(competency)))
    .map(({ competency, teachers }) => ({ competency, name: competencyName(competency), teachers }));
  const retraining = facts.notPedagogical
    .filter((need) => need.teachers > 0)
    .map((need) => ({ ...need, name: positionName(need.position) }))
    .sort((a, b) => b.teachers - a.teachers || a.position.localeCompare(b.position));

  const text: string[] = [];
  for (const deficit of typicalDeficits) {
    const share = deficit.percent === null ? '' : ` (${percentText(deficit.percent)} педагогов территории)`;
    text.push(
      deficit.programs.length > 0
        ? `Дефицит «${deficit.name}» выявлен у ${teachersWord(deficit.teachers, GENITIVE)}${share}: направить их на программы ${deficit.programs.map((title) => `«${title}»`).join(', ')} и включить эти программы в индивидуальные маршруты.`
        : `Дефицит «${deficit.name}» выявлен у ${teachersWord(deficit.teachers, GENITIVE)}${share}: одобренных программ по нему нет — до их появления закрывать наставничеством «педагог–педагог» и методической работой.`,
    );
  }
  if (typicalDeficits.length === 0) text.push('За год профессиональных дефицитов у педагогов не выявлено.');
  for (const need of retraining) {
    text.push(
      `${teachersWord(need.teachers, NOMINATIVE)} (${need.name}) ${need.teachers % 10 === 1 && need.teachers % 100 !== 11 ? 'не имеет педагогического образования и не прошёл' : 'не имеют педагогического образования и не прошли'} переподготовку: рекомендуется профессиональная переподготовка по программам педагогической направленности (не менее 250 часов) для соответствия профессиональному стандарту.`,
    );
  }
  for (const program of programsToDevelop) {
    text.push(
      `Организациям ДПО: разработать программу повышения квалификации по компетенции «${program.name}» (${program.competency}) — дефицит у ${teachersWord(program.teachers, GENITIVE)}, одобренных программ нет.`,
    );
  }
  return { typicalDeficits, retraining, programsToDevelop, text };
}

/**
 * «N педагог…» agreeing with its number: `forms` are the forms for 1, 2–4 and 5+ (and 11–14), e.g.
 * genitive «педагога / педагогов / педагогов» after «у», nominative «педагог / педагога / педагогов».
 */
export function teachersWord(count: number, forms: readonly [string, string, string]): string {
  const tens = count % 100;
  const units = count % 10;
  const form =
    tens >= 11 && tens <= 14
      ? forms[2]
      : units === 1
        ? forms[0]
        : units >= 2 && units <= 4
          ? forms[1]
          : forms[2];
  return `${count} ${form}`;
}
const GENITIVE = ['педагога', 'педагогов', 'педагогов'] as const;
const NOMINATIVE = ['педагог', 'педагога', 'педагогов'] as const;

/** A percent for people: «33,3 %», or «нет данных». */
export function percentText(value: number | null): string {
  return value === null ? 'нет данных' : `${String(value).replace('.', ',')} %`;
}

/** A change for people: «+2,5 п. п.», «−1», or «—» when there is none. */
export function changeText(value: number | null, unit = ' п. п.'): string {
  if (value === null) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${String(Math.abs(value)).replace('.', ',')}${unit}`;
}

/** The goals 2–4 of a summary grouped by goal, in the order of seed 000, for the renderers. */
export function goalSections(
  goals: readonly GoalIndicator[] | undefined,
): { readonly title: string; readonly indicators: readonly GoalIndicator[] }[] {
  return ([2, 3, 4] as const)
    .map((goal) => ({ title: GOAL_TITLES[goal], indicators: (goals ?? []).filter((i) => i.goal === goal) }))
    .filter((section) => section.indicators.length > 0);
}

/** A goal value for people, in its unit: «62,5 %», «4 600», «3,92», or «нет данных». */
export function goalValueText(value: number | null, unit: GoalUnit): string {
  if (value === null) return 'нет данных';
  if (unit === 'percent') return percentText(value);
  return String(value).replace('.', ',');
}

/** A goal's change for people: p. p. for a share, the unit's own otherwise. */
export function goalChangeText(value: number | null, unit: GoalUnit): string {
  return changeText(value, unit === 'percent' ? ' п. п.' : '');
}
