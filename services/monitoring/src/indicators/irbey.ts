// The Irbey municipal monitoring (seed 003, «Порядок системы мониторинга качества ДПО педагогических
// работников в Ирбейском районе», Приложение 1): every row of its criteria table and of its
// «Примерные группы показателей качества программ ПК», defined here and nowhere else. Each row is
// one of three kinds:
//   - a yes/no row the platform's events answer (Да = 1 балл when at least one fact says so);
//   - a yes/no row no event can know, recorded by the municipal operator (МКУ «ММЦ») with a comment;
//   - a share (numerator, denominator, percent; no data when the denominator is empty).
// The queries gather one municipality's facts for the year asked and the year before; everything
// below is pure, so a case computed by hand tests it without servers.

import { COMPETENCY_FRAMEWORK } from '@pk/contracts';

/** A deficit found in a competency of a teacher in a year, with the diagnostic that found it. */
export interface IrbeyDeficitFact {
  readonly teacherId: string;
  readonly competency: string;
  readonly year: number;
  /** DeficitFound's `source`: monitoring, self-diagnostics, federal-assessment, exam-analysis… */
  readonly source: string;
}

/** A course completed with the document (enrollment.CourseCompleted). */
export interface IrbeyCompletionFact {
  readonly teacherId: string;
  readonly programId: string;
  readonly year: number;
}

/** A course ended without completion (enrollment.CourseNotCompleted): dropped out, failed, absent. */
export interface IrbeyNotCompletedFact {
  readonly teacherId: string;
  readonly year: number;
}

/** An enrollment confirmed in a year and not cancelled (enrollment.EnrollmentConfirmed). */
export interface IrbeyEnrollmentFact {
  readonly teacherId: string;
  readonly organizationId: string;
  readonly offeringId: string;
  readonly programId: string;
  readonly route: string;
  readonly year: number;
}

/** An individual route (ИОМ) a teacher accepted for a year (diagnostics.TrajectoryAccepted). */
export interface IrbeyTrajectoryFact {
  readonly teacherId: string;
  readonly year: number;
  /** Items that are courses of the register. */
  readonly programItems: number;
}

/** A teacher who took a diagnostic instrument of the platform in a year (diagnostics.AttemptScored). */
export interface IrbeyAttemptFact {
  readonly teacherId: string;
  readonly year: number;
}

/** A program at its latest revision (catalog.ProgramSubmitted … ProgramArchived). */
export interface IrbeyProgram {
  readonly title: string;
  readonly kind: string;
  readonly format: string;
  readonly competencies: readonly string[];
  readonly targetPositions: readonly string[];
  readonly employerAssessment: boolean;
  readonly status: string;
}

