// A region as data, deterministic from its code, a seed and a scale: the municipalities,
// organizations, providers, experts, programs and teachers the demo region generator loads through
// the services' public APIs (load-region.ts). Scale 1 is the Samara region of seed 000: 10 urban
// and 27 municipal districts, 2 146 organizations, 32 providers, 915 programs, 1 000 experts,
// 45 651 teachers; 0.01 is a small demo, 20 the country's order of magnitude. Pure: the same
// arguments give the same region, byte for byte, so an interrupted load resumes onto the same data.
import { createHash } from 'node:crypto';
import {
  type CompetencyCode,
  directoryId,
  type MunicipalityKind,
  type OrganizationKind,
  type Position,
  type ProviderKind,
  snilsCheckNumber,
  type Subject,
} from '@pk/contracts';
import { seededRandom } from '@pk/test-kit';
import { v5 as uuidV5 } from 'uuid';

/** What a region of scale 1 holds (seed 000, «Региональная система ПК в цифрах»). */
export const SAMARA = {
  urbanDistricts: 10,
  municipalDistricts: 27,
  organizations: 2_146,
  providers: 32,
  programs: 915,
  experts: 1_000,
  teachers: 45_651,
  internshipSites: 137,
} as const;

export interface RegionPlanOptions {
  /** A region code of the directory ("63"). */
  readonly region: string;
  /** 1 is a Samara; 0.01 a small demo. */
  readonly scale: number;
  /** Another seed, another region of the same size. */
  readonly seed?: number;
}

export interface PlannedMunicipality {
  readonly municipalityId: string;
  readonly oktmo: string;
  readonly name: string;
  readonly kind: MunicipalityKind;
}

export interface PlannedOrganization {
  readonly organizationId: string;
  readonly inn: string;
  readonly name: string;
  readonly kind: OrganizationKind;
  readonly municipalityId: string;
}

export interface PlannedProvider {
  readonly providerId: string;
  readonly inn: string;
  readonly name: string;
  readonly kind: ProviderKind;
  readonly ownership: 'state' | 'municipal';
}

export interface PlannedExpert {
  readonly expertId: string;
  /** The organization the expert works for: never reviews a program of its legal entity. */
  readonly organizationId: string;
  readonly subjects: readonly Subject[];
  readonly competencies: readonly CompetencyCode[];
}

export interface PlannedProgram {
  readonly programId: string;
  readonly providerId: string;
  readonly title: string;
  readonly annotation: string;
  readonly kind: 'advanced-training';
  readonly hours: number;
  readonly format: 'in-person' | 'blended' | 'distance' | 'internship';
  readonly targetPositions: readonly Position[];
  readonly organizationTypes: readonly OrganizationKind[];
  readonly subjects: readonly Subject[];
  readonly workProfile: string;
  readonly competencies: readonly CompetencyCode[];
  readonly voucherEligible: boolean;
  readonly employerAssessment: boolean;
  readonly practiceShare: number;
}

export interface PlannedTeacher {
  readonly snils: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly patronymic: string;
  readonly organizationId: string;
  readonly municipalityId: string;
  readonly position: Position;
  readonly subjects: readonly Subject[];
  readonly category: 'none' | 'first' | 'highest';
  readonly categorySince: string | null;
  readonly lastTrainingOn: string | null;
}

export interface PlannedInternshipSite {
  readonly siteId: string;
  readonly inn: string;
  readonly name: string;
  readonly municipalityId: string;
  readonly profile: string;
  /** The plan's internship programs it hosts (none at a scale too small to have one). */
  readonly programIds: readonly string[];
}

export interface RegionPlan {
  readonly region: string;
  readonly scale: number;
  readonly seed: number;
  readonly municipalities: readonly PlannedMunicipality[];
  readonly organizations: readonly PlannedOrganization[];
  readonly providers: readonly PlannedProvider[];
  readonly experts: readonly PlannedExpert[];
  readonly programs: readonly PlannedProgram[];
  readonly teachers: readonly PlannedTeacher[];
  readonly internshipSites: readonly PlannedInternshipSite[];
}

