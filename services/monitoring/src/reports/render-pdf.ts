import PDFDocument from 'pdfkit';
import { IRBEY_GROUPS } from '../indicators/irbey';
import {
  type Chart,
  changeText,
  goalChangeText,
  goalSections,
  goalValueText,
  percentText,
  type ReportData,
} from './report-data';

// The report for reading and printing: A4, DejaVu Sans embedded (pdfkit's standard fonts have no
// Cyrillic glyphs), the Samara table, a bar chart where comparing territories or years is easier
// to see than to read, the Irbey table and the recommendations.

const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const MARGIN = 40;
const COLORS = {
  current: '#2f6db5',
  previous: '#b7c7dc',
  grid: '#d0d0d0',
  text: '#222222',
  muted: '#666666',
};

interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
}

type Doc = PDFKit.PDFDocument;

const bottom = (doc: Doc) => doc.page.height - MARGIN;

function heading(doc: Doc, text: string): void {
  if (doc.y > bottom(doc) - 60) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(12).fillColor(COLORS.text).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

/** A table whose rows grow with their text, continued on the next page under its header again. */
function table(doc: Doc, columns: readonly Column[], rows: readonly (readonly string[])[], size = 8): void {
  const padding = 3;
  const heightOf = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(
      ...cells.map((text, i) => doc.heightOfString(text, { width: columns[i]!.width - 2 * padding })),
    );
  };
  const draw = (cells: readonly string[], font: string, fill?: string) => {
    const height = heightOf(cells, font) + 2 * padding;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (font !== 'bold')
        draw(
          columns.map((column) => column.header),
          'bold',
          '#eef2f7',
        );
    }
    const top = doc.y;
    let x = MARGIN;
    for (const [i, column] of columns.entries()) {
      if (fill) doc.rect(x, top, column.width, height).fill(fill);
      doc.rect(x, top, column.width, height).lineWidth(0.5).strokeColor(COLORS.grid).stroke();
      doc
        .font(font)
        .fontSize(size)
        .fillColor(COLORS.text)
        .text(cells[i] ?? '', x + padding, top + padding, {
          width: column.width - 2 * padding,
          align: column.align ?? 'left',
        });
      x += column.width;
    }
    doc.x = MARGIN;
    doc.y = top + height;
  };
  draw(
    columns.map((column) => column.header),
    'bold',
    '#eef2f7',
  );
  for (const row of rows) draw(row, 'regular');
}

/** Horizontal bars, this year beside last year, each labelled with its value. */
function barChart(doc: Doc, chart: Chart & { readonly year: number }): void {
  const labelWidth = 170;
  const valueWidth = 60;
  const width = doc.page.width - 2 * MARGIN - labelWidth - valueWidth;
  const barHeight = 8;
  const rowHeight = 2 * barHeight + 8;
  heading(doc, chart.title);
  // the legend on one line: each square beside its words, on the same baseline
  const legend = doc.y;
  doc.font('regular').fontSize(7);
  for (const [i, [color, words]] of [
    [COLORS.current, `${chart.year}`],
    [COLORS.previous, `${chart.year - 1}`],
  ].entries()) {
    const x = MARGIN + i * 70;
    doc.rect(x, legend + 1, 8, 6).fill(color);
    doc.fillColor(COLORS.text).text(words, x + 12, legend, { lineBreak: false });
  }
  doc.x = MARGIN;
  doc.y = legend + 10;
  doc.moveDown(0.5);
  for (const bar of chart.bars) {
    if (doc.y + rowHeight > bottom(doc)) doc.addPage();
    const top = doc.y;
    doc
      .font('regular')
      .fontSize(7)
      .fillColor(COLORS.text)
      .text(bar.label, MARGIN, top, { width: labelWidth - 6, height: rowHeight, ellipsis: true });
    const scale = (value: number) => (chart.max === 0 ? 0 : (width * Math.min(value, chart.max)) / chart.max);
    const x = MARGIN + labelWidth;
    if (bar.value !== null) doc.rect(x, top, Math.max(scale(bar.value), 0.5), barHeight).fill(COLORS.current);
    if (bar.previous !== null)
      doc.rect(x, top + barHeight + 1, Math.max(scale(bar.previous), 0.5), barHeight).fill(COLORS.previous);
    const number = (value: number | null) =>
      value === null ? 'нет данных' : String(value).replace('.', ',');
    doc
      .fillColor(COLORS.text)
      .fontSize(7)
      .text(`${number(bar.value)} / ${number(bar.previous)}`, x + width + 4, top + 3, {
        width: valueWidth - 4,
      });
    doc.y = top + rowHeight;
  }
  doc
    .moveTo(MARGIN + labelWidth, doc.y)
    .lineTo(MARGIN + labelWidth + width, doc.y)
    .strokeColor(COLORS.grid)
    .stroke();
  doc
    .font('regular')
    .fontSize(7)
    .fillColor(COLORS.muted)
    .text(`0 … ${chart.max} ${chart.unit}`, MARGIN + labelWidth, doc.y + 2);
  doc.x = MARGIN;
}

const yesNo = (met: boolean | null): string => (met === null ? '—' : met ? 'Да' : 'Нет');

