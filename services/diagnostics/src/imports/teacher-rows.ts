import {
  type EducationLevel,
  POSITIONS,
  type Position,
  type QualificationCategory,
  type Subject,
  SUBJECTS,
  type TeacherRecord,
} from '@pk/contracts';
import { canonicalId, hiddenText } from '@pk/service-runtime';
import { isValidSnils, snilsDigits } from '@pk/contracts';
import {
  EMAIL,
  EMAIL_MAX,
  isCalendarDate,
  NAME_MAX,
  PHONE,
  WORK_PROFILE_MAX,
} from '../application/teacher-fields';
import type { PersonalData } from '../application/personal-data-cipher';
import type { CsvColumns, RowProblem } from '@pk/service-runtime';
import { catalogDirectoryId, teacherIdOf } from '../application/teacher-id';

// How a row of a region's teacher file becomes a record and personal data: the same vocabularies and
// limits as the HTTP API, and what is wrong said in Russian, by column, for the people who read
// import reports — without ever repeating the row's personal data (names, СНИЛС, contacts).

export const TEACHER_COLUMNS: CsvColumns = {
  required: [
    'snils',
    'last_name',
    'first_name',
    'organization_id',
    'municipality_id',
    'position',
    'category',
    'education',
  ],
  optional: [
    'patronymic',
    'subjects',
    'work_profile',
    'category_since',
    'last_training_on',
    'email',
    'phone',
  ],
};

// Reasons name the column and the fault, never the cell's value: a file with its columns swapped
// would otherwise copy names or contacts into a report that auditors read.

export type TeacherRow =
  | { readonly record: TeacherRecord; readonly personalData: PersonalData }
  | { readonly problems: readonly RowProblem[] };

export const CATEGORY_NAMES: Record<QualificationCategory, string> = {
  none: 'Без категории',
  first: 'Первая',
  highest: 'Высшая',
};

export const EDUCATION_NAMES: Record<EducationLevel, string> = {
  'higher-pedagogical': 'Высшее педагогическое',
  'higher-other': 'Высшее непедагогическое',
  'vocational-pedagogical': 'Среднее профессиональное педагогическое',
  'vocational-other': 'Среднее профессиональное непедагогическое',
  other: 'Иное',
};

/** Other ways people write a category in a file, beside the code and the name above. */
const CATEGORY_ALIASES: Record<string, QualificationCategory> = {
  '': 'none',
  нет: 'none',
  'первая квалификационная категория': 'first',
  'высшая квалификационная категория': 'highest',
  '1': 'first',
};

const LIST_SEPARATOR = '|';
const CONTROL = /[\u0000-\u001F\u007F]/u;
/** The kit's rule for text that shows otherwise than stored (as @Text applies it to requests). */
const HIDDEN = {
  bidi: 'значение содержит символы управления направлением письма (U+202A–U+202E, U+2066–U+2069)',
  invisible: 'значение состоит только из пробелов или невидимых символов',
} as const;

/** The teacher's key in a row: the СНИЛС digits, when well-formed (for duplicates in the file). */
export function snilsOfRow(cells: Readonly<Record<string, string>>): string | undefined {
  const digits = snilsDigits(cells['snils'] ?? '');
  return digits !== undefined && isValidSnils(digits) ? digits : undefined;
}

/** Reads one row; every problem of the row is told, not only the first. */
export function teacherRowOf(cells: Readonly<Record<string, string>>, region: string): TeacherRow {
  const problems: RowProblem[] = [];
  const cell = (column: string) => cells[column] ?? '';

  const snils = snilsOf(cell('snils'), problems);
  const lastName = nameOf('last_name', cell('last_name'), 'фамилия', 'фамилия не указана', problems);
  const firstName = nameOf('first_name', cell('first_name'), 'имя', 'имя не указано', problems);
  const patronymic = nameOf('patronymic', cell('patronymic'), 'отчество', undefined, problems);
  const organizationId = directoryRef(
    'organization_id',
    cell('organization_id'),
    /^[0-9]{10}$/,
    (key) => catalogDirectoryId('organization', region, key),
    { what: 'организация', missing: 'организация не указана', unknown: 'не распознана' },
    'ИНН из 10 цифр',
    problems,
  );
  const municipalityId = directoryRef(
    'municipality_id',
    cell('municipality_id'),
    /^[0-9]{8}$/,
    (key) => catalogDirectoryId('municipality', region, key),
    { what: 'муниципалитет', missing: 'муниципалитет не указан', unknown: 'не распознан' },
    'ОКТМО из 8 цифр',
    problems,
  );
  const position = codeOf(POSITIONS, cell('position'), 'position', 'должность', problems) as Position;
  const subjects = subjectsOf(cell('subjects'), problems);
  const workProfile = cell('work_profile');
  if ([...workProfile].length > WORK_PROFILE_MAX) {
    problems.push({ column: 'work_profile', reason: `профиль работы длиннее ${WORK_PROFILE_MAX} символов` });
  } else if (CONTROL.test(workProfile)) {
    problems.push({ column: 'work_profile', reason: 'значение содержит управляющие символы' });
  } else if (hiddenText(workProfile) !== undefined) {
    problems.push({ column: 'work_profile', reason: HIDDEN[hiddenText(workProfile)!] });
  }
  const category = categoryOf(cell('category'), problems);
  const categorySince = dateOf('category_since', cell('category_since'), problems);
  const education = codeOf(
    EDUCATION_NAMES,
    cell('education'),
    'education',
    'образование',
    problems,
  ) as EducationLevel;
  const lastTrainingCompletedOn = dateOf('last_training_on', cell('last_training_on'), problems);
  const email = cell('email');
  if (email !== '' && (!EMAIL.test(email) || email.length > EMAIL_MAX)) {
    problems.push({
      column: 'email',
      reason: 'адрес электронной почты не распознан (ожидается вида name@school.ru)',
    });
  }
  const phone = cell('phone');
  if (phone !== '' && !PHONE.test(phone)) {
    problems.push({
      column: 'phone',
      reason: 'номер телефона не распознан (ожидается вида +7 846 123-45-67)',
    });
  }
  if (problems.length > 0 || snils === undefined) return { problems };

  return {
    record: {
      teacherId: teacherIdOf(region, snils),
      region,
      organizationId: organizationId!,
      municipalityId: municipalityId!,
      position,
      subjects,
      workProfile,
      category,
      categorySince,
      education,
      lastTrainingCompletedOn,
    },
    personalData: { lastName, firstName, patronymic, snils, email, phone },
  };
}

