import { COMPETENCY_FRAMEWORK } from '@pk/contracts';
import { type CommandOutcome, DomainError } from '@pk/kernel';
import {
  canonicalId,
  type CsvRow,
  type RowOutcome,
  type RowProblem,
  type RowResult,
} from '@pk/service-runtime';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { isCalendarDate, OKTMO } from '../api/directory.dto';
import { directoryId } from '../domain/directory-id';

// How the catalog's CSV rows become the HTTP commands' requests: the same DTO classes check them
// with the same rules, the same handlers run them, and what is refused is told in Russian, by column,
// for the people who read import reports. Column names are English, as documented in the README.
// One format per file beside this one (<directory>.import.ts); these are what they share.

/** How to word a DTO's refusal of one field for a report: the raw cell and the DTO's message. */
export type Explain = (cell: string, message: string) => string;
export interface Field {
  readonly column: string;
  readonly explain: Explain;
}

/** Names for ownership, which the shared vocabulary does not carry (it is the catalog's own). */
export const OWNERSHIP_NAMES: Record<string, string> = {
  state: 'Государственная',
  municipal: 'Муниципальная',
  'federal-named': 'Федеральная, названная в законе (Сириус, Сколково и т. п.)',
  private: 'Частная',
  unspecified: 'Не указана',
};
export const PROGRAM_KIND_NAMES: Record<string, string> = {
  'advanced-training': 'Повышение квалификации',
  retraining: 'Профессиональная переподготовка',
};
export const FORMAT_NAMES: Record<string, string> = {
  'in-person': 'Очная',
  blended: 'Смешанная',
  distance: 'Дистанционная',
  internship: 'Стажировка',
};
export const COMPETENCIES: Record<string, string> = COMPETENCY_FRAMEWORK.competencies;
const LIST_SEPARATOR = '|';

/**
 * The row's request checked by the HTTP command's DTO class, with the ValidationPipe's options
 * (unknown fields refused, values transformed), and the import's own problems (cells the DTO
 * never sees, such as ОКТМО references) reported with them.
 */
export async function validated<T extends object>(
  Dto: new () => T,
  fields: Record<string, Field>,
  cells: Readonly<Record<string, string>>,
  plain: Record<string, unknown>,
  own: readonly RowProblem[] = [],
): Promise<{ readonly request: T } | { readonly problems: readonly RowProblem[] }> {
  const request = plainToInstance(Dto, plain);
  const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
  const problems = [...own, ...errors.map((error) => problemOf(error, fields, cells))];
  // two rules of one field may say the same thing in Russian
  return problems.length > 0 ? { problems: dropDuplicateColumns(problems) } : { request };
}

function problemOf(
  error: ValidationError,
  fields: Record<string, Field>,
  cells: Readonly<Record<string, string>>,
): RowProblem {
  const field = fields[error.property];
  const message = firstMessage(error);
  if (field === undefined) return { column: null, reason: message };
  return { column: field.column, reason: field.explain(cells[field.column] ?? '', message) };
}

function firstMessage(error: ValidationError): string {
  const own = Object.values(error.constraints ?? {})[0];
  if (own !== undefined) return own;
  for (const child of error.children ?? []) {
    const nested = firstMessage(child);
    if (nested) return nested;
  }
  return `${error.property}: неверное значение`;
}