export function reportPdf(report: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: report.title,
      Author: 'Платформа ПК: мониторинг',
      CreationDate: new Date(report.issuedAt),
    },
  });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(16).fillColor(COLORS.text).text('Аналитическая справка', { align: 'center' });
  doc.font('regular').fontSize(11).text(`${report.scopeName}, ${report.year} год`, { align: 'center' });
  doc
    .fontSize(8)
    .fillColor(COLORS.muted)
    .text(
      `Сформирована ${report.issuedAt.slice(0, 16).replace('T', ' ')} UTC; данные зафиксированы на этот момент.`,
      {
        align: 'center',
      },
    );

  heading(doc, `1. Показатели персонификации ПК (Самара, цель 1), ${report.year} к ${report.year - 1}`);
  table(
    doc,
    [
      { header: 'Показатель', width: 235 },
      { header: 'Числ. / знам.', width: 60, align: 'right' },
      { header: String(report.year), width: 60, align: 'right' },
      { header: String(report.year - 1), width: 60, align: 'right' },
      { header: 'Изменение', width: 100, align: 'right' },
    ],
    report.samara.map((indicator) => [
      indicator.title,
      `${indicator.current.numerator} / ${indicator.current.denominator}`,
      percentText(indicator.current.percent),
      percentText(indicator.previous.percent),
      changeText(indicator.change),
    ]),
  );

  barChart(doc, { ...report.chart, year: report.year });

  // goals 2–4, in a summary issued with them (an older one reads as it was issued, without)
  const sections = goalSections(report.goals);
  let section = 2;
  if (sections.length > 0) {
    heading(
      doc,
      `${section++}. Качество, конкурентность и проактивность (цели 2–4), ${report.year} к ${report.year - 1}`,
    );
    for (const goal of sections) {
      // a goal's title with at least its header and a row under it, never alone at a page's foot
      if (doc.y > bottom(doc) - 80) doc.addPage();
      doc.font('bold').fontSize(9).fillColor(COLORS.text).text(goal.title, MARGIN, doc.y);
      table(
        doc,
        [
          { header: 'Показатель', width: 235 },
          { header: 'Числ. / знам.', width: 80, align: 'right' },
          { header: String(report.year), width: 60, align: 'right' },
          { header: String(report.year - 1), width: 60, align: 'right' },
          { header: 'Изменение', width: 80, align: 'right' },
        ],
        goal.indicators.map((indicator) => [
          `${indicator.title}${indicator.regionWide && report.municipalityId !== null ? ' (по региону)' : ''}`,
          indicator.unit === 'count'
            ? ''
            : `${indicator.current.numerator} / ${indicator.current.denominator}`,
          goalValueText(indicator.current.value, indicator.unit),
          goalValueText(indicator.previous.value, indicator.unit),
          goalChangeText(indicator.change, indicator.unit),
        ]),
        7,
      );
    }
  }

  heading(doc, `${section++}. Муниципальный мониторинг (Ирбей, Приложение 1): итоговые баллы`);
  table(
    doc,
    [
      { header: 'Муниципалитет', width: 215 },
      { header: `Балл ${report.year}`, width: 75, align: 'right' },
      { header: `Балл ${report.year - 1}`, width: 75, align: 'right' },
      { header: 'Изменение', width: 60, align: 'right' },
      { header: 'Не внесено', width: 90, align: 'right' },
    ],
    report.irbey.map((municipality) => [
      municipality.name,
      `${municipality.total.score} из ${municipality.total.max}`,
      `${municipality.totalPreviousYear.score} из ${municipality.totalPreviousYear.max}`,
      changeText(municipality.total.score - municipality.totalPreviousYear.score, ''),
      String(municipality.total.unrecorded),
    ]),
  );
  if (report.irbey.length === 1) {
    const [municipality] = report.irbey;
    heading(doc, `${section}. Критерии и показатели: ${municipality!.name}`);
    table(
      doc,
      [
        { header: '№', width: 30 },
        { header: 'Показатель', width: 265 },
        { header: String(report.year), width: 60, align: 'center' },
        { header: String(report.year - 1), width: 60, align: 'center' },
        { header: 'Изм.', width: 100, align: 'right' },
      ],
      municipality!.rows.map((row) => [
        row.id,
        `${row.title}${row.group === 'criteria' ? '' : ` (${IRBEY_GROUPS[row.group].toLowerCase()})`}`,
        row.kind === 'share' ? percentText(row.current.percent) : yesNo(row.current.met),
        row.kind === 'share' ? percentText(row.previous.percent) : yesNo(row.previous.met),
        changeText(row.change, row.kind === 'share' ? ' п. п.' : ''),
      ]),
      7,
    );
  } else {
    heading(doc, `${section}. Строки, по которым муниципалитеты набрали «Да»`);
    table(
      doc,
      [
        { header: '№', width: 30 },
        { header: 'Показатель', width: 365 },
        { header: '«Да»', width: 120, align: 'right' },
      ],
      (report.irbey[0]?.rows ?? [])
        .filter((row) => row.scored)
        .map((row) => [
          row.id,
          row.title,
          `${report.irbey.filter((m) => m.rows.find((r) => r.id === row.id)?.current.met === true).length} из ${report.irbey.length}`,
        ]),
      7,
    );
  }

  heading(doc, `${section + 1}. Адресные рекомендации`);
  doc.font('regular').fontSize(9).fillColor(COLORS.text);
  for (const line of report.recommendations.text) {
    if (doc.y > bottom(doc) - 30) doc.addPage();
    doc.text(`•  ${line}`, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
    doc.moveDown(0.3);
  }
  doc.end();
  return done;
}
