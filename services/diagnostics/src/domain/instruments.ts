import {
  type CompetencyCode,
  type CompetencyScore,
  type InstrumentRef,
  type Position,
  POSITIONS,
} from '@pk/contracts';
import { DomainError } from '@pk/kernel';
import { DEFICIT_THRESHOLD } from './framework';

/**
 * The diagnostic instruments, as versioned data: an instrument once used keeps its items and keys
 * (a scored attempt names its id and version), so a correction is a new version beside the old.
 *
 * Two kinds: a competency test (each item belongs to one competency and has one right option; the
 * score of a competency is the percent of its items answered right, below the threshold a deficit)
 * and the burnout screening (a scale; its result is private to the teacher and the ministry).
 */

export interface Answer {
  readonly item: string;
  readonly answer: string;
}

export interface TestItem {
  readonly id: string;
  readonly competency: CompetencyCode;
  readonly text: string;
  readonly options: Readonly<Record<string, string>>;
  readonly correct: string;
}

export interface CompetencyTest {
  readonly kind: 'competency-test';
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly positions: readonly Position[];
  readonly threshold: number;
  readonly items: readonly TestItem[];
}

export interface ScaleItem {
  readonly id: string;
  readonly text: string;
  /** Agreement means less burnout (a resource, not a symptom): scored the other way round. */
  readonly reversed: boolean;
}

export type BurnoutLevel = 'low' | 'moderate' | 'high';

export interface ScreeningScale {
  readonly kind: 'burnout-screening';
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly positions: readonly Position[];
  /** Answer values, 0 = never … 4 = every day. */
  readonly options: Readonly<Record<string, string>>;
  readonly items: readonly ScaleItem[];
  /** Percent of the scale's maximum from which the level starts. */
  readonly levels: { readonly moderate: number; readonly high: number };
}

export type Instrument = CompetencyTest | ScreeningScale;

const ABC = (a: string, b: string, c: string) => ({ a, b, c });

const item = (
  id: string,
  competency: CompetencyCode,
  text: string,
  options: Record<string, string>,
  correct: string,
): TestItem => ({ id, competency, text, options, correct });

