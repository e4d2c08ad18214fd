import ExcelJS from 'exceljs';
import { IRBEY_GROUPS } from '../indicators/irbey';
import type { GoalUnit } from '../indicators/goals';
import { changeText, goalSections, percentText, type ReportData } from './report-data';

// The report as a workbook for people who work on in a spreadsheet: one sheet per section, the
// figures as numbers (a percent as a number with the «%» in the header), never as pictures.

const bold = { bold: true } as const;

function header(sheet: ExcelJS.Worksheet, titles: readonly string[], widths: readonly number[]): void {
  const row = sheet.addRow([...titles]);
  row.font = bold;
  row.alignment = { wrapText: true, vertical: 'top' };
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.views = [{ state: 'frozen', ySplit: sheet.rowCount }];
}

const UNIT_NAMES: Record<GoalUnit, string> = {
  percent: '%',
  'per-100': 'на 100',
  mean: 'среднее',
  median: 'медиана',
  count: 'число',
  hhi: 'индекс',
};

const yesNo = (met: boolean | null): string => (met === null ? '—' : met ? 'Да' : 'Нет');

export async function reportXlsx(report: ReportData): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Платформа ПК: мониторинг';
  book.created = new Date(report.issuedAt);

  const summary = book.addWorksheet('Справка');
  summary.getColumn(1).width = 34;
  summary.getColumn(2).width = 90;
  summary.addRow([report.title]).font = { bold: true, size: 14 };
  summary.addRow(['Территория', report.scopeName]);
  summary.addRow(['Год', report.year]);
  summary.addRow(['Сформирована', report.issuedAt]);
  summary.addRow(['Сформировал (субъект токена)', report.issuedBy]);
  summary.addRow([]);
  summary.addRow(['Муниципалитет', 'Итоговый балл (Ирбей)']).font = bold;
  for (const municipality of report.irbey) {
    summary.addRow([
      municipality.name,
      `${municipality.total.score} из ${municipality.total.max} (прошлый год ${municipality.totalPreviousYear.score}; не внесено оператором: ${municipality.total.unrecorded})`,
    ]);
  }

  const samara = book.addWorksheet('Показатели Самара');
  header(
    samara,
    [
      'Показатель',
      'Числитель',
      'Знаменатель',
      `${report.year}, %`,
      `${report.year - 1}, %`,
      'Изменение, п. п.',
      'Примечание',
    ],
    [70, 12, 12, 12, 12, 14, 60],
  );
  for (const indicator of report.samara) {
    samara.addRow([
      indicator.title,
      indicator.current.numerator,
      indicator.current.denominator,
      indicator.current.percent,
      indicator.previous.percent,
      indicator.change,
      [indicator.current.noData, indicator.caveat].filter(Boolean).join(' '),
    ]).alignment = { wrapText: true, vertical: 'top' };
  }

  // goals 2–4: a sheet for a summary issued with them (an older one reads as it was issued)
  const sections = goalSections(report.goals);
  if (sections.length > 0) {
    const goals = book.addWorksheet('Цели 2–4');
    header(
      goals,
      [
        'Показатель',
        'Единица',
        'Числитель',
        'Знаменатель',
        `${report.year}`,
        `${report.year - 1}`,
        'Изменение',
        'Охват',
        'Примечание',
      ],
      [70, 10, 14, 14, 12, 12, 12, 14, 60],
    );
    for (const section of sections) {
      goals.addRow([section.title]).font = { bold: true };
      for (const indicator of section.indicators) {
        goals.addRow([
          indicator.title,
          UNIT_NAMES[indicator.unit],
          indicator.current.numerator,
          indicator.current.denominator,
          indicator.current.value,
          indicator.previous.value,
          indicator.change,
          indicator.regionWide ? 'регион' : report.scopeName,
          [indicator.current.noData, indicator.note].filter(Boolean).join(' '),
        ]).alignment = { wrapText: true, vertical: 'top' };
      }
    }
  }

  const irbey = book.addWorksheet('Показатели Ирбей');
  header(
    irbey,
    [
      'Муниципалитет',
      'Строка',
      'Группа',
      'Показатель',
      `${report.year}`,
      'Балл',
      'Доля, %',
      `${report.year - 1}`,
      'Изменение',
      'Основание',
    ],
    [26, 8, 22, 70, 10, 8, 10, 10, 11, 70],
  );
  for (const municipality of report.irbey) {
    for (const row of municipality.rows) {
      const value = row.kind === 'share' ? percentText(row.current.percent) : yesNo(row.current.met);
      const previous = row.kind === 'share' ? percentText(row.previous.percent) : yesNo(row.previous.met);
      const basis = row.current.recorded
        ? `Внесено ${row.current.recorded.by} ${row.current.recorded.at}: ${row.current.recorded.comment}`
        : (row.current.noData ?? row.evidence);
      irbey.addRow([
        municipality.name,
        row.id,
        IRBEY_GROUPS[row.group],
        row.title,
        value,
        row.current.score,
        row.current.percent,
        previous,
        changeText(row.change, row.kind === 'share' ? ' п. п.' : ''),
        basis,
      ]).alignment = { wrapText: true, vertical: 'top' };
    }
    irbey.addRow([
      municipality.name,
      'Итого',
      '',
      'Итоговый балл',
      municipality.total.score,
      municipality.total.max,
    ]).font = bold;
  }

  const chart = book.addWorksheet('Диаграмма');
  chart.addRow([report.chart.title]).font = bold;
  header(
    chart,
    ['', `${report.year}, ${report.chart.unit}`, `${report.year - 1}, ${report.chart.unit}`],
    [50, 16, 16],
  );
  for (const bar of report.chart.bars) chart.addRow([bar.label, bar.value, bar.previous]);

  const recommendations = book.addWorksheet('Рекомендации');
  recommendations.getColumn(1).width = 140;
  recommendations.addRow(['Адресные рекомендации']).font = bold;
  for (const line of report.recommendations.text) {
    recommendations.addRow([line]).alignment = { wrapText: true, vertical: 'top' };
  }

  return Buffer.from(await book.xlsx.writeBuffer());
}