function snilsOf(text: string, problems: RowProblem[]): string | undefined {
  const digits = snilsDigits(text);
  if (text === '') problems.push({ column: 'snils', reason: 'СНИЛС не указан' });
  else if (digits === undefined)
    problems.push({ column: 'snils', reason: 'СНИЛС должен состоять из 11 цифр' });
  else if (!isValidSnils(digits)) {
    problems.push({ column: 'snils', reason: 'СНИЛС не проходит проверку контрольного числа' });
  } else return digits;
  return undefined;
}

/** A name; `missing` says what is wrong when a required one is empty (undefined: may be empty). */
function nameOf(
  column: string,
  text: string,
  what: string,
  missing: string | undefined,
  problems: RowProblem[],
): string {
  if (text === '' && missing !== undefined) problems.push({ column, reason: missing });
  else if ([...text].length > NAME_MAX)
    problems.push({ column, reason: `${what}: длиннее ${NAME_MAX} символов` });
  else if (CONTROL.test(text))
    problems.push({ column, reason: `${what}: значение содержит управляющие символы` });
  else if (hiddenText(text) !== undefined)
    problems.push({ column, reason: `${what}: ${HIDDEN[hiddenText(text)!]}` });
  return text;
}

/** A directory entry by its id, or by its natural key (the id the catalog's import gave it). */
function directoryRef(
  column: string,
  text: string,
  naturalKey: RegExp,
  idOfKey: (key: string) => string,
  words: { readonly what: string; readonly missing: string; readonly unknown: string },
  keyName: string,
  problems: RowProblem[],
): string | undefined {
  const id = canonicalId(text) ?? (naturalKey.test(text) ? idOfKey(text) : undefined);
  if (id === undefined) {
    problems.push({
      column,
      reason:
        text === ''
          ? words.missing
          : `${words.what} ${words.unknown}: укажите идентификатор (UUID) или ${keyName}`,
    });
  }
  return id;
}

function subjectsOf(cell: string, problems: RowProblem[]): Subject[] {
  const entries = items(cell);
  const codes = entries.map((entry) => codeIn(SUBJECTS, entry));
  const unknown = entries.filter((_, index) => codes[index] === undefined);
  if (unknown.length > 0) {
    problems.push({
      column: 'subjects',
      reason: `предметов не из списка: ${unknown.length}; укажите коды или названия через "|": ${optionsOf(SUBJECTS)}`,
    });
    return [];
  }
  if (new Set(codes).size !== codes.length)
    problems.push({ column: 'subjects', reason: 'предмет назван в списке дважды' });
  if (codes.length > 20) problems.push({ column: 'subjects', reason: 'предметов больше 20' });
  return codes as Subject[];
}

function categoryOf(cell: string, problems: RowProblem[]): QualificationCategory {
  const alias = CATEGORY_ALIASES[normalised(cell)];
  if (alias !== undefined) return alias;
  return codeOf(
    CATEGORY_NAMES,
    cell,
    'category',
    'квалификационная категория',
    problems,
  ) as QualificationCategory;
}

/** A date as YYYY-MM-DD, from that form or the Russian DD.MM.YYYY; null when the cell is empty. */
function dateOf(column: string, cell: string, problems: RowProblem[]): string | null {
  if (cell === '') return null;
  const russian = /^([0-9]{2})\.([0-9]{2})\.([0-9]{4})$/.exec(cell);
  const iso = russian ? `${russian[3]}-${russian[2]}-${russian[1]}` : cell;
  if (isCalendarDate(iso)) return iso;
  problems.push({ column, reason: 'дата не распознана: ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ' });
  return null;
}

function items(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Spelling differences that should not matter when a name is typed: case, ё, spaces, quotes. */
function normalised(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[«»"]/g, '').replace(/\s+/g, ' ').trim();
}

/** The code a cell names, by its code or its Russian name (with or without what is in brackets). */
function codeIn(vocabulary: Record<string, string>, cell: string): string | undefined {
  const wanted = normalised(cell);
  for (const [code, name] of Object.entries(vocabulary)) {
    const full = normalised(name);
    const short = /\(([^)]+)\)/.exec(full)?.[1]?.trim();
    const bare = full.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
    if ([code.toLowerCase(), full, bare, short].includes(wanted)) return code;
  }
  return undefined;
}

function codeOf(
  vocabulary: Record<string, string>,
  cell: string,
  column: string,
  what: string,
  problems: RowProblem[],
): string {
  const code = codeIn(vocabulary, cell);
  if (code !== undefined) return code;
  problems.push({
    column,
    reason:
      cell === ''
        ? `не указано значение (${what}); допустимы: ${optionsOf(vocabulary)}`
        : `${what}: значения нет в списке; укажите код или название: ${optionsOf(vocabulary)}`,
  });
  return cell;
}

function optionsOf(vocabulary: Record<string, string>): string {
  return Object.entries(vocabulary)
    .map(([code, name]) => `${code} (${name})`)
    .join(', ');
}