export const TEACHER_CORE_V1: CompetencyTest = {
  kind: 'competency-test',
  id: 'teacher-core',
  version: 1,
  title: 'Диагностика профессиональных компетенций учителя',
  positions: ['teacher'],
  threshold: DEFICIT_THRESHOLD,
  items: [
    item(
      'tc-01',
      'A/01.6',
      'Что прежде всего определяет планируемые результаты урока?',
      ABC('Учебник', 'ФГОС и рабочая программа', 'Пожелания родителей'),
      'b',
    ),
    item(
      'tc-02',
      'A/01.6',
      'Формирующее оценивание служит для…',
      ABC('выставления итоговой отметки', 'коррекции обучения по ходу урока', 'отчёта перед администрацией'),
      'b',
    ),
    item(
      'tc-03',
      'A/01.6',
      'Дифференциация обучения — это…',
      ABC(
        'задания разного уровня для разных учащихся',
        'одинаковые задания для всех',
        'отказ от домашних заданий',
      ),
      'a',
    ),
    item(
      'tc-04',
      'A/02.6',
      'Рабочая программа воспитания школы разрабатывается на основе…',
      ABC('плана классного руководителя', 'примерной программы воспитания', 'устава профсоюза'),
      'b',
    ),
    item(
      'tc-05',
      'A/02.6',
      'Конфликт между учащимися на уроке педагогу следует…',
      ABC('игнорировать', 'остановить и разобрать с участниками', 'вынести на родительское собрание'),
      'b',
    ),
    item(
      'tc-06',
      'A/02.6',
      'Воспитательный потенциал урока реализуется через…',
      ABC('содержание и формы работы на уроке', 'только внеурочные мероприятия', 'замечания в дневнике'),
      'a',
    ),
    item(
      'tc-07',
      'A/03.6',
      'Индивидуальная образовательная траектория учитывает…',
      ABC('возможности и интересы ученика', 'только средний балл класса', 'расписание учителя'),
      'a',
    ),
    item(
      'tc-08',
      'A/03.6',
      'При признаках трудностей в обучении учителю следует…',
      ABC('снизить отметку', 'обратиться к педагогу-психологу и ППк', 'ничего не делать'),
      'b',
    ),
    item(
      'tc-09',
      'A/03.6',
      'Зона ближайшего развития — это…',
      ABC(
        'то, что ученик делает с помощью взрослого',
        'то, что ученик уже умеет сам',
        'программа следующего класса',
      ),
      'a',
    ),
    item(
      'tc-10',
      'B/03.6',
      'Основная образовательная программа ООО реализуется по…',
      ABC('ФОП ООО', 'плану внеурочной деятельности', 'программе ДОУ'),
      'a',
    ),
    item(
      'tc-11',
      'B/03.6',
      'Индивидуальный проект в 10–11 классах по ФГОС СОО…',
      ABC('необязателен', 'обязателен для каждого обучающегося', 'выполняется только отличниками'),
      'b',
    ),
    item(
      'tc-12',
      'B/03.6',
      'Метапредметные результаты — это…',
      ABC('освоенные универсальные учебные действия', 'отметки по предмету', 'результаты олимпиад'),
      'a',
    ),
    item(
      'tc-13',
      'R/01',
      'Функциональная грамотность — это способность…',
      ABC('воспроизводить правила', 'применять знания в жизненных ситуациях', 'быстро читать'),
      'b',
    ),
    item(
      'tc-14',
      'R/01',
      'Какое исследование оценивает функциональную грамотность 15-летних?',
      ABC('PISA', 'ЕГЭ', 'ВПР по физкультуре'),
      'a',
    ),
    item(
      'tc-15',
      'R/01',
      'Задание на читательскую грамотность обычно требует…',
      ABC(
        'найти, интерпретировать и оценить информацию текста',
        'выучить текст наизусть',
        'переписать текст',
      ),
      'a',
    ),
    item(
      'tc-16',
      'R/03',
      'Государственная платформа для размещения цифрового учебного контента школы —',
      ABC('ФГИС «Моя школа»', 'личная страница учителя в соцсети', 'электронная почта'),
      'a',
    ),
    item(
      'tc-17',
      'R/03',
      'Персональные данные учащихся в облачном сервисе можно размещать…',
      ABC('в любом бесплатном сервисе', 'только в сервисах, соответствующих 152-ФЗ', 'в общем чате класса'),
      'b',
    ),
    item(
      'tc-18',
      'R/03',
      'Цифровой образовательный ресурс на уроке уместен, если…',
      ABC('он служит цели урока', 'он самый новый', 'его требует расписание'),
      'a',
    ),
    item(
      'tc-19',
      'R/06',
      'Критериальное оценивание предполагает…',
      ABC('заранее известные ученикам критерии', 'оценку по настроению', 'сравнение учеников между собой'),
      'a',
    ),
    item(
      'tc-20',
      'R/06',
      'Результаты ВПР школе прежде всего нужны для…',
      ABC('коррекции рабочих программ', 'наказания учителей', 'выставления четвертных отметок'),
      'a',
    ),
    item(
      'tc-21',
      'R/06',
      'Объективность оценивания повышает…',
      ABC(
        'перекрёстная проверка работ',
        'проверка своим учителем без критериев',
        'отказ от письменных работ',
      ),
      'a',
    ),
  ],
};