/** The generator's own namespace for the ids catalog does not derive (programs, experts). */
const DEMO_NAMESPACE = '5d0c8f4e-2b7a-4c61-9e3d-7a1b2c3d4e5f';

/** Samara's city districts (городские округа) and municipal districts, by name. */
const URBAN = [
  'Самара',
  'Тольятти',
  'Сызрань',
  'Новокуйбышевск',
  'Чапаевск',
  'Жигулёвск',
  'Отрадный',
  'Кинель',
  'Похвистнево',
  'Октябрьск',
];
const DISTRICTS = [
  'Алексеевский',
  'Безенчукский',
  'Богатовский',
  'Большеглушицкий',
  'Большечерниговский',
  'Борский',
  'Волжский',
  'Елховский',
  'Исаклинский',
  'Камышлинский',
  'Кинель-Черкасский',
  'Кинельский',
  'Клявлинский',
  'Кошкинский',
  'Красноармейский',
  'Красноярский',
  'Нефтегорский',
  'Пестравский',
  'Похвистневский',
  'Приволжский',
  'Сергиевский',
  'Ставропольский',
  'Сызранский',
  'Хворостянский',
  'Челно-Вершинский',
  'Шенталинский',
  'Шигонский',
];
export const SCHOOL_NAMES = [
  'Средняя общеобразовательная школа',
  'Гимназия',
  'Лицей',
  'Основная общеобразовательная школа',
];
export const KINDERGARTEN_NAMES = ['Солнышко', 'Ромашка', 'Берёзка', 'Колокольчик', 'Теремок', 'Радуга'];
export const ADDITIONAL_NAMES = [
  'Дом детского творчества',
  'Центр детского творчества',
  'Детская школа искусств',
  'Станция юных техников',
];
export const COLLEGE_NAMES = [
  'Технологический колледж',
  'Педагогический колледж',
  'Аграрный техникум',
  'Колледж сервиса',
];
const PROVIDERS: readonly { name: string; kind: ProviderKind; ownership: 'state' | 'municipal' }[] = [
  { name: 'ГАУ ДПО «Институт развития образования»', kind: 'dpo-institute', ownership: 'state' },
  { name: 'ФГБОУ ВО «Педагогический университет»', kind: 'university', ownership: 'state' },
  { name: 'МБУ «Ресурсный центр»', kind: 'resource-centre', ownership: 'municipal' },
  { name: 'ГБПОУ «Колледж»', kind: 'college', ownership: 'state' },
  { name: 'МАУ «Методический центр»', kind: 'resource-centre', ownership: 'municipal' },
  { name: 'ГАУ ДПО «Центр непрерывного повышения мастерства»', kind: 'dpo-institute', ownership: 'state' },
];
/** Program topics, with who they are for and what they develop. */
const TOPICS: readonly {
  title: string;
  positions: readonly Position[];
  kinds: readonly OrganizationKind[];
  subjects: readonly Subject[];
  competencies: readonly CompetencyCode[];
  internship?: true;
}[] = [
  {
    title: 'Формирование функциональной грамотности обучающихся',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['mathematics', 'russian-language', 'physics', 'biology'],
    competencies: ['R/01'],
  },
  {
    title: 'Цифровая образовательная среда: инструменты учителя',
    positions: ['teacher', 'methodist'],
    kinds: ['school'],
    subjects: ['informatics', 'mathematics'],
    competencies: ['R/03'],
  },
  {
    title: 'Инклюзивное образование детей с ОВЗ',
    positions: ['teacher', 'speech-therapist', 'educational-psychologist'],
    kinds: ['school', 'preschool'],
    subjects: ['special-education', 'primary-education'],
    competencies: ['R/02'],
  },
  {
    title: 'Наставничество в образовательной организации',
    positions: ['teacher', 'methodist', 'head'],
    kinds: ['school'],
    subjects: ['management', 'upbringing'],
    competencies: ['R/05'],
  },
  {
    title: 'Оценка образовательных результатов, ВПР и ОГЭ',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['mathematics', 'russian-language', 'history', 'social-studies'],
    competencies: ['R/06'],
  },
  {
    title: 'Преподавание физики по обновлённым ФГОС',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['physics'],
    competencies: ['B/03.6', 'R/01'],
  },
  {
    title: 'Методика обучения математике в основной школе',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['mathematics'],
    competencies: ['B/04.6'],
  },
  {
    title: 'Современный урок русского языка и литературы',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['russian-language', 'literature'],
    competencies: ['B/05.6'],
  },
  {
    title: 'Начальная школа: ФОП НОО на практике',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['primary-education'],
    competencies: ['B/02.6'],
  },
  {
    title: 'Дошкольное образование: ФОП ДО на практике',
    positions: ['preschool-teacher'],
    kinds: ['preschool'],
    subjects: ['preschool-education'],
    competencies: ['B/01.5'],
  },
  {
    title: 'Дополнительное образование детей: проектирование программ',
    positions: ['additional-education-teacher'],
    kinds: ['additional-education'],
    subjects: ['additional-education'],
    competencies: ['A/03.6'],
  },
  {
    title: 'Общеобразовательные дисциплины в СПО: профессиональная направленность',
    positions: ['general-subject-lecturer'],
    kinds: ['vocational-college'],
    subjects: ['mathematics', 'physics', 'russian-language'],
    competencies: ['A/01.6'],
  },
  {
    title: 'Стажировка на производстве по профилю подготовки',
    positions: ['industrial-training-master', 'special-discipline-lecturer'],
    kinds: ['vocational-college'],
    subjects: ['vocational-training'],
    competencies: ['A/01.6'],
    internship: true,
  },
  {
    title: 'Воспитательная работа классного руководителя',
    positions: ['teacher'],
    kinds: ['school'],
    subjects: ['upbringing'],
    competencies: ['A/02.6'],
  },
];
const MALE = {
  first: ['Александр', 'Сергей', 'Андрей', 'Дмитрий', 'Алексей', 'Игорь', 'Павел', 'Михаил'],
  last: [
    'Иванов',
    'Смирнов',
    'Кузнецов',
    'Попов',
    'Соколов',
    'Лебедев',
    'Козлов',
    'Новиков',
    'Морозов',
    'Волков',
  ],
  patronymic: ['Александрович', 'Сергеевич', 'Андреевич', 'Викторович', 'Николаевич', 'Петрович'],
};
const FEMALE = {
  first: ['Ольга', 'Елена', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Марина', 'Анна', 'Юлия', 'Екатерина'],
  last: [
    'Иванова',
    'Смирнова',
    'Кузнецова',
    'Попова',
    'Соколова',
    'Лебедева',
    'Козлова',
    'Новикова',
    'Морозова',
    'Волкова',
  ],
  patronymic: ['Александровна', 'Сергеевна', 'Андреевна', 'Викторовна', 'Николаевна', 'Петровна'],
};
const SCHOOL_SUBJECTS: readonly Subject[] = [
  'russian-language',
  'literature',
  'mathematics',
  'informatics',
  'physics',
  'chemistry',
  'biology',
  'geography',
  'history',
  'social-studies',
  'foreign-language',
  'physical-education',
  'technology',
  'art',
  'music',
  'primary-education',
];
const ORGANIZATION_KIND_WEIGHTS: readonly [OrganizationKind, number][] = [
  ['school', 0.5],
  ['preschool', 0.35],
  ['additional-education', 0.1],
  ['vocational-college', 0.05],
];
/** Positions by kind of organization, each with its weight. */
const STAFF: Record<OrganizationKind, readonly [Position, number][]> = {
  school: [
    ['teacher', 0.84],
    ['methodist', 0.03],
    ['educational-psychologist', 0.03],
    ['speech-therapist', 0.02],
    ['social-pedagogue', 0.02],
    ['tutor', 0.02],
    ['head', 0.04],
  ],
  preschool: [
    ['preschool-teacher', 0.85],
    ['speech-therapist', 0.05],
    ['educational-psychologist', 0.04],
    ['head', 0.06],
  ],
  'additional-education': [
    ['additional-education-teacher', 0.85],
    ['methodist', 0.1],
    ['head', 0.05],
  ],
  'vocational-college': [
    ['general-subject-lecturer', 0.4],
    ['special-discipline-lecturer', 0.3],
    ['industrial-training-master', 0.25],
    ['head', 0.05],
  ],
};

const count = (base: number, scale: number, least: number) => Math.max(least, Math.round(base * scale));

/** The region at the scale asked, the same for the same arguments. */
export function planRegion({ region, scale, seed = 1 }: RegionPlanOptions): RegionPlan {
  if (!(scale > 0)) throw new Error(`scale: a positive number is expected, got ${scale}`);
  const random = seededRandom(Number(region) * 7_919 + seed * 104_729);
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const roll = random.next();
    let sum = 0;
    return items.find(([, weight]) => (sum += weight) > roll)?.[0] ?? items[0]![0];
  };
  const id = (...key: (string | number)[]) => uuidV5([region, seed, ...key].join('/'), DEMO_NAMESPACE);
  const day = (fromYear: number, toYear: number) => {
    const year = fromYear + Math.floor(random.next() * (toYear - fromYear + 1));
    const month = 1 + Math.floor(random.next() * 12);
    const date = 1 + Math.floor(random.next() * 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
  };

  const municipalities: PlannedMunicipality[] = [];
  /** How an organization's name ends: "г.о. Самара", "м.р. Волжский". */
  const shortNames = new Map<string, string>();
  const urban = count(SAMARA.urbanDistricts, scale, 1);
  const districts = count(SAMARA.municipalDistricts, scale, 1);
  for (let i = 0; i < urban + districts; i++) {
    const isUrban = i < urban;
    const n = isUrban ? i : i - urban;
    const names = isUrban ? URBAN : DISTRICTS;
    const base = names[n % names.length]!;
    // past Samara's own (a scale above 1), the names come round again, numbered
    const place = n < names.length ? base : `${base}-${Math.floor(n / names.length) + 1}`;
    // an ОКТМО is 8 digits and starts with the region's code: 7 for city districts, 6 for the others
    const oktmo = `${region}${isUrban ? 7 : 6}${String(n).padStart(3, '0')}00`;
    const municipalityId = directoryId('municipality', region, oktmo);
    shortNames.set(municipalityId, isUrban ? `г.о. ${place}` : `м.р. ${place}`);
    municipalities.push({
      municipalityId,
      oktmo,
      name: isUrban ? `городской округ ${place}` : `муниципальный район ${place}`,
      kind: isUrban ? 'urban-district' : 'municipal-district',
    });
  }

  // organizations over municipalities, a city district holding about four times a rural one's
  const organizations: PlannedOrganization[] = [];
  const serials = new Map<string, number>();
  const weights = municipalities.map((m) => [m, m.kind === 'urban-district' ? 4 : 1] as const);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const municipalityWeights = weights.map(([m, w]) => [m, w / total] as const);
  const organizationCount = count(SAMARA.organizations, scale, municipalities.length);
  for (let i = 0; i < organizationCount; i++) {
    // every municipality gets one first, then by weight
    const municipality = i < municipalities.length ? municipalities[i]! : weighted(municipalityWeights);
    const kind = i < municipalities.length ? 'school' : weighted(ORGANIZATION_KIND_WEIGHTS);
    const key = `${municipality.oktmo}/${kind}`;
    const n = (serials.get(key) ?? 0) + 1;
    serials.set(key, n);
    const inn = `${region}5${String(1_000 + i).padStart(7, '0')}`;
    const short = shortNames.get(municipality.municipalityId)!;
    const name = {
      school: `МБОУ «${random.pick(SCHOOL_NAMES)} № ${n}» ${short}`,
      preschool: `МБДОУ «Детский сад № ${n} «${random.pick(KINDERGARTEN_NAMES)}»» ${short}`,
      'additional-education': `МБУ ДО «${random.pick(ADDITIONAL_NAMES)}${n > 1 ? ` № ${n}` : ''}» ${short}`,
      'vocational-college': `ГБПОУ «${random.pick(COLLEGE_NAMES)}${n > 1 ? ` № ${n}` : ''}» ${short}`,
    }[kind];
    organizations.push({
      organizationId: directoryId('organization', region, inn),
      inn,
      name,
      kind,
      municipalityId: municipality.municipalityId,
    });
  }

  const providers: PlannedProvider[] = Array.from({ length: count(SAMARA.providers, scale, 2) }, (_, i) => {
    const template = PROVIDERS[i % PROVIDERS.length]!;
    const inn = `${region}1${String(100 + i).padStart(7, '0')}`;
    const branch = i < PROVIDERS.length ? '' : ` (филиал № ${Math.floor(i / PROVIDERS.length)})`;
    return {
      providerId: directoryId('provider', region, inn),
      inn,
      name: `${template.name}${branch}`,
      kind: template.kind,
      ownership: template.ownership,
    };
  });

  // experts from the region's schools and colleges; at least four, each covering some topics and
  // every topic covered by two or more, so each program finds two free of conflict: with fewer
  // experts than topics, topic t goes to the experts t, t+1 and t+2 (modulo their number); with
  // more, expert i takes the topics i and i+1
  const expertCount = count(SAMARA.experts, scale, 4);
  const experts: PlannedExpert[] = Array.from({ length: expertCount }, (_, i) => {
    const topics =
      expertCount < TOPICS.length
        ? TOPICS.filter((_, t) => (((i - t) % expertCount) + expertCount) % expertCount <= 2)
        : [TOPICS[i % TOPICS.length]!, TOPICS[(i + 1) % TOPICS.length]!];
    return {
      expertId: id('expert', i),
      organizationId: organizations[(i * 7) % organizations.length]!.organizationId,
      subjects: [...new Set(topics.flatMap((topic) => topic.subjects.slice(0, 2)))],
      competencies: [...new Set(topics.flatMap((topic) => topic.competencies))],
    };
  });

  // programs: the voucher's blocks take 36-hour programs, and the internship block 54-hour
  // internships (seed 000); some others of other lengths, as a register holds
  const programs: PlannedProgram[] = Array.from({ length: count(SAMARA.programs, scale, 2) }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length]!;
    const provider = providers[i % providers.length]!;
    const module = Math.floor(i / TOPICS.length);
    const voucherSized = random.next() < 0.8;
    return {
      programId: id('program', provider.inn, i),
      providerId: provider.providerId,
      title: `${topic.title}${module > 0 ? `, модуль ${module + 1}` : ''}`,
      annotation: `Программа повышения квалификации для педагогов: «${topic.title.toLowerCase()}».`,
      kind: 'advanced-training',
      hours: topic.internship ? 54 : voucherSized ? 36 : random.pick([16, 24, 72]),
      format: topic.internship ? 'internship' : random.pick(['in-person', 'blended', 'distance'] as const),
      targetPositions: [...topic.positions],
      organizationTypes: [...topic.kinds],
      subjects: [...topic.subjects],
      workProfile: topic.internship ? 'Слесарное дело, металлообработка' : '',
      competencies: [...topic.competencies],
      voucherEligible: voucherSized || topic.internship === true,
      employerAssessment: random.next() < 0.6,
      practiceShare: 30 + Math.floor(random.next() * 50),
    };
  });

  // teachers over organizations, more in schools than in a kindergarten
  const teachers: PlannedTeacher[] = [];
  const teacherCount = count(SAMARA.teachers, scale, organizations.length);
  for (let i = 0; i < teacherCount; i++) {
    const organization =
      i < organizations.length
        ? organizations[i]!
        : organizations[Math.floor(random.next() * organizations.length)]!;
    const position = weighted(STAFF[organization.kind]);
    const names = random.next() < 0.82 ? FEMALE : MALE;
    // a СНИЛС of its own per region and teacher, with its check number
    const nine = `${region}${String(i + 1).padStart(7, '0')}`;
    const category = weighted([
      ['none', 0.45],
      ['first', 0.35],
      ['highest', 0.2],
    ] as const);
    teachers.push({
      snils: `${nine}${snilsCheckNumber(nine)}`,
      lastName: random.pick(names.last),
      firstName: random.pick(names.first),
      patronymic: random.pick(names.patronymic),
      organizationId: organization.organizationId,
      municipalityId: organization.municipalityId,
      position,
      subjects: subjectsOf(position, organization.kind, random),
      category,
      categorySince: category === 'none' ? null : day(2019, 2025),
      // about one in ten with no ПК on record; the others within the last six years
      lastTrainingOn: random.next() < 0.1 ? null : day(2020, 2025),
    });
  }

  // internship sites (базовые площадки стажировок): enterprises and colleges of the region's towns,
  // each hosting some of the internship programs. Planned last, so the values planned before them
  // are what they were before sites were planned.
  const internships = programs.filter((p) => p.format === 'internship');
  const internshipSites: PlannedInternshipSite[] = Array.from(
    { length: count(SAMARA.internshipSites, scale, 1) },
    (_, i) => {
      const host = INTERNSHIP_HOSTS[i % INTERNSHIP_HOSTS.length]!;
      const municipality = weighted(municipalityWeights);
      const inn = `${region}2${String(100 + i).padStart(7, '0')}`;
      const n = Math.floor(i / INTERNSHIP_HOSTS.length);
      return {
        siteId: directoryId('internship-site', region, inn),
        inn,
        name: `${host.name}${n > 0 ? ` № ${n + 1}` : ''}, ${shortNames.get(municipality.municipalityId)!}`,
        municipalityId: municipality.municipalityId,
        profile: host.profile,
        programIds: internships.filter((_, k) => k % 3 === i % 3).map((p) => p.programId),
      };
    },
  );

  return {
    region,
    scale,
    seed,
    municipalities,
    organizations,
    providers,
    experts,
    programs,
    teachers,
    internshipSites,
  };
}

