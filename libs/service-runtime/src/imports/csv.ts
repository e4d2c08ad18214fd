// The CSV files regions load (directories, programs, teachers): UTF-8 or Windows-1251, ';' or ',',
// read into rows with their file line numbers, so every service's import reports lines alike.
// Everything here works a slice of the file at a time and gives the event loop back between slices:
// a 20 MB file never holds a service for more than a few milliseconds at once, and no more than a
// slice of it is ever decoded or parsed in memory.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
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

export interface CsvColumns {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/** What the whole file holds, known before any row is imported. */
export interface CsvFile {
  readonly encoding: CsvEncoding;
  readonly separator: CsvSeparator;
  /** Column names as the header gives them, trimmed and lower-cased. */
  readonly columns: readonly string[];
  /** Data rows (empty ones not counted). */
  readonly rowCount: number;
}

/** Bytes handled between two turns of the event loop. */
const SLICE = 64 * 1024;
/** Columns a header may have: every format has a dozen or two. */
export const MAX_COLUMNS = 64;
/** Bytes one row may take (a program's annotation is 5 000 characters): a longer "row" is not a table. */
const MAX_ROW_BYTES = 256 * 1024;

/**
 * Reads the whole file once, a slice at a time, without keeping its rows: its encoding, separator
 * and header, how many rows it has, and whether it is a table at all (a quote never closed, a row
 * too long, a header of thousands of columns). Throws CsvFileRefused, naming the line, for a file
 * that is not a table; nothing of it may be imported then.
 */
export async function inspectCsv(bytes: Buffer, expected: CsvColumns): Promise<CsvFile> {
  const encoding = await encodingOf(bytes);
  const head = decodeSlice(bytes.subarray(0, SLICE), encoding);
  const separator = separatorOf(head);
  checkHeaderLine(head, separator, bytes.length > SLICE);
  let columns: string[] | undefined;
  for await (const { record } of records(
    bytes.subarray(0, Math.min(bytes.length, SLICE)),
    encoding,
    separator,
  )) {
    columns = headerOf(record, expected);
    break;
  }
  if (columns === undefined) throw new CsvFileRefused('файл пуст: нет даже строки заголовка');
  const rowCount = (await scan(bytes, separator)) - 1;
  return { encoding, separator, columns, rowCount };
}

/**
 * One pass over the bytes as a CSV reader would take them, keeping nothing: counts the records that
 * have any text (the header among them), and refuses what is not a table, naming the line — a quote
 * never closed, text after a closing quote, a row longer than any table row. Byte by byte is enough:
 * quotes, separators and line breaks are ASCII in UTF-8 and Windows-1251 alike. A quote opens a
 * quoted cell only at the start of a cell; inside an unquoted one it is text (ООО "Ромашка"), as
 * spreadsheets write it and as the parser is told to read it.
 */
async function scan(bytes: Buffer, separator: CsvSeparator): Promise<number> {
  const QUOTE = 0x22;
  const LF = 0x0a;
  const CR = 0x0d;
  const SEPARATOR = separator.charCodeAt(0);
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  let records = 0;
  let hasText = false;
  let cellStart = true;
  let quoted = false;
  let closed = false; // just after a quoted cell's closing quote
  const refuse = (at: number, reason: string): never => {
    throw new CsvFileRefused(`строка ${at}: ${reason}`);
  };
  const endRecord = (at: number) => {
    if (hasText) records += 1;
    hasText = false;
    cellStart = true;
    closed = false;
    recordStart = at + 1;
  };
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length) {
    const end = Math.min(at + SLICE, bytes.length);
    for (; at < end; at++) {
      const byte = bytes[at]!;
      const lineBreak = byte === LF || (byte === CR && bytes[at + 1] !== LF);
      if (quoted) {
        if (byte === QUOTE) {
          if (bytes[at + 1] === QUOTE) at++;
          else {
            quoted = false;
            closed = true;
          }
        } else if (lineBreak) line++;
        continue;
      }
      if (byte === SEPARATOR) {
        cellStart = true;
        closed = false;
      } else if (byte === LF || byte === CR) {
        if (lineBreak) {
          line++;
          endRecord(at);
          recordLine = line;
        }
      } else if (closed) {
        if (byte !== 0x20 && byte !== 0x09)
          refuse(line, 'после закрывающей кавычки идёт текст; удвойте кавычку внутри значения ("")');
      } else if (byte === QUOTE && cellStart) {
        quoted = true;
        cellStart = false;
      } else {
        cellStart = byte === 0x20 || byte === 0x09 ? cellStart : false;
        if (byte !== 0x20 && byte !== 0x09) hasText = true;
      }
      if (at - recordStart > MAX_ROW_BYTES) {
        refuse(recordLine, `строка длиннее ${MAX_ROW_BYTES / 1024} КБ; это не файл импорта`);
      }
      if (quoted) hasText = true;
    }
    await nextTurn();
  }
  if (quoted) refuse(recordLine, 'кавычка открыта и не закрыта до конца файла');
  endRecord(at);
  return records;
}

