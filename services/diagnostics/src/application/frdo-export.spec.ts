import { FRDO_COLUMNS, frdoCsvOf, frdoRowOf, MISSING_COLUMN } from './frdo-export';

// Given a completion, the program's card and the learner's personal data, then the register's row
// and what it lacks; then the file's form.

const completion = {
  enrollmentId: '6c9e2a4f-8b1d-4f73-a5c2-0e7d9b3f1a56',
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  programId: '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58',
  providerId: '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10',
  kind: 'advanced-training',
  hours: 36,
  completedOn: '2026-04-17',
  certificateNumber: '632417891234',
};
const program = {
  title: 'Формирующее оценивание на уроках математики',
  kind: 'advanced-training',
  format: 'blended',
};
const person = {
  state: 'known' as const,
  lastName: 'Черепанова',
  firstName: 'Ольга',
  patronymic: 'Викторовна',
  snils: '11223344595',
};

describe('ФИС ФРДО rows', () => {
  it('fills what the platform knows and names each required field it does not', () => {
    const row = frdoRowOf(completion, program, person);
    expect(row.cells).toMatchObject({
      'Название документа': 'Удостоверение о повышении квалификации',
      'Номер документа': '632417891234',
      'Дата выдачи документа': '17.04.2026',
      'Наименование дополнительной профессиональной программы': 'Формирующее оценивание на уроках математики',
      'Год окончания обучения': '2026',
      'Срок обучения, часов': '36',
      'Фамилия получателя': 'Черепанова',
      'Имя получателя': 'Ольга',
      'Отчество получателя': 'Викторовна',
      СНИЛС: '112-233-445 95',
      'Форма обучения': 'Очно-заочная',
    });
    expect(row.missing).toEqual([
      'Регистрационный номер',
      'Год начала обучения',
      'Дата рождения получателя',
      'Пол получателя',
      'Гражданство получателя (код страны по ОКСМ)',
    ]);
  });

  it('a retraining is a diploma; no patronymic is not missing', () => {
    const row = frdoRowOf({ ...completion, kind: 'retraining' }, program, { ...person, patronymic: '' });
    expect(row.cells['Вид документа']).toBe('Диплом о профессиональной переподготовке');
    expect(row.missing).not.toContain('Отчество получателя');
  });

  it('an erased or unknown learner and an unknown program are reported, never guessed', () => {
    const erased = frdoRowOf(completion, undefined, { state: 'erased' });
    expect(erased.cells['Фамилия получателя']).toBe('');
    expect(erased.missing).toEqual(
      expect.arrayContaining([
        'Наименование дополнительной профессиональной программы',
        'Фамилия получателя',
        'Имя получателя',
        'СНИЛС',
        'Форма обучения',
        'персональные данные педагога удалены по его требованию',
        'программы нет в реестре программ',
      ]),
    );
    expect(frdoRowOf(completion, program, { state: 'unknown' }).missing).toContain(
      'педагога нет в реестре педагогов',
    );
  });

  it('writes UTF-8 with a BOM, `;` between fields, the Russian headers, the missing ones last, no formulas', () => {
    const csv = frdoCsvOf([frdoRowOf(completion, program, { ...person, lastName: '=HYPERLINK("x")' })]);
    expect(csv.startsWith('\uFEFFНазвание документа;Вид документа;')).toBe(true);
    const [header, line, end] = csv.slice(1).split('\r\n');
    expect(header!.split(';')).toEqual([...FRDO_COLUMNS, MISSING_COLUMN]);
    expect(line).toContain(`;"'=HYPERLINK(""x"")";Ольга;`);
    expect(
      line!.endsWith(
        ';Регистрационный номер, Год начала обучения, Дата рождения получателя, Пол получателя, Гражданство получателя (код страны по ОКСМ)',
      ),
    ).toBe(true);
    expect(end).toBe('');
  });
});
