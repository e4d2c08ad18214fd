import { csvCell, spreadsheetCell } from './spreadsheet-cell';

describe('spreadsheet cells', () => {
  it('writes a formula-like value as text: an apostrophe before =, +, -, @, tab, CR, LF and full-width forms', () => {
    for (const text of [
      "=cmd|' /C calc'!A0",
      '+7 846 000-00-00',
      '-1',
      '@HYPERLINK("http://evil","x")',
      '\t=1+1',
      '\r=1+1',
      '\n=1+1',
      '＝1+1',
      '＠SUM(A1)',
    ]) {
      expect(spreadsheetCell(text)).toBe(`'${text}`);
    }
  });

  it('leaves other text as it is, a formula sign inside it too', () => {
    for (const text of ['МБОУ «Школа № 1»', 'a=b', '', ' 1', '1+1']) expect(spreadsheetCell(text)).toBe(text);
  });

  it('quotes a field with the separator, a quote or a line break, after making it safe', () => {
    expect(csvCell('=1;2')).toBe(`"'=1;2"`);
    expect(csvCell('ООО "Ромашка"')).toBe('"ООО ""Ромашка"""');
    expect(csvCell('a,b')).toBe('a,b');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('строка\nдве')).toBe('"строка\nдве"');
  });
});
