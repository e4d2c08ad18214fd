import { type ReportData } from './report-data';

// The report for machines: one flat table, `;`-separated, UTF-8 with a BOM (what Excel in Russian
// opens without asking), every figure a plain number with a dot, empty where there is none.

const COLUMNS = [
  'section',
  'municipalityId',
  'municipality',
  'indicatorId',
  'indicator',
  'year',
  'numerator',
  'denominator',
  'percent',
  'met',
  'score',
  'previousPercent',
  'previousMet',
  'change',
  'unit',
] as const;

type Cell = string | number | boolean | null;

/** A cell quoted when it holds the separator, a quote or a line break (RFC 4180 with `;`). */
function cell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function reportCsv(report: ReportData): Buffer {
  const rows: Cell[][] = [];
  for (const indicator of report.samara) {
    rows.push([
      'samara',
      report.municipalityId,
      report.scopeName,
      indicator.id,
      indicator.title,
      report.year,
      indicator.current.numerator,
      indicator.current.denominator,
      indicator.current.percent,
      null,
      null,
      indicator.previous.percent,
      null,
      indicator.change,
    ]);
  }
  // goals 2–4: the value in `percent` whatever its unit, named in `unit` (percent, mean, hhi…)
  for (const indicator of report.goals ?? []) {
    rows.push([
      `goal-${indicator.goal}`,
      indicator.regionWide ? null : report.municipalityId,
      indicator.regionWide ? 'регион' : report.scopeName,
      indicator.id,
      indicator.title,
      report.year,
      indicator.current.numerator,
      indicator.current.denominator,
      indicator.current.value,
      null,
      null,
      indicator.previous.value,
      null,
      indicator.change,
      indicator.unit,
    ]);
  }
  for (const municipality of report.irbey) {
    for (const row of municipality.rows) {
      rows.push([
        'irbey',
        municipality.municipalityId,
        municipality.name,
        row.id,
        row.title,
        report.year,
        row.current.numerator,
        row.current.denominator,
        row.current.percent,
        row.current.met,
        row.current.score,
        row.previous.percent,
        row.previous.met,
        row.change,
      ]);
    }
    rows.push([
      'irbey-total',
      municipality.municipalityId,
      municipality.name,
      'total',
      `Итоговый балл из ${municipality.total.max}`,
      report.year,
      municipality.total.score,
      municipality.total.max,
      null,
      null,
      municipality.total.score,
      null,
      null,
      municipality.total.score - municipality.totalPreviousYear.score,
    ]);
  }
  for (const line of report.recommendations.text) {
    rows.push([
      'recommendation',
      report.municipalityId,
      report.scopeName,
      null,
      line,
      report.year,
      ...Array(8).fill(null),
    ]);
  }
  // every line as wide as the header: the rows that have no unit leave it empty
  const text = [COLUMNS, ...rows]
    .map((row) => Array.from({ length: COLUMNS.length }, (_, i) => cell(row[i] ?? null)).join(';'))
    .join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}