/** Hosts of internships (invented names of the kinds of enterprise a Volga region has). */
const INTERNSHIP_HOSTS: readonly { name: string; profile: string }[] = [
  {
    name: 'АО «Волжский машиностроительный завод», учебный центр',
    profile: 'Машиностроение, металлообработка',
  },
  { name: 'ООО «Средневолжский агрокомплекс»', profile: 'Сельское хозяйство, агротехнологии' },
  { name: 'АО «Поволжская энергосетевая компания»', profile: 'Электроэнергетика' },
  { name: 'ГАУЗ «Городская клиническая больница»', profile: 'Здравоохранение, сестринское дело' },
  { name: 'ООО «Жигулёвский строительный трест»', profile: 'Строительство, отделочные работы' },
  { name: 'АО «Самарское авиаремонтное предприятие»', profile: 'Авиастроение, ремонт авиатехники' },
  { name: 'ООО «Волга-Логистик»', profile: 'Логистика, складское хозяйство' },
  { name: 'ООО «ИТ-парк Поволжья»', profile: 'Информационные технологии, программирование' },
];

function subjectsOf(
  position: Position,
  kind: OrganizationKind,
  random: ReturnType<typeof seededRandom>,
): Subject[] {
  switch (position) {
    case 'teacher':
      return random.some(SCHOOL_SUBJECTS, 1, 2);
    case 'general-subject-lecturer':
      return [random.pick(['mathematics', 'physics', 'russian-language', 'history'] as const)];
    case 'special-discipline-lecturer':
    case 'industrial-training-master':
      return ['vocational-training'];
    case 'preschool-teacher':
      return ['preschool-education'];
    case 'additional-education-teacher':
      return ['additional-education'];
    case 'speech-therapist':
    case 'educational-psychologist':
      return ['special-education'];
    case 'head':
      return ['management'];
    default:
      return [kind === 'preschool' ? 'preschool-education' : 'upbringing'];
  }
}