export const PRESCHOOL_CORE_V1: CompetencyTest = {
  kind: 'competency-test',
  id: 'preschool-core',
  version: 1,
  title: 'Диагностика профессиональных компетенций воспитателя',
  positions: ['preschool-teacher'],
  threshold: DEFICIT_THRESHOLD,
  items: [
    item(
      'pc-01',
      'A/02.6',
      'Основная форма воспитания в дошкольном возрасте —',
      ABC('игра', 'лекция', 'контрольная работа'),
      'a',
    ),
    item(
      'pc-02',
      'A/02.6',
      'Рабочая программа воспитания ДОУ строится на основе…',
      ABC('ФОП ДО', 'ФОП ООО', 'правил внутреннего распорядка'),
      'a',
    ),
    item(
      'pc-03',
      'A/03.6',
      'Педагогическая диагностика в ДОУ проводится для…',
      ABC('индивидуализации образования', 'аттестации детей', 'отчёта перед родителями об отметках'),
      'a',
    ),
    item(
      'pc-04',
      'A/03.6',
      'Развивающая предметно-пространственная среда должна быть…',
      ABC('трансформируемой и доступной', 'неизменной весь год', 'закрытой от детей'),
      'a',
    ),
    item('pc-05', 'B/01.5', 'ФГОС ДО выделяет образовательных областей:', ABC('пять', 'три', 'десять'), 'a'),
    item(
      'pc-06',
      'B/01.5',
      'Целевые ориентиры дошкольного образования…',
      ABC('не подлежат непосредственной оценке', 'оцениваются отметками', 'проверяются экзаменом'),
      'a',
    ),
    item(
      'pc-07',
      'R/02',
      'Адаптированная образовательная программа разрабатывается для…',
      ABC('детей с ОВЗ', 'всех детей группы', 'только одарённых детей'),
      'a',
    ),
    item(
      'pc-08',
      'R/02',
      'Рекомендации по обучению ребёнка с ОВЗ даёт…',
      ABC('ПМПК', 'родительский комитет', 'управляющий совет'),
      'a',
    ),
    item(
      'pc-09',
      'R/03',
      'Экранное время для дошкольников по СанПиН…',
      ABC('ограничено', 'не ограничено', 'запрещено полностью'),
      'a',
    ),
    item(
      'pc-10',
      'R/03',
      'Фото детей в открытом доступе размещаются…',
      ABC('с согласия родителей', 'по решению воспитателя', 'всегда без ограничений'),
      'a',
    ),
    item(
      'pc-11',
      'R/05',
      'Наставник молодого воспитателя прежде всего…',
      ABC(
        'помогает освоить профессиональные задачи',
        'контролирует вместо заведующего',
        'выполняет работу за него',
      ),
      'a',
    ),
    item(
      'pc-12',
      'R/05',
      'Результат программы наставничества фиксируется в…',
      ABC('индивидуальном плане развития наставляемого', 'табеле посещаемости детей', 'меню'),
      'a',
    ),
  ],
};

/**
 * The other positions, by what their standards share: each instrument tests only competencies that
 * every one of its positions has in the framework (framework.ts), two items each.
 */
export const VOCATIONAL_CORE_V1: CompetencyTest = {
  kind: 'competency-test',
  id: 'vocational-core',
  version: 1,
  title: 'Диагностика профессиональных компетенций преподавателя и мастера производственного обучения',
  positions: ['general-subject-lecturer', 'special-discipline-lecturer', 'industrial-training-master'],
  threshold: DEFICIT_THRESHOLD,
  items: [
    item(
      'vc-01',
      'A/01.6',
      'Результаты освоения профессионального модуля формулируются через…',
      ABC('профессиональные и общие компетенции', 'количество часов', 'список литературы'),
      'a',
    ),
    item(
      'vc-02',
      'A/01.6',
      'Демонстрационный экзамен проверяет прежде всего…',
      ABC('умение выполнять трудовые задания по стандарту', 'знание истории профессии', 'посещаемость'),
      'a',
    ),
    item(
      'vc-03',
      'R/03',
      'Электронный журнал и цифровая образовательная среда позволяют…',
      ABC(
        'выстроить индивидуальную траекторию студента',
        'отказаться от планирования',
        'не проверять работы',
      ),
      'a',
    ),
    item(
      'vc-04',
      'R/03',
      'Цифровой двойник производственного процесса в обучении нужен, чтобы…',
      ABC(
        'отрабатывать операции без риска для оборудования',
        'заменить практику полностью',
        'сократить часы',
      ),
      'a',
    ),
  ],
};