/** What the municipal operator recorded for a row of a year (the last record stands). */
export interface IrbeyRecord {
  readonly criterionId: string;
  readonly year: number;
  readonly met: boolean;
  readonly comment: string;
  /** The operator's subject (token), never a name. */
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** What the rows of one municipality are computed from. */
export interface IrbeyFacts {
  /** Teachers of the municipality in the register today: the denominator of teacher shares. */
  readonly teachers: number;
  /** Educational organizations (ОО) of the municipality: the denominator of school shares. */
  readonly schools: number;
  /** Positions its teachers hold (the target groups), distinct. */
  readonly positions: readonly string[];
  /** Every year's up to the one asked: a course of this year may answer an older deficit. */
  readonly deficits: readonly IrbeyDeficitFact[];
  readonly completions: readonly IrbeyCompletionFact[];
  readonly notCompleted: readonly IrbeyNotCompletedFact[];
  readonly enrollments: readonly IrbeyEnrollmentFact[];
  readonly trajectories: readonly IrbeyTrajectoryFact[];
  readonly attempts: readonly IrbeyAttemptFact[];
  /** The region's programs, by programId. */
  readonly programs: ReadonlyMap<string, IrbeyProgram>;
  readonly records: readonly IrbeyRecord[];
}

export type IrbeyGroup = 'criteria' | 'program-quality' | 'mastering-quality';

export const IRBEY_GROUPS: Record<IrbeyGroup, string> = {
  criteria: 'Критерии и показатели муниципального мониторинга качества ДПО (Приложение 1)',
  'program-quality': 'Показатели качества программ повышения квалификации',
  'mastering-quality': 'Показатели качества освоения программ повышения квалификации',
};

interface Base {
  /** The row's number in the seed's table: "2.2а" is written "2.2a", the quality groups "q1.2". */
  readonly id: string;
  readonly group: IrbeyGroup;
  /** The criterion the row belongs to, as the seed words it. */
  readonly criterion: string;
  /** The row's indicator, as the seed words it. */
  readonly title: string;
  /** Counted in the municipality's total score (Да = 1, Нет = 0). */
  readonly scored: boolean;
  /** What makes it true or what it counts, in Russian: the events, or the operator's record. */
  readonly evidence: string;
}

/** A yes/no row the events answer: the teachers (or facts) that make it «Да». */
export interface DataRow extends Base {
  readonly kind: 'data';
  readonly count: (facts: IrbeyFacts, year: number) => number;
}

/** A yes/no row the municipal operator records. */
export interface OperatorRow extends Base {
  readonly kind: 'operator';
}

/** A share; scored rows score «наличие» (a numerator above zero). */
export interface ShareRow extends Base {
  readonly kind: 'share';
  readonly numerator: { readonly title: string; readonly count: (facts: IrbeyFacts, year: number) => number };
  readonly denominator: {
    readonly title: string;
    readonly count: (facts: IrbeyFacts, year: number) => number;
  };
  readonly noDataReason: string;
}

export type IrbeyRow = DataRow | OperatorRow | ShareRow;

/**
 * Several teachers of one school in one group (поток) of a course count as team training
 * («командное обучение»): two colleagues on the same course are as often a coincidence as a team,
 * three are a school's decision.
 */
export const TEAM_SIZE = 3;

const ofYear = <T extends { readonly year: number }>(items: readonly T[], year: number): T[] =>
  items.filter((item) => item.year === year);
const distinct = <T>(items: readonly T[], key: (item: T) => string): number => new Set(items.map(key)).size;

/**
 * Teachers who completed in the year a course of a program developing a competency in which they
 * had a deficit, found that year or before by a diagnostic of one of the sources.
 */
function trainedOnDeficitsFrom(sources: readonly string[]) {
  return (facts: IrbeyFacts, year: number): number => {
    const deficitsOf = new Map<string, Set<string>>();
    for (const deficit of facts.deficits) {
      if (deficit.year > year || !sources.includes(deficit.source)) continue;
      deficitsOf.set(
        deficit.teacherId,
        (deficitsOf.get(deficit.teacherId) ?? new Set()).add(deficit.competency),
      );
    }
    const trained = ofYear(facts.completions, year).filter((completion) =>
      (facts.programs.get(completion.programId)?.competencies ?? []).some((competency) =>
        deficitsOf.get(completion.teacherId)?.has(competency),
      ),
    );
    return distinct(trained, (completion) => completion.teacherId);
  };
}

/** The programs the municipality's teachers were enrolled on in the year (confirmed, not cancelled). */
const programsEnrolled = (facts: IrbeyFacts, year: number): IrbeyProgram[] =>
  [...new Set(ofYear(facts.enrollments, year).map((enrollment) => enrollment.programId))]
    .map((programId) => facts.programs.get(programId))
    .filter((program): program is IrbeyProgram => program !== undefined);

const programsCompleted = (facts: IrbeyFacts, year: number): string[] => [
  ...new Set(ofYear(facts.completions, year).map((completion) => completion.programId)),
];

const enrolledBy = (route: string) => (facts: IrbeyFacts, year: number) =>
  distinct(
    ofYear(facts.enrollments, year).filter((enrollment) => enrollment.route === route),
    (enrollment) => enrollment.teacherId,
  );

/** Schools with TEAM_SIZE or more of their teachers confirmed in one offering in the year. */
function schoolsTrainingTeams(facts: IrbeyFacts, year: number): number {
  const teams = new Map<string, Set<string>>();
  for (const enrollment of ofYear(facts.enrollments, year)) {
    const key = `${enrollment.organizationId}:${enrollment.offeringId}`;
    teams.set(key, (teams.get(key) ?? new Set()).add(enrollment.teacherId));
  }
  return new Set(
    [...teams.entries()]
      .filter(([, teachers]) => teachers.size >= TEAM_SIZE)
      .map(([key]) => key.split(':')[0]),
  ).size;
}

const approved = (facts: IrbeyFacts): IrbeyProgram[] =>
  [...facts.programs.values()].filter((program) => program.status === 'approved');

const ROW_2 =
  'Соответствие осваиваемых педагогами и руководителями дополнительных профессиональных программ потребностям МСО; соответствие заказа ОО на повышение квалификации потребностям педагогов и МСО';
const ROW_3 =
  'Адресность, персонализированность, внедрение и применение на практике освоенных педагогами ОО дополнительных профессиональных программ';
const TRAINED_ON =
  'Педагоги, завершившие за год курс программы, развивающей компетенцию, по которой у них выявлен дефицит';
const operator = (
  id: string,
  group: IrbeyGroup,
  criterion: string,
  title: string,
  evidence = 'Вносит муниципальный оператор (МКУ «ММЦ»): в событиях платформы этого нет.',
): OperatorRow => ({ id, group, criterion, title, scored: true, kind: 'operator', evidence });

export const IRBEY_ROWS: readonly IrbeyRow[] = [
  operator(
    '1',
    'criteria',
    'Открытость и доступность системы образования для выбора педагогическими и руководящими работниками дополнительных профессиональных программ',
    'Наличие на сайте МКУ «ММЦ», ОО информации о дополнительных профессиональных программах, реализуемых КИПК, ЦНПК, а также других ресурсах',
    'Вносит муниципальный оператор: публикация на сайтах ММЦ и ОО в событиях платформы не видна.',
  ),
  operator(
    '2.1',
    'criteria',
    ROW_2,
    'Педагоги и руководители ОО, осваивающие дополнительные профессиональные программы с учётом потребностей, отражённых в муниципальном заказе',
    'Вносит муниципальный оператор: муниципального заказа в событиях платформы нет.',
  ),
  {
    id: '2.2a',
    group: 'criteria',
    criterion: ROW_2,
    title:
      'Педагоги, осваивающие программы с учётом дефицитов, выявленных анкетированием на уровне муниципалитета',
    scored: true,
    kind: 'data',
    evidence: `${TRAINED_ON} по результатам муниципального анкетирования (DeficitFound, source = municipal-survey), и CourseCompleted такой программы.`,
    count: trainedOnDeficitsFrom(['municipal-survey']),
  },
  {
    id: '2.2b',
    group: 'criteria',
    criterion: ROW_2,
    title:
      'Педагоги, осваивающие программы с учётом дефицитов, выявленных анализом результатов ГИА выпускников',
    scored: true,
    kind: 'data',
    evidence: `${TRAINED_ON} по анализу результатов ГИА (DeficitFound, source = exam-analysis), и CourseCompleted такой программы.`,
    count: trainedOnDeficitsFrom(['exam-analysis']),
  },
  {
    id: '2.2c',
    group: 'criteria',
    criterion: ROW_2,
    title:
      'Педагоги, осваивающие программы с учётом дефицитов, выявленных региональными мониторинговыми исследованиями качества образования',
    scored: true,
    kind: 'data',
    evidence: `${TRAINED_ON} по региональному исследованию (DeficitFound, source = regional-study), и CourseCompleted такой программы.`,
    count: trainedOnDeficitsFrom(['regional-study']),
  },
  operator(
    '2.2d',
    'criteria',
    ROW_2,
    'Педагоги, осваивающие программы с учётом направлений проектов и программ муниципальной системы',
    'Вносит муниципальный оператор: проекты и программы МСО в событиях платформы не описаны.',
  ),
  {
    id: '2.3',
    group: 'criteria',
    criterion: ROW_2,
    title:
      'Педагоги, прошедшие обучение с учётом оценки предметных и методических компетенций на основе ЕФОМ',
    scored: true,
    kind: 'data',
    evidence: `${TRAINED_ON} по ЕФОМ (DeficitFound, source = federal-assessment), и CourseCompleted такой программы.`,
    count: trainedOnDeficitsFrom(['federal-assessment']),
  },
  operator(
    '3.1a',
    'criteria',
    ROW_3,
    'Педагоги ОО, представляющие успешные практики по итогам освоенных программ на муниципальном уровне',
  ),
  operator('3.1b', 'criteria', ROW_3, 'Педагоги ОО, представляющие успешные практики на зональном уровне'),
  operator(
    '3.1c',
    'criteria',
    ROW_3,
    'Педагоги ОО, представляющие успешные практики на региональном уровне, в том числе через РАОП',
  ),
  operator(
    '3.2a',
    'criteria',
    ROW_3,
    'Педагоги ОО, включённые в конкурсы профессионального мастерства на муниципальном уровне',
  ),
  operator(
    '3.2b',
    'criteria',
    ROW_3,
    'Педагоги ОО, включённые в конкурсы профессионального мастерства на региональном уровне',
  ),
  operator(
    '3.3a',
    'criteria',
    ROW_3,
    'Педагоги ОО в экспертной деятельности: эксперты предметных комиссий (краевой уровень)',
  ),
  operator(
    '3.3b',
    'criteria',
    ROW_3,
    'Педагоги ОО в экспертной деятельности: члены жюри конкурсов профессионального мастерства',
  ),
  operator('3.3c', 'criteria', ROW_3, 'Педагоги ОО в экспертной деятельности: муниципальные эксперты'),
  {
    id: '3.4',
    group: 'criteria',
    criterion: ROW_3,
    title:
      'Наличие диагностического инструментария, в том числе автоматизированных систем для комплексной диагностики профессиональных компетенций педагогов',
    scored: true,
    kind: 'data',
    evidence: 'Педагоги муниципалитета, прошедшие за год диагностику инструментом платформы (AttemptScored).',
    count: (facts, year) => distinct(ofYear(facts.attempts, year), (attempt) => attempt.teacherId),
  },
  {
    id: '3.5',
    group: 'criteria',
    criterion: ROW_3,
    title:
      'Доля педагогов ОО, имеющих индивидуальные образовательные маршруты непрерывного профессионального развития',
    scored: false,
    kind: 'share',
    evidence: 'Педагоги, принявшие ИОМ на год (TrajectoryAccepted), к педагогам муниципалитета в реестре.',
    numerator: {
      title: 'Педагоги, принявшие индивидуальный образовательный маршрут на год',
      count: (facts, year) =>
        distinct(ofYear(facts.trajectories, year), (trajectory) => trajectory.teacherId),
    },
    denominator: { title: 'Педагоги муниципалитета в реестре', count: (facts) => facts.teachers },
    noDataReason: 'нет педагогов муниципалитета в реестре: долю не из чего считать',
  },
  {
    id: '3.6',
    group: 'criteria',
    criterion: ROW_3,
    title: 'Доля ОО, организующих командное обучение по отдельным вопросам образования',
    scored: false,
    kind: 'share',
    evidence: `ОО, у которых за год ${TEAM_SIZE} и более педагогов зачислены в один поток курса (EnrollmentConfirmed, не отменено), к ОО муниципалитета.`,
    numerator: {
      title: `ОО, направившие за год команду (не менее ${TEAM_SIZE} педагогов) в один поток курса`,
      count: schoolsTrainingTeams,
    },
    denominator: { title: 'ОО муниципалитета', count: (facts) => facts.schools },
    noDataReason: 'в муниципалитете нет ОО в справочнике',
  },
  {
    id: '3.7',
    group: 'criteria',
    criterion: ROW_3,
    title: 'Доля программ, реализованных в форме стажировки на базе образовательных организаций',
    scored: false,
    kind: 'share',
    evidence:
      'Программы в форме стажировки (format = internship) среди программ, курсы которых педагоги муниципалитета завершили за год (CourseCompleted).',
    numerator: {
      title: 'Программы в форме стажировки, завершённые педагогами муниципалитета за год',
      count: (facts, year) =>
        programsCompleted(facts, year).filter((id) => facts.programs.get(id)?.format === 'internship').length,
    },
    denominator: {
      title: 'Программы, курсы которых педагоги муниципалитета завершили за год',
      count: (facts, year) => programsCompleted(facts, year).length,
    },
    noDataReason: 'за год педагоги муниципалитета не завершили ни одного курса',
  },
  {
    id: '4',
    group: 'criteria',
    criterion: 'Результативность повышения квалификации',
    title:
      'Доля обучавшихся педагогов ОО муниципалитета, успешно освоивших программу повышения квалификации, к общей численности зачисленных на обучение',
    scored: true,
    kind: 'share',
    evidence:
      'Курсы, завершённые за год с документом (CourseCompleted), ко всем курсам педагогов муниципалитета, закончившимся за год (CourseCompleted и CourseNotCompleted: отчислен, не прошёл аттестацию, не приступил). Балл — за наличие успешно освоивших.',
    numerator: {
      title: 'Курсы, завершённые за год с документом',
      count: (facts, year) => ofYear(facts.completions, year).length,
    },
    denominator: {
      title: 'Курсы педагогов муниципалитета, закончившиеся за год (с документом и без)',
      count: (facts, year) =>
        ofYear(facts.completions, year).length + ofYear(facts.notCompleted, year).length,
    },
    noDataReason: 'за год у педагогов муниципалитета не закончилось ни одного курса',
  },
  {
    id: 'q1.1',
    group: 'program-quality',
    criterion: 'Охват программами целевых групп педагогических работников',
    title:
      'Доля целевых групп (должностей педагогов муниципалитета), для которых в реестре есть одобренная программа',
    scored: false,
    kind: 'share',
    evidence:
      'Должности педагогов муниципалитета (TeacherRegistered), которые названы в targetPositions хотя бы одной одобренной программы (ProgramApproved).',
    numerator: {
      title: 'Должности, для которых есть одобренная программа',
      count: (facts) => {
        const covered = new Set(approved(facts).flatMap((program) => program.targetPositions));
        return facts.positions.filter((position) => covered.has(position)).length;
      },
    },
    denominator: { title: 'Должности педагогов муниципалитета', count: (facts) => facts.positions.length },
    noDataReason: 'нет педагогов муниципалитета в реестре: целевые группы неизвестны',
  },
  {
    id: 'q1.2',
    group: 'program-quality',
    criterion: 'Наличие процедур и сервисов оценки профессиональных дефицитов педагогических работников',
    title: 'Процедуры и сервисы оценки профессиональных дефицитов применялись к педагогам муниципалитета',
    scored: true,
    kind: 'data',
    evidence:
      'Педагоги муниципалитета, у которых за год была диагностика: инструмент платформы (AttemptScored) или внешняя процедура с выявленным дефицитом (DeficitFound любого источника).',
    count: (facts, year) =>
      new Set([
        ...ofYear(facts.attempts, year).map((attempt) => attempt.teacherId),
        ...ofYear(facts.deficits, year).map((deficit) => deficit.teacherId),
      ]).size,
  },
  {
    id: 'q1.3',
    group: 'program-quality',
    criterion: 'Наличие процедур и сервисов для реализации программ на основе корпоративного заказа',
    title: 'Педагоги обучались по заказу и за счёт работодателя',
    scored: true,
    kind: 'data',
    evidence:
      'Педагоги муниципалитета, зачисленные за год за счёт работодателя (EnrollmentConfirmed, route = employer).',
    count: enrolledBy('employer'),
  },
  {
    id: 'q1.4',
    group: 'program-quality',
    criterion: 'Наличие процедур и сервисов для реализации программ ПК на основе индивидуального заказа',
    title: 'Педагоги обучались по индивидуальному выбору с именным образовательным чеком (ИОЧ)',
    scored: true,
    kind: 'data',
    evidence: 'Педагоги муниципалитета, зачисленные за год по ИОЧ (EnrollmentConfirmed, route = voucher).',
    count: enrolledBy('voucher'),
  },
  {
    id: 'q1.5',
    group: 'program-quality',
    criterion: 'Наличие программ ПК, разработанных с учётом потребностей региона',
    title: 'В реестре есть одобренные программы по дефицитам, выявленным у педагогов муниципалитета',
    scored: true,
    kind: 'data',
    evidence:
      'Компетенции с дефицитом у педагогов муниципалитета за год (DeficitFound), которые развивает хотя бы одна одобренная программа (ProgramApproved).',
    count: (facts, year) => {
      const covered = new Set(approved(facts).flatMap((program) => program.competencies));
      return [...new Set(ofYear(facts.deficits, year).map((deficit) => deficit.competency))].filter(
        (competency) => covered.has(competency),
      ).length;
    },
  },
  {
    id: 'q1.6',
    group: 'program-quality',
    criterion:
      'Наличие программ ПК, реализуемых с использованием дистанционных образовательных технологий и электронного обучения',
    title: 'Педагоги муниципалитета обучались по дистанционным или смешанным программам',
    scored: true,
    kind: 'data',
    evidence:
      'Программы в дистанционной или смешанной форме (format = distance, blended), на которые педагоги муниципалитета зачислены за год (EnrollmentConfirmed).',
    count: (facts, year) =>
      programsEnrolled(facts, year).filter((program) => ['distance', 'blended'].includes(program.format))
        .length,
  },
  {
    id: 'q1.7',
    group: 'program-quality',
    criterion:
      'Наличие программ, направленных на непрерывное повышение профессионального мастерства педагогических работников',
    title: 'Программы ПК включены в индивидуальные маршруты непрерывного развития педагогов',
    scored: true,
    kind: 'data',
    evidence:
      'Педагоги, принявшие на год ИОМ с курсом из реестра (TrajectoryAccepted, пункт kind = program).',
    count: (facts, year) =>
      distinct(
        ofYear(facts.trajectories, year).filter((trajectory) => trajectory.programItems > 0),
        (trajectory) => trajectory.teacherId,
      ),
  },
  {
    id: 'q1.8',
    group: 'program-quality',
    criterion:
      'Наличие программ профессиональной переподготовки по образовательным программам педагогической направленности',
    title: 'Педагоги муниципалитета обучались по программам профессиональной переподготовки',
    scored: true,
    kind: 'data',
    evidence:
      'Программы переподготовки (kind = retraining), на которые педагоги муниципалитета зачислены за год. Педагогическая направленность в событиях не указана: считаются все программы переподготовки реестра.',
    count: (facts, year) =>
      programsEnrolled(facts, year).filter((program) => program.kind === 'retraining').length,
  },
  operator(
    'q2.1',
    'mastering-quality',
    'Наличие мониторинга качества освоения программ ПК',
    'Муниципалитет ведёт мониторинг качества освоения программ ПК',
    'Вносит муниципальный оператор: отзывы слушателей (FeedbackGiven) анонимны и не называют муниципалитет.',
  ),
  {
    id: 'q2.2',
    group: 'mastering-quality',
    criterion: 'Наличие программ, реализуемых с привлечением работодателей к оценке результатов их освоения',
    title: 'Педагоги муниципалитета обучались по программам с участием работодателей в оценке результатов',
    scored: true,
    kind: 'data',
    evidence:
      'Программы с employerAssessment = true (ProgramApproved), на которые педагоги муниципалитета зачислены за год.',
    count: (facts, year) =>
      programsEnrolled(facts, year).filter((program) => program.employerAssessment).length,
  },
];

/** The rows the municipal operator records: the only ids the command accepts. */
export const OPERATOR_CRITERIA: readonly string[] = IRBEY_ROWS.filter((row) => row.kind === 'operator').map(
  (row) => row.id,
);

export interface IrbeyRowValue {
  /** «Да» or «Нет»; null for an operator's row nobody recorded, and for a share without data. */
  readonly met: boolean | null;
  /** 1 or 0 when the row is scored; null when it is not. An unrecorded row scores 0. */
  readonly score: number | null;
  /** Data rows: the facts that make it «Да»; shares: the numerator. Null for an operator's row. */
  readonly numerator: number | null;
  /** Shares only. */
  readonly denominator: number | null;
  /** Shares only: one decimal; null when the denominator is empty. */
  readonly percent: number | null;
  /** Why there is no value, in Russian; null when there is one. */
  readonly noData: string | null;
  /** The operator's record: who (token subject), when, and their comment. */
  readonly recorded: { readonly by: string; readonly at: string; readonly comment: string } | null;
}

export interface IrbeyRowResult {
  readonly id: string;
  readonly group: IrbeyGroup;
  readonly criterion: string;
  readonly title: string;
  readonly kind: IrbeyRow['kind'];
  readonly scored: boolean;
  readonly evidence: string;
  readonly year: number;
  readonly current: IrbeyRowValue;
  readonly previous: IrbeyRowValue;
  /** Shares: percentage points since last year; yes/no rows: the change of the answer (+1, 0, −1). */
  readonly change: number | null;
}

export interface IrbeyScore {
  readonly score: number;
  /** Rows scored: the most a municipality can get. */
  readonly max: number;
  /** Operator's rows nobody recorded for the year (each scored 0). */
  readonly unrecorded: number;
}

export interface IrbeyResult {
  readonly rows: IrbeyRowResult[];
  readonly total: IrbeyScore;
  readonly totalPreviousYear: IrbeyScore;
  readonly byGroup: Record<IrbeyGroup, IrbeyScore>;
}

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/** The last record of the row for the year: a later record corrects an earlier one. */
function recordOf(facts: IrbeyFacts, id: string, year: number): IrbeyRecord | undefined {
  return facts.records.filter((record) => record.criterionId === id && record.year === year).at(-1);
}

export function rowValue(row: IrbeyRow, facts: IrbeyFacts, year: number): IrbeyRowValue {
  const none = { numerator: null, denominator: null, percent: null, recorded: null } as const;
  switch (row.kind) {
    case 'data': {
      const count = row.count(facts, year);
      return { ...none, met: count > 0, score: count > 0 ? 1 : 0, numerator: count, noData: null };
    }
    case 'operator': {
      const record = recordOf(facts, row.id, year);
      if (record === undefined) {
        return { ...none, met: null, score: 0, noData: 'муниципальный оператор не внёс значение за год' };
      }
      return {
        ...none,
        met: record.met,
        score: record.met ? 1 : 0,
        noData: null,
        recorded: { by: record.recordedBy, at: record.recordedAt, comment: record.comment },
      };
    }
    case 'share': {
      const numerator = row.numerator.count(facts, year);
      const denominator = row.denominator.count(facts, year);
      const score = row.scored ? (numerator > 0 ? 1 : 0) : null;
      // an empty denominator is "no data", never 0 % and never NaN
      if (denominator === 0) {
        return { ...none, met: null, score, numerator, denominator, noData: row.noDataReason };
      }
      return {
        ...none,
        met: numerator > 0,
        score,
        numerator,
        denominator,
        percent: oneDecimal((100 * numerator) / denominator),
        noData: null,
      };
    }
  }
}

function changeOf(row: IrbeyRow, current: IrbeyRowValue, previous: IrbeyRowValue): number | null {
  if (row.kind === 'share') {
    if (current.percent === null || previous.percent === null) return null;
    // from the exact shares, not the rounded percents
    return oneDecimal(
      100 * (current.numerator! / current.denominator! - previous.numerator! / previous.denominator!),
    );
  }
  if (current.met === null || previous.met === null) return null;
  return Number(current.met) - Number(previous.met);
}

function scoreOf(values: readonly { row: IrbeyRow; value: IrbeyRowValue }[]): IrbeyScore {
  const scored = values.filter(({ row }) => row.scored);
  return {
    score: scored.reduce((total, { value }) => total + (value.score ?? 0), 0),
    max: scored.length,
    unrecorded: scored.filter(({ row, value }) => row.kind === 'operator' && value.recorded === null).length,
  };
}

/** Every row of one municipality for the year, with last year's and the change, and the scores. */
export function irbeyIndicators(facts: IrbeyFacts, year: number): IrbeyResult {
  const current = IRBEY_ROWS.map((row) => ({ row, value: rowValue(row, facts, year) }));
  const previous = IRBEY_ROWS.map((row) => ({ row, value: rowValue(row, facts, year - 1) }));
  const rows = current.map(({ row, value }, i) => ({
    id: row.id,
    group: row.group,
    criterion: row.criterion,
    title: row.title,
    kind: row.kind,
    scored: row.scored,
    evidence: row.evidence,
    year,
    current: value,
    previous: previous[i]!.value,
    change: changeOf(row, value, previous[i]!.value),
  }));
  const groups = Object.keys(IRBEY_GROUPS) as IrbeyGroup[];
  return {
    rows,
    total: scoreOf(current),
    totalPreviousYear: scoreOf(previous),
    byGroup: Object.fromEntries(
      groups.map((group) => [group, scoreOf(current.filter(({ row }) => row.group === group))]),
    ) as Record<IrbeyGroup, IrbeyScore>,
  };
}

/** The competency's name in the framework, or its code when the framework does not know it. */
export function competencyName(code: string): string {
  return (COMPETENCY_FRAMEWORK.competencies as Record<string, string>)[code] ?? code;
}