/**
 * A number in [0, 1) drawn from a hash of the region, the seed and a key: the same for the same
 * arguments, and independent of the plan's random sequence, so a draw added later moves no value
 * planned before it.
 */
function fractionOf(plan: Pick<RegionPlan, 'region' | 'seed'>, ...key: (string | number)[]): number {
  return (
    createHash('sha256')
      .update([plan.region, plan.seed, ...key].join('/'))
      .digest()
      .readUIntBE(0, 6) /
    2 ** 48
  );
}

/** The share of a region's teachers who take the year's diagnostics (the monitoring, or on their own). */
export const DIAGNOSTICS_TURNOUT = 0.85;
/** Of the teachers with a deficit, the share whose trajectory (ИОМ) the year's load proposes. */
export const TRAJECTORY_SHARE = 0.7;

/**
 * How a teacher of the plan does in the year's diagnostics: whether it takes part, and which
 * competencies it is weak in (it answers their items wrong, so they come out as deficits). Drawn
 * from a hash of the region, seed, teacher and competency rather than from the plan's random
 * sequence: the same every time, and adding it changed no value planned before it. Some
 * competencies are weak far more often than others (from about 4 % to 30 % of the teachers), as the
 * seed's deficits are spread: a few typical deficits and a long tail.
 */
export function diagnosticsOf(
  plan: Pick<RegionPlan, 'region' | 'seed'>,
  teacher: Pick<PlannedTeacher, 'snils'>,
) {
  const fraction = (...key: (string | number)[]) => fractionOf(plan, ...key);
  return {
    takesPart: fraction('turnout', teacher.snils) < DIAGNOSTICS_TURNOUT,
    isWeakIn: (competency: string) =>
      fraction('weak', teacher.snils, competency) < 0.04 + 0.26 * fraction('competency', competency),
    trajectoryProposed: fraction('trajectory', teacher.snils) < TRAJECTORY_SHARE,
  };
}