export const METHODICAL_CORE_V1: CompetencyTest = {
  kind: 'competency-test',
  id: 'methodical-core',
  version: 1,
  title: 'Диагностика методических и управленческих компетенций',
  positions: ['methodist', 'head', 'additional-education-teacher'],
  threshold: DEFICIT_THRESHOLD,
  items: [
    item(
      'mc-01',
      'A/01.6',
      'Анализ урока (занятия) начинают с…',
      ABC(
        'соотнесения результатов с поставленными целями',
        'оценки внешнего вида педагога',
        'подсчёта отметок',
      ),
      'a',
    ),
    item(
      'mc-02',
      'A/01.6',
      'Рабочая программа определяет прежде всего…',
      ABC(
        'планируемые результаты, содержание и тематическое планирование',
        'расписание звонков',
        'штатное расписание',
      ),
      'a',
    ),
    item(
      'mc-03',
      'R/03',
      'Федеральная государственная информационная система «Моя школа» служит для…',
      ABC('доступа к цифровому образовательному контенту и сервисам', 'учёта зарплаты', 'закупок'),
      'a',
    ),
    item(
      'mc-04',
      'R/03',
      'Цифровой след обучающегося полезен педагогу, чтобы…',
      ABC('видеть продвижение и вовремя помочь', 'наказывать за ошибки', 'отчитываться числом входов'),
      'a',
    ),
    item(
      'mc-05',
      'R/05',
      'Целевая модель наставничества предполагает…',
      ABC(
        'персонализированную программу наставничества',
        'разовое собеседование',
        'только приказ о назначении',
      ),
      'a',
    ),
    item(
      'mc-06',
      'R/05',
      'Форма наставничества «педагог — педагог» прежде всего помогает…',
      ABC('молодому специалисту войти в профессию', 'сократить нагрузку наставника', 'заменить аттестацию'),
      'a',
    ),
  ],
};

export const SUPPORT_CORE_V1: CompetencyTest = {
  kind: 'competency-test',
  id: 'support-core',
  version: 1,
  title: 'Диагностика компетенций специалистов сопровождения',
  positions: ['educational-psychologist', 'speech-therapist', 'social-pedagogue', 'tutor'],
  threshold: DEFICIT_THRESHOLD,
  items: [
    item(
      'sc-01',
      'A/03.6',
      'Индивидуальный образовательный маршрут обучающегося строится на основе…',
      ABC('диагностики его образовательных потребностей', 'среднего балла класса', 'пожеланий администрации'),
      'a',
    ),
    item(
      'sc-02',
      'A/03.6',
      'Психолого-педагогический консилиум в школе…',
      ABC(
        'определяет условия сопровождения обучающегося',
        'выставляет итоговые отметки',
        'утверждает расписание',
      ),
      'a',
    ),
    item(
      'sc-03',
      'R/02',
      'Специальные условия для обучающегося с ОВЗ определяются по рекомендации…',
      ABC('психолого-медико-педагогической комиссии', 'классного руководителя', 'родительского комитета'),
      'a',
    ),
    item(
      'sc-04',
      'R/02',
      'Адаптированная основная общеобразовательная программа нужна для…',
      ABC('обучающихся с ОВЗ', 'всех обучающихся школы', 'только для одарённых'),
      'a',
    ),
  ],
};

const SCALE = { '0': 'Никогда', '1': 'Редко', '2': 'Иногда', '3': 'Часто', '4': 'Каждый день' };

export const BURNOUT_V1: ScreeningScale = {
  kind: 'burnout-screening',
  id: 'burnout',
  version: 1,
  title: 'Скрининг профессионального выгорания (краткая шкала)',
  positions: Object.keys(POSITIONS) as Position[],
  options: SCALE,
  items: [
    { id: 'bo-01', text: 'К концу рабочего дня я чувствую себя опустошённым(ой).', reversed: false },
    { id: 'bo-02', text: 'Утром мне трудно заставить себя идти на работу.', reversed: false },
    { id: 'bo-03', text: 'Я ловлю себя на равнодушии к проблемам учеников.', reversed: false },
    { id: 'bo-04', text: 'Общение с родителями учеников меня раздражает.', reversed: false },
    { id: 'bo-05', text: 'Я вижу результаты своей работы и радуюсь им.', reversed: true },
    { id: 'bo-06', text: 'Я чувствую, что приношу пользу своим ученикам.', reversed: true },
  ],
  levels: { moderate: 40, high: 70 },
};

/** Every instrument ever published, by id and version. */
export const INSTRUMENTS: readonly Instrument[] = [
  TEACHER_CORE_V1,
  PRESCHOOL_CORE_V1,
  VOCATIONAL_CORE_V1,
  METHODICAL_CORE_V1,
  SUPPORT_CORE_V1,
  BURNOUT_V1,
];

