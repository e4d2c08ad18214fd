/**
 * Text at the front of a cell that a spreadsheet (Excel, LibreOffice, Google Sheets) would run as a
 * formula: =, +, -, @, a tab, a line break, and their full-width forms, which some of them read the
 * same way. Names and reasons carry what people typed ("=cmd|' /C calc'!A0", "@HYPERLINK(…)").
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * A value as a spreadsheet cell shows it and never runs it: a formula's first character is
 * preceded by an apostrophe (OWASP's advice for CSV injection), so the cell reads as text. Every
 * CSV or XLSX the platform writes passes each text cell through this (or through csvCell).
 */
export function spreadsheetCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field: made safe for spreadsheets (spreadsheetCell), then quoted when it holds the
 * separator, a quote or a line break, a quote inside doubled.
 */
export function csvCell(text: string, separator: ';' | ',' = ';'): string {
  const safe = spreadsheetCell(text);
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