/** The id of the demo's diagnostics attempt of a teacher in a year: a load run again repeats it, which counts once. */
export function attemptIdOf(plan: Pick<RegionPlan, 'region' | 'seed'>, snils: string, year: number): string {
  return uuidV5([plan.region, plan.seed, 'attempt', year, snils].join('/'), DEMO_NAMESPACE);
}

/** The id of the region's yearly monitoring campaign of a year, as the demo opens it. */
export function campaignIdOf(plan: Pick<RegionPlan, 'region' | 'seed'>, year: number): string {
  return uuidV5([plan.region, plan.seed, 'campaign', year].join('/'), DEMO_NAMESPACE);
}

/**
 * The yearly monitoring running on a day, if any: the monitoring of year Y runs from December of Y
 * to May of Y + 1 (seed 003), so on 2026-12-03 it is 2026's, on 2027-03-01 still 2026's, and from
 * June to November none runs (teachers then take the diagnostics on their own).
 */
export function monitoringSeasonOn(today: string): number | null {
  const [year, month] = today.split('-').map(Number) as [number, number];
  if (month === 12) return year;
  if (month <= 5) return year - 1;
  return null;
}

/** Of the teachers, the share who apply to a course of the year (one each). */
export const COURSE_APPLICANTS = 0.4;