export function findInstrument(ref: InstrumentRef): Instrument {
  const found = INSTRUMENTS.find((i) => i.id === ref.id && i.version === ref.version);
  if (!found) {
    throw new DomainError('instrument-not-found', `нет методики ${ref.id} версии ${ref.version}`);
  }
  return found;
}

/** The instruments a position may take (the newest versions and the old ones alike). */
export const instrumentsFor = (position: Position): Instrument[] =>
  INSTRUMENTS.filter((i) => i.positions.includes(position));

/**
 * The answers must answer every item once, each with one of its options: an attempt scored on
 * half a test would report deficits that nobody measured.
 */
function checkAnswers(
  items: readonly { id: string }[],
  optionsOf: (itemId: string) => Readonly<Record<string, string>>,
  answers: readonly Answer[],
  instrument: Instrument,
): Map<string, string> {
  const known = new Set(items.map((i) => i.id));
  const given = new Map<string, string>();
  for (const { item: id, answer } of answers) {
    if (!known.has(id)) {
      throw new DomainError(
        'answer-to-unknown-item',
        `в методике ${instrument.id} v${instrument.version} нет задания ${id}`,
      );
    }
    if (given.has(id))
      throw new DomainError('item-answered-twice', `на задание ${id} ответили больше одного раза`);
    if (!Object.hasOwn(optionsOf(id), answer)) {
      throw new DomainError(
        'answer-not-an-option',
        `задание ${id} принимает один из ответов ${Object.keys(optionsOf(id)).join(', ')}, получено ${answer}`,
      );
    }
    given.set(id, answer);
  }
  const missing = items.filter((i) => !given.has(i.id)).map((i) => i.id);
  if (missing.length > 0) {
    throw new DomainError('answers-incomplete', `задания без ответа: ${missing.join(', ')}`);
  }
  return given;
}

/** Per competency of the test, in the order of its items: percent right, below the threshold a deficit. */
export function scoreTest(test: CompetencyTest, answers: readonly Answer[]): CompetencyScore[] {
  const byId = new Map(test.items.map((i) => [i.id, i]));
  const given = checkAnswers(test.items, (id) => byId.get(id)!.options, answers, test);
  const tally = new Map<CompetencyCode, { right: number; total: number }>();
  for (const i of test.items) {
    const t = tally.get(i.competency) ?? { right: 0, total: 0 };
    tally.set(i.competency, {
      right: t.right + (given.get(i.id) === i.correct ? 1 : 0),
      total: t.total + 1,
    });
  }
  return [...tally].map(([competency, { right, total }]) => {
    const score = Math.round((right * 100) / total);
    return { competency, score, deficit: score < test.threshold };
  });
}

export interface BurnoutResult {
  /** Percent of the scale's maximum: 0 none, 100 every symptom every day. */
  readonly score: number;
  readonly level: BurnoutLevel;
}

export function scoreScreening(scale: ScreeningScale, answers: readonly Answer[]): BurnoutResult {
  const given = checkAnswers(scale.items, () => scale.options, answers, scale);
  const top = Math.max(...Object.keys(scale.options).map(Number));
  const points = scale.items.reduce((sum, i) => {
    const value = Number(given.get(i.id));
    return sum + (i.reversed ? top - value : value);
  }, 0);
  const score = Math.round((points * 100) / (top * scale.items.length));
  const level = score >= scale.levels.high ? 'high' : score >= scale.levels.moderate ? 'moderate' : 'low';
  return { score, level };
}

/** An instrument as a form shows it: the items and options, never the keys. */
export function formOf(instrument: Instrument) {
  const { kind, id, version, title, positions } = instrument;
  if (instrument.kind === 'burnout-screening') {
    return {
      kind,
      id,
      version,
      title,
      positions,
      items: instrument.items.map((i) => ({
        id: i.id,
        competency: null,
        text: i.text,
        options: instrument.options,
      })),
    };
  }
  return {
    kind,
    id,
    version,
    title,
    positions,
    threshold: instrument.threshold,
    items: instrument.items.map((i) => ({
      id: i.id,
      competency: i.competency,
      text: i.text,
      options: i.options,
    })),
  };
}