function dropDuplicateColumns(problems: readonly RowProblem[]): RowProblem[] {
  const seen = new Set<string>();
  return problems.filter(({ column, reason }) => {
    const key = `${column}\u0000${reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Registers a new entry, or updates a known one: an import carries whole records. */
export async function upsert(
  register: () => Promise<CommandOutcome>,
  update: () => Promise<CommandOutcome>,
  alreadyRegistered: string,
): Promise<RowResult> {
  try {
    return outcomeOf(await register());
  } catch (error) {
    // registered with other data: the row is the entry's new record
    if (error instanceof DomainError && error.code === alreadyRegistered) return outcomeOf(await update());
    throw error;
  }
}

export function outcomeOf(outcome: CommandOutcome): RowOutcome {
  const [event] = outcome.events;
  if (event === undefined) return 'unchanged';
  return /(Registered|Drafted)$/.test(event.type) ? 'registered' : 'updated';
}

/** A rule of the domain refused the row: said in Russian where the code is known. */
export async function refusalsAsProblems(
  cells: Readonly<Record<string, string>>,
  region: string,
  command: () => Promise<RowResult>,
): Promise<RowResult> {
  try {
    return await command();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return [refusal(error, cells, region)];
  }
}

function refusal(error: DomainError, cells: Readonly<Record<string, string>>, region: string): RowProblem {
  switch (error.code) {
    case 'municipality-not-registered':
      return {
        column: 'municipality_oktmo',
        reason: `муниципалитет с ОКТМО ${cells['municipality_oktmo']} не найден в справочнике региона ${region}; сначала загрузите муниципалитеты`,
      };
    case 'provider-not-registered':
      return {
        column: 'provider_inn',
        reason: `организатор с ИНН ${cells['provider_inn']} не найден в справочнике региона ${region}; сначала загрузите организаторов`,
      };
    case 'program-hours-below-minimum': {
      const minimum = /не меньше (\d+) часов/.exec(error.message)?.[1];
      return {
        column: 'hours',
        reason: `программе вида "${cells['kind']}" нужно не меньше ${minimum} часов, указано ${cells['hours']}`,
      };
    }
    case 'program-not-editable':
      return {
        column: 'code',
        reason: `программа с кодом "${cells['code']}" уже не черновик (отправлена или рассмотрена); файл её не меняет`,
      };
    case 'provider-key-registered':
    case 'organization-key-registered':
    case 'internship-site-key-registered':
    case 'municipality-key-registered': {
      const oktmo = error.code === 'municipality-key-registered';
      const existing = / as \S+ (\S+);/.exec(error.message)?.[1] ?? '';
      return {
        column: oktmo ? 'oktmo' : 'inn',
        reason: `${oktmo ? 'ОКТМО' : 'ИНН'} ${cells[oktmo ? 'oktmo' : 'inn']} уже есть в справочнике региона ${region} под другим идентификатором (${existing}); измените ту запись через PUT`,
      };
    }
    case 'hosted-program-unknown':
      return {
        column: 'programs',
        reason: `программа ${programOf(error)} не найдена в каталоге; сначала загрузите программы (${error.message})`,
      };
    case 'hosted-program-in-another-region':
      return {
        column: 'programs',
        reason: `программа ${programOf(error)} из другого региона; площадка региона ${region} принимает только программы своего региона`,
      };
    case 'internship-period-reversed':
      return { column: 'periods', reason: `период заканчивается раньше, чем начинается (${error.message})` };
    default:
      return { column: null, reason: `отказано по правилу ${error.code}: ${error.message}` };
  }
}

/** The program id a refusal names (its message starts with it). */
function programOf(error: DomainError): string {
  return /^program (\S+)/.exec(error.message)?.[1] ?? '';
}

/** The natural key of a row in one column, when the cell is a well-formed key. */
export function keyOf(column: string, pattern: RegExp, label: (value: string) => string) {
  return (row: CsvRow) => {
    const value = row.cells[column]!;
    return pattern.test(value) ? { value, column, label: label(value) } : undefined;
  };
}

/** The ОКТМО an entry's municipality is named by: the DTO only sees the id derived from it. */
export function municipalityReference(cells: Readonly<Record<string, string>>): RowProblem[] {
  const oktmo = cells['municipality_oktmo']!;
  return OKTMO.test(oktmo)
    ? []
    : [
        {
          column: 'municipality_oktmo',
          reason:
            oktmo === ''
              ? 'ОКТМО муниципалитета не указан'
              : `ОКТМО муниципалитета "${oktmo}" должен состоять из 8 цифр`,
        },
      ];
}

/** Programs a site hosts: program ids, or `<ИНН организатора>/<код программы>` as in program files. */
export function programIdsOf(region: string, cell: string): { ids: string[]; problems: RowProblem[] } {
  const ids: string[] = [];
  const problems: RowProblem[] = [];
  for (const entry of items(cell)) {
    const reference = /^([0-9]{10}|[0-9]{12})\/([\p{L}\p{N}._-]{1,100})$/u.exec(entry);
    const id = canonicalId(entry) ?? (reference ? directoryId('program', region, entry) : undefined);
    if (id === undefined) {
      problems.push({
        column: 'programs',
        reason: `программа "${entry}" не распознана: укажите её идентификатор или ИНН организатора и код через "/", например 6317010870/ФГ-36`,
      });
    } else ids.push(id);
  }
  return { ids, problems };
}

const PERIOD = /^(\S+)\s*(?:\.\.|–|—)\s*(\S+)\s*:\s*([0-9]+)$/;

/** Periods `2026-03-02..2026-03-13:12` (or 02.03.2026–13.03.2026:12), separated by "|". */
export function periodsOf(cell: string): {
  periods: { startsOn: string; endsOn: string; places: number }[];
  problems: RowProblem[];
} {
  const periods: { startsOn: string; endsOn: string; places: number }[] = [];
  const problems: RowProblem[] = [];
  for (const entry of items(cell)) {
    const parts = PERIOD.exec(entry);
    const startsOn = parts && isoDate(parts[1]!);
    const endsOn = parts && isoDate(parts[2]!);
    if (!parts || !startsOn || !endsOn) {
      problems.push({
        column: 'periods',
        reason: `период "${entry}" не распознан: ожидается начало..конец:места, например 2026-03-02..2026-03-13:12`,
      });
    } else periods.push({ startsOn, endsOn, places: Number(parts[3]) });
  }
  return { periods, problems };
}

/** A date as YYYY-MM-DD, from that form or the Russian DD.MM.YYYY; undefined if not a real date. */
function isoDate(text: string): string | undefined {
  const russian = /^([0-9]{2})\.([0-9]{2})\.([0-9]{4})$/.exec(text);
  const iso = russian ? `${russian[3]}-${russian[2]}-${russian[1]}` : text;
  return isCalendarDate(iso) ? iso : undefined;
}

export function items(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Spelling differences that should not matter when a name is typed: case, ё, spaces, quotes. */
function normalised(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[«»"]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * The code a cell names, by its code or its Russian name (also without, or as, its abbreviation in
 * brackets: «ДОУ»). An unknown cell stays as it is, for the DTO to refuse and the report to name.
 */
export function codeOf(vocabulary: Record<string, string>, cell: string): string {
  const wanted = normalised(cell);
  for (const [code, name] of Object.entries(vocabulary)) {
    const full = normalised(name);
    const short = /\(([^)]+)\)/.exec(full)?.[1]?.trim();
    const bare = full.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
    if ([code.toLowerCase(), full, bare, short].includes(wanted)) return code;
  }
  return cell;
}

export function codesOf(vocabulary: Record<string, string>, cell: string | undefined): string[] {
  return items(cell).map((item) => codeOf(vocabulary, item));
}

export function pick(names: Record<string, string>, codes: readonly string[]): Record<string, string> {
  return Object.fromEntries(codes.map((code) => [code, names[code] ?? code]));
}

/** Whole numbers as numbers; anything else stays text for the DTO to refuse. */
export function integerOf(cell: string): number | string {
  return /^-?[0-9]{1,9}$/.test(cell) ? Number(cell) : cell;
}

const YES = ['да', 'yes', 'true', '1', '+'];
const NO = ['нет', 'no', 'false', '0', '-', ''];
export function yesNoOf(cell: string | undefined): boolean | string {
  const value = normalised(cell ?? '');
  return YES.includes(value) ? true : NO.includes(value) ? false : (cell as string);
}

export const yesNoReason: Explain = (cell) => `значение "${cell}" должно быть «да» или «нет»`;

function optionsOf(vocabulary: Record<string, string>): string {
  return Object.entries(vocabulary)
    .map(([code, name]) => `${code} (${name})`)
    .join(', ');
}

export function unknownCode(what: string, vocabulary: Record<string, string>): Explain {
  return (cell) =>
    cell === ''
      ? `не указано значение (${what}); допустимы: ${optionsOf(vocabulary)}`
      : `${what} "${cell}" не из списка; укажите код или название: ${optionsOf(vocabulary)}`;
}

/** A list cell: names the items that are not in the vocabulary. */
export function listReason(what: string, vocabulary: Record<string, string>): Explain {
  return (cell, message) => {
    if (/unique/.test(message)) return 'значение названо в списке дважды';
    if (!/must be one of/.test(message)) return message;
    const unknown = items(cell).filter((item) => !Object.hasOwn(vocabulary, codeOf(vocabulary, item)));
    return `${what}: ${unknown.map((item) => `"${item}"`).join(', ')} не из списка; укажите коды или названия через "|": ${optionsOf(vocabulary)}`;
  };
}

/** The DTO's text rules (see @Text) already speak Russian; a row's reason names the cell, not the field. */
export function textReason(_cell: string, message: string): string {
  return `значение ${message.replace(/^[\w.]+: /, '')}`;
}
