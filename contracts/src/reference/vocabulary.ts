// Shared vocabulary: the codes that events of several contexts carry, with their Russian names for
// reports and forms. Codes are stable English identifiers; names may be reworded freely.

/** Kinds of educational organization (ОО) a region's directory holds and programs target. */
export const ORGANIZATION_KINDS = {
  school: 'Общеобразовательная организация',
  preschool: 'Дошкольная образовательная организация (ДОУ)',
  'additional-education': 'Организация дополнительного образования (УДОД)',
  'vocational-college': 'Профессиональная образовательная организация (СПО)',
} as const;
export type OrganizationKind = keyof typeof ORGANIZATION_KINDS;

/**
 * Organizations that run general-education programs (273-ФЗ: preschool is a level of general
 * education). Since 01.09.2025 their teachers may be trained only by state, municipal or named
 * providers.
 */
export const GENERAL_EDUCATION_KINDS: readonly OrganizationKind[] = ['school', 'preschool'];

/** Kinds of municipality: городской округ or муниципальный район (округ). */
export const MUNICIPALITY_KINDS = {
  'urban-district': 'Городской округ',
  'municipal-district': 'Муниципальный район (округ)',
} as const;
export type MunicipalityKind = keyof typeof MUNICIPALITY_KINDS;

/** Kinds of course provider (организатор курсов ПК). */
export const PROVIDER_KINDS = {
  university: 'Образовательная организация высшего образования (ВО)',
  'dpo-institute': 'Организация дополнительного профессионального образования (ДПО)',
  'resource-centre': 'Ресурсный центр',
  college: 'Профессиональная образовательная организация (СПО)',
  other: 'Иная организация',
} as const;
export type ProviderKind = keyof typeof PROVIDER_KINDS;

/** Positions (должности) a program targets and a teacher holds; the voucher rules depend on them. */
export const POSITIONS = {
  teacher: 'Учитель',
  'preschool-teacher': 'Воспитатель',
  'additional-education-teacher': 'Педагог дополнительного образования',
  'general-subject-lecturer': 'Преподаватель общеобразовательных дисциплин (СПО)',
  'special-discipline-lecturer': 'Преподаватель специальных дисциплин (СПО)',
  'industrial-training-master': 'Мастер производственного обучения',
  methodist: 'Методист',
  'educational-psychologist': 'Педагог-психолог',
  'speech-therapist': 'Учитель-логопед',
  'social-pedagogue': 'Социальный педагог',
  tutor: 'Тьютор',
  head: 'Руководитель (заместитель руководителя)',
} as const;
export type Position = keyof typeof POSITIONS;

/** Subjects taught, or the area of work for positions without a subject. */
export const SUBJECTS = {
  'russian-language': 'Русский язык',
  literature: 'Литература',
  mathematics: 'Математика',
  informatics: 'Информатика',
  physics: 'Физика',
  chemistry: 'Химия',
  biology: 'Биология',
  geography: 'География',
  history: 'История',
  'social-studies': 'Обществознание',
  'foreign-language': 'Иностранный язык',
  'physical-education': 'Физическая культура',
  'life-safety': 'Основы безопасности и защиты Родины',
  technology: 'Труд (технология)',
  art: 'Изобразительное искусство',
  music: 'Музыка',
  'primary-education': 'Начальное общее образование',
  'preschool-education': 'Дошкольное образование',
  'additional-education': 'Дополнительное образование детей',
  'special-education': 'Коррекционная (специальная) педагогика',
  'vocational-training': 'Профессиональное обучение (профиль работы)',
  management: 'Управление образовательной организацией',
  upbringing: 'Воспитательная работа',
} as const;
export type Subject = keyof typeof SUBJECTS;

/**
 * The competency framework programs and experts name their competencies from: labour functions of
 * the professional standard «Педагог» (приказ Минтруда 544н) and competencies the region adds.
 * Versioned: a code once published keeps its meaning. Diagnostics owns the framework's instruments;
 * this list is the shared vocabulary of its codes.
 */
export const COMPETENCY_FRAMEWORK = {
  version: '2026.1',
  competencies: {
    'A/01.6': 'Общепедагогическая функция. Обучение',
    'A/02.6': 'Воспитательная деятельность',
    'A/03.6': 'Развивающая деятельность',
    'B/01.5': 'Педагогическая деятельность по реализации программ дошкольного образования',
    'B/02.6': 'Педагогическая деятельность по реализации программ начального общего образования',
    'B/03.6': 'Педагогическая деятельность по реализации программ основного и среднего общего образования',
    'B/04.6': 'Модуль «Предметное обучение. Математика»',
    'B/05.6': 'Модуль «Предметное обучение. Русский язык»',
    'R/01': 'Формирование функциональной грамотности обучающихся',
    'R/02': 'Инклюзивное образование, работа с детьми с ОВЗ',
    'R/03': 'Цифровые компетенции педагога',
    'R/04': 'Работа с одарёнными детьми',
    'R/05': 'Наставничество',
    'R/06': 'Оценка образовательных результатов',
  },
} as const;
export type CompetencyCode = keyof typeof COMPETENCY_FRAMEWORK.competencies;

export function isCompetencyCode(code: string): code is CompetencyCode {
  return Object.hasOwn(COMPETENCY_FRAMEWORK.competencies, code);
}

export function isSubject(code: string): code is Subject {
  return Object.hasOwn(SUBJECTS, code);
}

/**
 * The vocabulary's terms by the name of their type. A schema field whose values come from one of them
 * says so with that name as its `title` (e.g. `"title": "Position"` on `targetPositions.items`): the
 * generated types then use the vocabulary's type, and vocabulary-fields.spec.ts holds its enum or
 * pattern to these codes.
 */
export const VOCABULARY_TERMS = {
  OrganizationKind: ORGANIZATION_KINDS,
  MunicipalityKind: MUNICIPALITY_KINDS,
  ProviderKind: PROVIDER_KINDS,
  Position: POSITIONS,
  Subject: SUBJECTS,
  CompetencyCode: COMPETENCY_FRAMEWORK.competencies,
} as const;
export type VocabularyTerm = keyof typeof VOCABULARY_TERMS;