/** The file's data rows in order, as `inspectCsv` found the file (call it first). */
export async function* csvRows(bytes: Buffer, file: CsvFile): AsyncGenerator<CsvRow> {
  let header = true;
  for await (const { record, line } of records(bytes, file.encoding, file.separator)) {
    if (header) {
      header = false;
      continue;
    }
    if (!record.some((cell) => cell.trim() !== '')) continue; // a spreadsheet's trailing ";;;"
    yield {
      line,
      cells: Object.fromEntries(file.columns.map((column, index) => [column, (record[index] ?? '').trim()])),
      ...(record.length === file.columns.length ? {} : { cellCount: record.length }),
    };
  }
}

/** The whole file at once, for specs and small files: `inspectCsv` and every row. */
export async function readCsv(
  bytes: Buffer,
  expected: CsvColumns,
): Promise<CsvFile & { readonly rows: readonly CsvRow[] }> {
  const file = await inspectCsv(bytes, expected);
  const rows: CsvRow[] = [];
  for await (const row of csvRows(bytes, file)) rows.push(row);
  return { ...file, rows };
}

/**
 * UTF-8 when the bytes are valid UTF-8 (a BOM is dropped); Windows-1251 when they are not and do not
 * look like UTF-8 either. Russian text in Windows-1251 is practically never valid UTF-8 (its letters
 * are single bytes above 0x7F, which UTF-8 only allows in sequences), so a file whose multi-byte
 * sequences are nearly all valid UTF-8 is UTF-8 with a damaged byte: taken as Windows-1251, every
 * Cyrillic letter of it would be stored garbled («Р“РѕСЂРѕРґ» for «Город»). Such a file is refused,
 * naming the line of the first damaged byte.
 */
export async function encodingOf(bytes: Buffer): Promise<CsvEncoding> {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let at = 0; // a sequence may cross the end of a slice: the next slice starts where it ends
  while (at < bytes.length) {
    const end = Math.min(at + SLICE, bytes.length);
    while (at < end) {
      const length = utf8SequenceAt(bytes, at);
      if (length === 1) at += 1;
      else if (length > 1) {
        valid += 1;
        at += length;
      } else {
        invalid += 1;
        if (firstInvalid < 0) firstInvalid = at;
        at += 1;
      }
    }
    await nextTurn();
  }
  if (invalid === 0) return 'utf-8';
  // Windows-1251 Russian: nearly every byte above 0x7F breaks UTF-8. UTF-8 with a few bad bytes:
  // nearly every multi-byte sequence is fine.
  if (valid >= 4 * invalid) {
    throw new CsvFileRefused(
      `строка ${lineOfByte(bytes, firstInvalid)}: файл в кодировке UTF-8, но в нём есть байты, которые в UTF-8 ` +
        `не встречаются (${invalid} на ${valid + invalid} многобайтных символов); ` +
        'файл повреждён — сохраните его заново в UTF-8 или в Windows-1251',
    );
  }
  return 'windows-1251';
}

/** Length of the valid UTF-8 sequence at `at` (1 for ASCII), or 0 when the byte starts none. */
function utf8SequenceAt(bytes: Buffer, at: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return 1;
  const continuation = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

function lineOfByte(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at++) {
    if (bytes[at] === 0x0a || (bytes[at] === 0x0d && bytes[at + 1] !== 0x0a)) line++;
  }
  return line;
}

function decodeSlice(bytes: Buffer, encoding: CsvEncoding): string {
  return encoding === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, 'win1251');
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

/**
 * Refuses a header no import has, before the parser meets it: a header line longer than a slice, or
 * one of more than MAX_COLUMNS columns (a file of two million columns would otherwise keep the
 * parser busy for seconds on one record).
 */
function checkHeaderLine(head: string, separator: CsvSeparator, goesOn: boolean): void {
  let columns = 1;
  let quoted = false;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return;
    else if (!quoted && char === separator) columns += 1;
    if (columns > MAX_COLUMNS) break;
  }
  if (columns > MAX_COLUMNS) {
    throw new CsvFileRefused(`в строке заголовка больше ${MAX_COLUMNS} столбцов; это не файл импорта`);
  }
  if (goesOn) {
    // no line break in the first slice of a file that goes on: no header is that long
    throw new CsvFileRefused(`строка заголовка длиннее ${SLICE / 1024} КБ; это не файл импорта`);
  }
}

