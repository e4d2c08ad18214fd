import * as iconv from 'iconv-lite';
import { CsvFileRefused, readCsv } from './csv';

const organizations = { required: ['inn', 'name', 'kind', 'municipality_oktmo'] };
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function refusal(bytes: Buffer, columns = organizations): Promise<string> {
  try {
    await readCsv(bytes, columns);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvFileRefused);
    return (error as Error).message;
  }
  throw new Error('the file was read');
}

describe('readCsv', () => {
  const text = [
    'inn;name;kind;municipality_oktmo',
    '6321064750;МБУ «Школа № 93» г.о. Тольятти;school;36740000',
    '6321064751;МБДОУ детский сад № 5;Дошкольная образовательная организация (ДОУ);36740000',
  ].join('\r\n');

  it('reads Windows-1251, as Russian Excel saves CSV', async () => {
    const table = await readCsv(iconv.encode(text, 'win1251'), organizations);
    expect(table).toMatchObject({ encoding: 'windows-1251', separator: ';' });
    expect(table.rows.map((row) => row.cells['name'])).toEqual([
      'МБУ «Школа № 93» г.о. Тольятти',
      'МБДОУ детский сад № 5',
    ]);
  });

  it('reads UTF-8 with a BOM, leaving the BOM out of the first column name', async () => {
    const table = await readCsv(Buffer.concat([BOM, utf8(text)]), organizations);
    expect(table.encoding).toBe('utf-8');
    expect(table.columns[0]).toBe('inn');
    expect(table.rows[0]!.cells).toEqual({
      inn: '6321064750',
      name: 'МБУ «Школа № 93» г.о. Тольятти',
      kind: 'school',
      municipality_oktmo: '36740000',
    });
  });

  it('reads UTF-8 without a BOM and gives every row the line it is on', async () => {
    const table = await readCsv(utf8(text), organizations);
    expect(table.encoding).toBe('utf-8');
    expect(table.rows.map((row) => row.line)).toEqual([2, 3]);
  });

  it('takes the separator the header uses: "," as well as ";"', async () => {
    const comma = await readCsv(
      utf8('inn,name,kind,municipality_oktmo\n6321064750,"Школа № 1, филиал",school,36740000'),
      organizations,
    );
    expect(comma.separator).toBe(',');
    expect(comma.rows[0]!.cells['name']).toBe('Школа № 1, филиал');
    // a comma in a ";" file is just text
    const semicolon = await readCsv(
      utf8('inn;name;kind;municipality_oktmo\n6321064750;Школа № 1, филиал;school;36740000'),
      organizations,
    );
    expect(semicolon.separator).toBe(';');
    expect(semicolon.rows[0]!.cells['name']).toBe('Школа № 1, филиал');
  });

  it('takes quoted cells with separators, doubled quotes and line breaks, and counts lines as an editor does', async () => {
    const table = await readCsv(
      utf8(
        [
          'inn;name;kind;municipality_oktmo',
          '6321064750;"ООО ""Ромашка""; филиал";school;36740000',
          '6321064751;"Школа',
          'на две строки";school;36740000',
          '',
          '6321064752;Лицей;school;36740000',
          ';;;', // a spreadsheet's empty row
          '6321064753;ООО "Ласточка";school;36740000', // a quote inside an unquoted cell
        ].join('\r\n'),
      ),
      organizations,
    );
    expect(table.rows.map(({ line, cells }) => [line, cells['name']])).toEqual([
      [2, 'ООО "Ромашка"; филиал'],
      [3, 'Школа\r\nна две строки'],
      [6, 'Лицей'],
      [8, 'ООО "Ласточка"'],
    ]);
  });

  it('trims cells, takes column names in any case, and marks rows with another number of cells', async () => {
    const table = await readCsv(
      utf8('INN ; Name;KIND;municipality_oktmo\n 6321064750 ;Школа;school\n'),
      organizations,
    );
    expect(table.rows[0]).toEqual({
      line: 2,
      cells: { inn: '6321064750', name: 'Школа', kind: 'school', municipality_oktmo: '' },
      cellCount: 3,
    });
  });

  it('refuses a file whose header lacks, repeats or adds columns, naming them', async () => {
    expect(await refusal(utf8('inn;name;kind\n1;2;3'))).toMatch(
      /нет столбцов municipality_oktmo; ожидаются столбцы inn;name;kind;municipality_oktmo/,
    );
    expect(await refusal(utf8('inn;name;kind;municipality_oktmo;okpo\n'))).toMatch(
      /неизвестные столбцы "okpo"/,
    );
    expect(await refusal(utf8('inn;name;kind;municipality_oktmo;name\n'))).toMatch(/повторяются: name/);
  });

  it('refuses an empty file, a header without separators and an unclosed quote, saying where', async () => {
    expect(await refusal(Buffer.alloc(0))).toMatch(/нет разделителя|пуст/);
    expect(await refusal(utf8('inn name kind\n'))).toMatch(/нет разделителя/);
    expect(await refusal(utf8('inn;name;kind;municipality_oktmo\n1;"Школа;school;1\n2;3;4;5\n'))).toMatch(
      /строка \d+: кавычка открыта и не закрыта/,
    );
  });

  it('takes optional columns when present and leaves them out when not', async () => {
    const columns = { required: ['inn', 'name'], optional: ['periods'] };
    expect((await readCsv(utf8('inn;name\n1;a'), columns)).rows[0]!.cells).toEqual({ inn: '1', name: 'a' });
    expect((await readCsv(utf8('inn;name;periods\n1;a;x'), columns)).rows[0]!.cells['periods']).toBe('x');
  });

  it('refuses UTF-8 with a damaged byte, naming its line, instead of reading it as Windows-1251', async () => {
    const damaged = Buffer.concat([
      utf8('inn;name;kind;municipality_oktmo\n6321064750;Город;school;36740000\n6321064751;Горо'),
      Buffer.from([0xff]),
      utf8('д;school;36740000\n'),
    ]);
    expect(await refusal(damaged)).toMatch(/^строка 3: файл в кодировке UTF-8, но в нём есть байты/);
    // Windows-1251 stays Windows-1251, whatever its letters happen to be
    const table = await readCsv(iconv.encode(text, 'win1251'), organizations);
    expect(table.rows[0]!.cells['name']).toBe('МБУ «Школа № 93» г.о. Тольятти');
  });

  it('refuses a header of thousands of columns and a row longer than any table row, quickly', async () => {
    const wide = utf8(`${Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(';')}\n1;2\n`);
    expect(await refusal(wide)).toMatch(/в строке заголовка больше 64 столбцов/);
    const long = utf8(`inn;name;kind;municipality_oktmo\n1;${'я'.repeat(300_000)};school;1\n`);
    expect(await refusal(long)).toMatch(/^строка \d+: строка длиннее/);
  });

  it('gives the event loop back while it reads a large file', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `${6321000000 + i};Школа № ${i};school;36740000`);
    const big = utf8(['inn;name;kind;municipality_oktmo', ...rows].join('\n'));
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 1);
    const table = await readCsv(big, organizations);
    clearInterval(ticking);
    expect(table.rowCount).toBe(12_000);
    expect(table.rows[11_999]).toMatchObject({ line: 12_001, cells: { name: 'Школа № 11999' } });
    expect(ticks).toBeGreaterThan(5); // timers ran while the file was read: nothing held the loop throughout
  }, 30_000);
});
