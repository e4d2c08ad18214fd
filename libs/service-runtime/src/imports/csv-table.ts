// The CSV files regions load (directories, programs, teachers): UTF-8 or Windows-1251, ';' or ',',
// read into rows with their file line numbers, so every service's import reports lines alike.
import { CsvError, parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';

/** A file the import cannot read as a table at all; nothing of it is imported (400). */
export class CsvFileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileRefused';
  }
}

export type CsvEncoding = 'utf-8' | 'windows-1251';
export type CsvSeparator = ';' | ',';

/** One data row: the line of the file it starts on (as a text editor counts) and its cells by column. */
export interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
  /** How many cells the row has, when it is not the header's count; undefined when it matches. */
  readonly cellCount?: number;
}

export interface CsvTable {
  readonly encoding: CsvEncoding;
  readonly separator: CsvSeparator;
  /** Column names as the header gives them, trimmed and lower-cased. */
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
}

export interface CsvColumns {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/**
 * Reads an import file: detects its encoding and separator, parses it (quoted fields may hold
 * separators, quotes and line breaks) and checks its header against the columns expected.
 * Cells are trimmed; rows whose cells are all empty (a spreadsheet's trailing ";;;") are skipped.
 */
export function readCsv(bytes: Buffer, expected: CsvColumns): CsvTable {
  const { text, encoding } = decode(bytes);
  const separator = separatorOf(text);
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    // with `info`, each record comes as { record, info }; the typings do not model that option
    records = parse(text, {
      delimiter: separator,
      info: true,
      relax_column_count: true,
      // a quote inside an unquoted cell (ООО "Ромашка") is taken literally, as spreadsheets write it
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new CsvFileRefused(parseFailure(error));
  }
  const lines = lineCounter(text);
  const [header, ...data] = records.map(({ record }, index) => ({
    record,
    line: lines.startOf(index === 0 ? 0 : records[index - 1]!.info.bytes),
  }));
  if (header === undefined) throw new CsvFileRefused('файл пуст: нет даже строки заголовка');
  const columns = header.record.map((name) => name.trim().toLowerCase());
  checkHeader(columns, expected);
  const rows = data
    .filter(({ record }) => record.some((cell) => cell.trim() !== ''))
    .map(({ record, line }) => ({
      line,
      cells: Object.fromEntries(columns.map((column, index) => [column, (record[index] ?? '').trim()])),
      ...(record.length === columns.length ? {} : { cellCount: record.length }),
    }));
  return { encoding, separator, columns, rows };
}

/**
 * UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), Windows-1251 otherwise: Russian text in
 * cp1251 is practically never valid UTF-8, since its letters are single bytes above 0x7F.
 */
export function decode(bytes: Buffer): { text: string; encoding: CsvEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'win1251'), encoding: 'windows-1251' };
  }
}

/** The separator the header line uses most, outside quotes: ";" (Russian Excel) or ",". */
export function separatorOf(text: string): CsvSeparator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  if (semicolons === 0 && commas === 0) {
    throw new CsvFileRefused(
      'в строке заголовка нет разделителя: перечислите столбцы через ";" или ",", например inn;name;kind',
    );
  }
  return semicolons >= commas ? ';' : ',';
}

function checkHeader(columns: readonly string[], expected: CsvColumns): void {
  const known = [...expected.required, ...(expected.optional ?? [])];
  const expectation = `ожидаются столбцы ${expected.required.join(';')}${
    expected.optional?.length ? ` и по желанию ${expected.optional.join(';')}` : ''
  }`;
  const missing = expected.required.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new CsvFileRefused(`в заголовке нет столбцов ${missing.join(', ')}; ${expectation}`);
  }
  const unknown = columns.filter((column) => !known.includes(column));
  if (unknown.length > 0) {
    throw new CsvFileRefused(
      `неизвестные столбцы ${unknown.map((c) => `"${c}"`).join(', ')}; ${expectation}`,
    );
  }
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0) {
    throw new CsvFileRefused(`столбцы повторяются: ${[...new Set(repeated)].join(', ')}`);
  }
}

/**
 * Line numbers as a text editor shows them, of records given by the byte offset where the previous
 * one ended (csv-parse's info.bytes, in UTF-8): empty lines before a record are skipped, and CRLF,
 * LF and CR each end one line, inside quoted cells too (csv-parse's own line count takes CRLF in a
 * quoted cell for two). Offsets only grow, so the text is scanned once.
 */
function lineCounter(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  const isBreak = (at: number) => bytes[at] === 0x0a || bytes[at] === 0x0d;
  let cursor = 0;
  let line = 1;
  const advanceTo = (offset: number) => {
    for (; cursor < offset && cursor < bytes.length; cursor++) {
      if (bytes[cursor] === 0x0a || (bytes[cursor] === 0x0d && bytes[cursor + 1] !== 0x0a)) line++;
    }
  };
  return {
    startOf(offset: number): number {
      advanceTo(offset);
      while (cursor < bytes.length && isBreak(cursor)) advanceTo(cursor + 1);
      return line;
    },
  };
}

function parseFailure(error: unknown): string {
  if (!(error instanceof CsvError)) return `файл не разобрать как CSV: ${String(error)}`;
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line === undefined ? '' : `строка ${line}: `;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${where}кавычка открыта и не закрыта до конца файла`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${where}после закрывающей кавычки идёт текст; удвойте кавычку внутри значения ("")`;
    default:
      return `${where}файл не разобрать как CSV (${error.message})`;
  }
}