/**
 * A teacher's course of the year, if it applies to one: the program (among the plan's programs for
 * its position, the hash's choice), the funding route (the voucher for a voucher-eligible program,
 * mostly; else the employer), whether it completes, and its feedback (ratings 3–5, or none). Drawn
 * from a hash like diagnosticsOf, so the same every time and no earlier value moved.
 */
export function courseOf(
  plan: Pick<RegionPlan, 'region' | 'seed' | 'programs'>,
  teacher: Pick<PlannedTeacher, 'snils' | 'position'>,
) {
  const fraction = (...key: (string | number)[]) => fractionOf(plan, ...key);
  const fitting = plan.programs.filter((p) => p.targetPositions.includes(teacher.position));
  if (fitting.length === 0 || fraction('applies', teacher.snils) >= COURSE_APPLICANTS) return null;
  const program = fitting[Math.floor(fraction('program', teacher.snils) * fitting.length)]!;
  const rating = (aspect: string) => 3 + Math.floor(fraction('rating', teacher.snils, aspect) * 3);
  return {
    program,
    route:
      program.voucherEligible && fraction('route', teacher.snils) < 0.85
        ? ('voucher' as const)
        : ('employer' as const),
    completes: fraction('completes', teacher.snils) < 0.9,
    feedback:
      fraction('feedback', teacher.snils) < 0.6
        ? {
            content: rating('content'),
            practiceOrientation: rating('practice'),
            teachers: rating('teachers'),
            organization: rating('organization'),
          }
        : null,
  };
}

/** The id of the demo's offering (поток) of a program in a year. */
export function offeringIdOf(
  plan: Pick<RegionPlan, 'region' | 'seed'>,
  programId: string,
  year: number,
): string {
  return uuidV5([plan.region, plan.seed, 'offering', year, programId].join('/'), DEMO_NAMESPACE);
}