function headerOf(record: readonly string[], expected: CsvColumns): string[] {
  if (record.length > MAX_COLUMNS) {
    throw new CsvFileRefused(
      `в строке заголовка ${record.length} столбцов, а допускается не больше ${MAX_COLUMNS}; это не файл импорта`,
    );
  }
  const columns = record.map((name) => name.trim().toLowerCase());
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
      `неизвестные столбцы ${unknown
        .slice(0, 10)
        .map((c) => `"${c.slice(0, 40)}"`)
        .join(', ')}${unknown.length > 10 ? ` и ещё ${unknown.length - 10}` : ''}; ${expectation}`,
    );
  }
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0) {
    throw new CsvFileRefused(`столбцы повторяются: ${[...new Set(repeated)].join(', ')}`);
  }
  return columns;
}

/**
 * Parsed records with the line each starts on, a slice of the file per turn of the event loop.
 * The text is fed to the parser as UTF-8 whatever the file's encoding, so the parser's byte offsets
 * (where each record ended) can be turned into line numbers as a text editor shows them: empty lines
 * before a record are skipped, and CRLF, LF and CR each end one line, inside quoted cells too
 * (csv-parse's own line count takes a CRLF in a quoted cell for two).
 */
async function* records(
  bytes: Buffer,
  encoding: CsvEncoding,
  separator: CsvSeparator,
): AsyncGenerator<{ record: string[]; line: number }> {
  const lines = new LineCounter();
  const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8') : iconv.getDecoder('win1251');
  const decode = (slice: Buffer, last: boolean) =>
    decoder instanceof TextDecoder
      ? decoder.decode(slice, { stream: !last })
      : decoder.write(slice) + (last ? (decoder.end() ?? '') : '');
  async function* slices() {
    for (let start = 0; start < bytes.length; start += SLICE) {
      const text = Buffer.from(decode(bytes.subarray(start, start + SLICE), start + SLICE >= bytes.length));
      lines.feed(text);
      yield text;
      await nextTurn(); // the next slice is parsed in another turn of the event loop
    }
  }
  const parser = Readable.from(slices()).pipe(
    parse({
      delimiter: separator,
      info: true,
      relax_column_count: true,
      // a quote inside an unquoted cell (ООО "Ромашка") is taken literally, as spreadsheets write it
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: 2 * MAX_ROW_BYTES, // refused by `scan` already; a bound all the same
    }),
  );
  let recordEnd = 0;
  try {
    for await (const next of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const line = lines.startOf(recordEnd);
      recordEnd = next.info.bytes;
      yield { record: next.record, line };
    }
  } catch (error) {
    throw refusalOf(error);
  } finally {
    parser.destroy();
  }
}

/** Line numbers from byte offsets into the UTF-8 text fed so far; offsets only grow. */
class LineCounter {
  private readonly chunks: Buffer[] = [];
  /** Offset of the first byte of chunks[0]. */
  private base = 0;
  private cursor = 0;
  private line = 1;

  feed(chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  startOf(offset: number): number {
    this.advanceTo(offset);
    while (this.isBreak(this.cursor)) this.advanceTo(this.cursor + 1);
    return this.line;
  }

  private byteAt(offset: number): number | undefined {
    let at = offset - this.base;
    for (const chunk of this.chunks) {
      if (at < chunk.length) return chunk[at];
      at -= chunk.length;
    }
    return undefined;
  }

  private isBreak(offset: number): boolean {
    const byte = this.byteAt(offset);
    return byte === 0x0a || byte === 0x0d;
  }

  private advanceTo(offset: number): void {
    for (; this.cursor < offset; this.cursor++) {
      const byte = this.byteAt(this.cursor);
      if (byte === undefined) break;
      if (byte === 0x0a || (byte === 0x0d && this.byteAt(this.cursor + 1) !== 0x0a)) this.line++;
    }
    // what lies before the cursor is never looked at again (keep one byte for the CR LF check)
    while (this.chunks.length > 1 && this.cursor - 1 >= this.base + this.chunks[0]!.length) {
      this.base += this.chunks.shift()!.length;
    }
  }
}

function refusalOf(error: unknown): CsvFileRefused {
  if (!(error instanceof CsvError)) return new CsvFileRefused(`файл не разобрать как CSV: ${String(error)}`);
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line === undefined ? '' : `строка ${line}: `;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileRefused(`${where}кавычка открыта и не закрыта до конца файла`);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvFileRefused(
        `${where}после закрывающей кавычки идёт текст; удвойте кавычку внутри значения ("")`,
      );
    default:
      return new CsvFileRefused(`${where}файл не разобрать как CSV (${error.message})`);
  }
}
