import { csvCell } from '@pk/service-runtime';

// The rows of a period's completions as the federal register of education documents (ФИС ФРДО)
// takes documents of additional professional education (ДПО): the columns of its template for
// «удостоверение о повышении квалификации» and «диплом о профессиональной переподготовке», in its
// order (services/diagnostics/README.md, "ФИС ФРДО export", says where the list comes from), and
// per row which of the register's required fields the platform does not have. Pure: the caller
// reads the completions, the program cards and the opened personal data.

/** A completion as the frdo-completions read model keeps it. */
export interface FrdoCompletion {
  readonly enrollmentId: string;
  readonly teacherId: string;
  readonly programId: string;
  readonly providerId: string;
  readonly kind: string;
  readonly hours: number;
  readonly completedOn: string;
  readonly certificateNumber: string;
}

/** What the catalog's register says of the program (diagnostics' replica), if it knows it. */
export interface FrdoProgram {
  readonly title: string;
  readonly kind?: string;
  readonly format?: string;
}

/** The learner's personal data, opened for this file only; or why there is none. */
export type FrdoPerson =
  | {
      readonly state: 'known';
      readonly lastName: string;
      readonly firstName: string;
      readonly patronymic: string;
      /** 11 digits. */
      readonly snils: string;
    }
  | { readonly state: 'erased' }
  | { readonly state: 'unknown' };

export const FRDO_COLUMNS = [
  'Название документа',
  'Вид документа',
  'Статус документа',
  'Подтверждение утраты',
  'Подтверждение обмена',
  'Подтверждение уничтожения',
  'Серия документа',
  'Номер документа',
  'Дата выдачи документа',
  'Регистрационный номер',
  'Наименование дополнительной профессиональной программы',
  'Год начала обучения',
  'Год окончания обучения',
  'Срок обучения, часов',
  'Фамилия получателя',
  'Имя получателя',
  'Отчество получателя',
  'Дата рождения получателя',
  'Пол получателя',
  'СНИЛС',
  'Гражданство получателя (код страны по ОКСМ)',
  'Форма обучения',
] as const;
export type FrdoColumn = (typeof FRDO_COLUMNS)[number];

/** The last column: what the register requires and this row lacks, in words. */
export const MISSING_COLUMN = 'Недостающие сведения';

/**
 * Fields the register requires of a ДПО document. Серия (optional for ДПО documents) and Отчество
 * (a person may have none) are not among them.
 */
const REQUIRED: readonly FrdoColumn[] = FRDO_COLUMNS.filter(
  (column) => column !== 'Серия документа' && column !== 'Отчество получателя',
);

const DOCUMENT_OF_KIND: Record<string, string> = {
  'advanced-training': 'Удостоверение о повышении квалификации',
  retraining: 'Диплом о профессиональной переподготовке',
};

/** The catalog's formats as the register's «форма обучения»; unspecified has none. */
const FORM_OF_FORMAT: Record<string, string> = {
  'in-person': 'Очная',
  internship: 'Очная',
  blended: 'Очно-заочная',
  distance: 'Заочная',
};

export interface FrdoRow {
  readonly enrollmentId: string;
  readonly cells: Readonly<Record<FrdoColumn, string>>;
  /** The required columns left empty, and why when the reason is not the column itself. */
  readonly missing: readonly string[];
}

const russianDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const snilsText = (digits: string) =>
  /^[0-9]{11}$/.test(digits)
    ? `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`
    : '';

export function frdoRowOf(
  completion: FrdoCompletion,
  program: FrdoProgram | undefined,
  person: FrdoPerson,
): FrdoRow {
  const document = DOCUMENT_OF_KIND[completion.kind] ?? DOCUMENT_OF_KIND[program?.kind ?? ''] ?? '';
  const known = person.state === 'known' ? person : undefined;
  const cells: Record<FrdoColumn, string> = {
    'Название документа': document,
    'Вид документа': document,
    'Статус документа': 'Оригинал',
    'Подтверждение утраты': 'Нет',
    'Подтверждение обмена': 'Нет',
    'Подтверждение уничтожения': 'Нет',
    'Серия документа': '',
    'Номер документа': completion.certificateNumber,
    'Дата выдачи документа': russianDate(completion.completedOn),
    // the provider's book of issued documents is not kept on the platform
    'Регистрационный номер': '',
    'Наименование дополнительной профессиональной программы': program?.title ?? '',
    // the offering's start is not replicated here (catalog.OfferingOpened): the provider fills it in
    'Год начала обучения': '',
    'Год окончания обучения': completion.completedOn.slice(0, 4),
    'Срок обучения, часов': String(completion.hours),
    'Фамилия получателя': known?.lastName ?? '',
    'Имя получателя': known?.firstName ?? '',
    'Отчество получателя': known?.patronymic ?? '',
    // not collected by the platform (diagnostics keeps names, СНИЛС and contacts only)
    'Дата рождения получателя': '',
    'Пол получателя': '',
    СНИЛС: known ? snilsText(known.snils) : '',
    'Гражданство получателя (код страны по ОКСМ)': '',
    'Форма обучения': FORM_OF_FORMAT[program?.format ?? ''] ?? '',
  };
  const missing: string[] = REQUIRED.filter((column) => cells[column] === '');
  if (person.state === 'erased') missing.push('персональные данные педагога удалены по его требованию');
  if (person.state === 'unknown') missing.push('педагога нет в реестре педагогов');
  if (!program) missing.push('программы нет в реестре программ');
  return { enrollmentId: completion.enrollmentId, cells, missing };
}

/**
 * The file: UTF-8 with a byte order mark (so Excel opens Cyrillic right), `;` between fields, CRLF
 * between lines, the register's Russian headers and the missing fields last. Every cell passes
 * csvCell: names are what people typed, never run as a formula.
 */
export function frdoCsvOf(rows: readonly FrdoRow[]): string {
  const header = [...FRDO_COLUMNS, MISSING_COLUMN].map((h) => csvCell(h)).join(';');
  const lines = rows.map((row) =>
    [...FRDO_COLUMNS.map((column) => row.cells[column]), row.missing.join(', ')]
      .map((cell) => csvCell(cell))
      .join(';'),
  );
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`;
}
