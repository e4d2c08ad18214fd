import { catalogDirectoryId, teacherIdOf } from '../application/teacher-id';
import { teacherRowOf } from './teacher-rows';

const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const municipalityId = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const row = {
  snils: '112-233-445 95',
  last_name: 'Черепанова',
  first_name: 'Ольга',
  patronymic: 'Викторовна',
  organization_id: organizationId.toUpperCase(),
  municipality_id: municipalityId,
  position: 'Учитель',
  subjects: 'Физика | mathematics',
  category: 'высшая',
  category_since: '15.04.2022',
  education: 'Высшее педагогическое',
  last_training_on: '2023-11-30',
  email: 'o.cherepanova@school93.ru',
  phone: '+7 846 123-45-67',
};

describe('a teacher file row', () => {
  it('becomes a record and personal data, by codes or Russian names, ISO or Russian dates', () => {
    expect(teacherRowOf(row, '63')).toEqual({
      record: {
        teacherId: teacherIdOf('63', '11223344595'),
        region: '63',
        organizationId,
        municipalityId,
        position: 'teacher',
        subjects: ['physics', 'mathematics'],
        workProfile: '',
        category: 'highest',
        categorySince: '2022-04-15',
        education: 'higher-pedagogical',
        lastTrainingCompletedOn: '2023-11-30',
      },
      personalData: {
        lastName: 'Черепанова',
        firstName: 'Ольга',
        patronymic: 'Викторовна',
        snils: '11223344595',
        email: 'o.cherepanova@school93.ru',
        phone: '+7 846 123-45-67',
      },
    });
  });

  it('names a school by ИНН and a municipality by ОКТМО as the catalog does', () => {
    const read = teacherRowOf({ ...row, organization_id: '6321064750', municipality_id: '36740000' }, '63');
    expect(read).toMatchObject({
      record: {
        organizationId: catalogDirectoryId('organization', '63', '6321064750'),
        municipalityId: catalogDirectoryId('municipality', '63', '36740000'),
      },
    });
  });

  it('gives the same id for the same СНИЛС however written, and another in another region', () => {
    expect(teacherIdOf('63', '11223344595')).toBe(teacherIdOf('63', '11223344595'));
    expect(teacherIdOf('24', '11223344595')).not.toBe(teacherIdOf('63', '11223344595'));
  });

  it('tells every problem of the row by column, in Russian, without repeating personal data', () => {
    const read = teacherRowOf(
      {
        ...row,
        snils: '112-233-445 94',
        first_name: '',
        position: 'Учитель танцев',
        subjects: 'Физика|Астрология',
        category_since: '31.02.2022',
        email: 'not-an-address',
      },
      '63',
    );
    expect(read).toEqual({
      problems: [
        { column: 'snils', reason: 'СНИЛС не проходит проверку контрольного числа' },
        { column: 'first_name', reason: 'имя не указано' },
        {
          column: 'position',
          reason: expect.stringMatching(
            /^должность: значения нет в списке; укажите код или название: teacher \(Учитель\)/,
          ),
        },
        { column: 'subjects', reason: expect.stringMatching(/^предметов не из списка: 1;/) },
        {
          column: 'category_since',
          reason: 'дата не распознана: ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ',
        },
        { column: 'email', reason: 'адрес электронной почты не распознан (ожидается вида name@school.ru)' },
      ],
    });
    const reasons = JSON.stringify(read);
    expect(reasons).not.toContain('112-233-445');
    expect(reasons).not.toContain('not-an-address');
  });

  it('refuses names that read otherwise than stored or show nothing, as the kit’s @Text does', () => {
    const read = teacherRowOf(
      { ...row, last_name: 'Черепанова\u202E', first_name: '\u200B', work_profile: '\u2066Сварка\u2069' },
      '63',
    );
    expect(read).toEqual({
      problems: [
        {
          column: 'last_name',
          reason:
            'фамилия: значение содержит символы управления направлением письма (U+202A–U+202E, U+2066–U+2069)',
        },
        { column: 'first_name', reason: 'имя: значение состоит только из пробелов или невидимых символов' },
        {
          column: 'work_profile',
          reason: 'значение содержит символы управления направлением письма (U+202A–U+202E, U+2066–U+2069)',
        },
      ],
    });
  });
});
