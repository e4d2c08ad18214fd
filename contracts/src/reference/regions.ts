// The regions (субъекты Российской Федерации) the platform serves: the two-digit code every event,
// token and request names a region by, its name, and the time zone its calendar follows. Codes are
// the subjects' codes of the tax service's directory (ССРФ, as in ФИАС/ГАР): 63 Самарская область,
// 24 Красноярский край, 77 Москва, 93–95 and 90 for the subjects admitted in 2022.
//
// A region's days are the days of its own clock: a deadline "until 1 September" in Samara ends at
// midnight in Samara (UTC+4), not in Moscow or at UTC. A subject spanning several zones (Якутия,
// UTC+9…+11) follows the zone of its capital, where its ministry sits and its orders are dated.
// Zones are IANA names (tzdata, in Node's ICU), so a change of Russia's time law comes with a
// runtime update rather than an edit here.

export interface RegionFacts {
  /** The subject's name as the Constitution (art. 65) lists it. */
  readonly name: string;
  /** The IANA time zone of the region's calendar (its capital's). */
  readonly timeZone: string;
}

export const REGIONS = {
  '01': { name: 'Республика Адыгея (Адыгея)', timeZone: 'Europe/Moscow' },
  '02': { name: 'Республика Башкортостан', timeZone: 'Asia/Yekaterinburg' },
  '03': { name: 'Республика Бурятия', timeZone: 'Asia/Irkutsk' },
  '04': { name: 'Республика Алтай', timeZone: 'Asia/Barnaul' },
  '05': { name: 'Республика Дагестан', timeZone: 'Europe/Moscow' },
  '06': { name: 'Республика Ингушетия', timeZone: 'Europe/Moscow' },
  '07': { name: 'Кабардино-Балкарская Республика', timeZone: 'Europe/Moscow' },
  '08': { name: 'Республика Калмыкия', timeZone: 'Europe/Moscow' },
  '09': { name: 'Карачаево-Черкесская Республика', timeZone: 'Europe/Moscow' },
  '10': { name: 'Республика Карелия', timeZone: 'Europe/Moscow' },
  '11': { name: 'Республика Коми', timeZone: 'Europe/Moscow' },
  '12': { name: 'Республика Марий Эл', timeZone: 'Europe/Moscow' },
  '13': { name: 'Республика Мордовия', timeZone: 'Europe/Moscow' },
  '14': { name: 'Республика Саха (Якутия)', timeZone: 'Asia/Yakutsk' },
  '15': { name: 'Республика Северная Осетия — Алания', timeZone: 'Europe/Moscow' },
  '16': { name: 'Республика Татарстан (Татарстан)', timeZone: 'Europe/Moscow' },
  '17': { name: 'Республика Тыва', timeZone: 'Asia/Krasnoyarsk' },
  '18': { name: 'Удмуртская Республика', timeZone: 'Europe/Samara' },
  '19': { name: 'Республика Хакасия', timeZone: 'Asia/Krasnoyarsk' },
  '20': { name: 'Чеченская Республика', timeZone: 'Europe/Moscow' },
  '21': { name: 'Чувашская Республика — Чувашия', timeZone: 'Europe/Moscow' },
  '22': { name: 'Алтайский край', timeZone: 'Asia/Barnaul' },
  '23': { name: 'Краснодарский край', timeZone: 'Europe/Moscow' },
  '24': { name: 'Красноярский край', timeZone: 'Asia/Krasnoyarsk' },
  '25': { name: 'Приморский край', timeZone: 'Asia/Vladivostok' },
  '26': { name: 'Ставропольский край', timeZone: 'Europe/Moscow' },
  '27': { name: 'Хабаровский край', timeZone: 'Asia/Vladivostok' },
  '28': { name: 'Амурская область', timeZone: 'Asia/Yakutsk' },
  '29': { name: 'Архангельская область', timeZone: 'Europe/Moscow' },
  '30': { name: 'Астраханская область', timeZone: 'Europe/Astrakhan' },
  '31': { name: 'Белгородская область', timeZone: 'Europe/Moscow' },
  '32': { name: 'Брянская область', timeZone: 'Europe/Moscow' },
  '33': { name: 'Владимирская область', timeZone: 'Europe/Moscow' },
  '34': { name: 'Волгоградская область', timeZone: 'Europe/Volgograd' },
  '35': { name: 'Вологодская область', timeZone: 'Europe/Moscow' },
  '36': { name: 'Воронежская область', timeZone: 'Europe/Moscow' },
  '37': { name: 'Ивановская область', timeZone: 'Europe/Moscow' },
  '38': { name: 'Иркутская область', timeZone: 'Asia/Irkutsk' },
  '39': { name: 'Калининградская область', timeZone: 'Europe/Kaliningrad' },
  '40': { name: 'Калужская область', timeZone: 'Europe/Moscow' },
  '41': { name: 'Камчатский край', timeZone: 'Asia/Kamchatka' },
  '42': { name: 'Кемеровская область — Кузбасс', timeZone: 'Asia/Novokuznetsk' },
  '43': { name: 'Кировская область', timeZone: 'Europe/Kirov' },
  '44': { name: 'Костромская область', timeZone: 'Europe/Moscow' },
  '45': { name: 'Курганская область', timeZone: 'Asia/Yekaterinburg' },
  '46': { name: 'Курская область', timeZone: 'Europe/Moscow' },
  '47': { name: 'Ленинградская область', timeZone: 'Europe/Moscow' },
  '48': { name: 'Липецкая область', timeZone: 'Europe/Moscow' },
  '49': { name: 'Магаданская область', timeZone: 'Asia/Magadan' },
  '50': { name: 'Московская область', timeZone: 'Europe/Moscow' },
  '51': { name: 'Мурманская область', timeZone: 'Europe/Moscow' },
  '52': { name: 'Нижегородская область', timeZone: 'Europe/Moscow' },
  '53': { name: 'Новгородская область', timeZone: 'Europe/Moscow' },
  '54': { name: 'Новосибирская область', timeZone: 'Asia/Novosibirsk' },
  '55': { name: 'Омская область', timeZone: 'Asia/Omsk' },
  '56': { name: 'Оренбургская область', timeZone: 'Asia/Yekaterinburg' },
  '57': { name: 'Орловская область', timeZone: 'Europe/Moscow' },
  '58': { name: 'Пензенская область', timeZone: 'Europe/Moscow' },
  '59': { name: 'Пермский край', timeZone: 'Asia/Yekaterinburg' },
  '60': { name: 'Псковская область', timeZone: 'Europe/Moscow' },
  '61': { name: 'Ростовская область', timeZone: 'Europe/Moscow' },
  '62': { name: 'Рязанская область', timeZone: 'Europe/Moscow' },
  '63': { name: 'Самарская область', timeZone: 'Europe/Samara' },
  '64': { name: 'Саратовская область', timeZone: 'Europe/Saratov' },
  '65': { name: 'Сахалинская область', timeZone: 'Asia/Sakhalin' },
  '66': { name: 'Свердловская область', timeZone: 'Asia/Yekaterinburg' },
  '67': { name: 'Смоленская область', timeZone: 'Europe/Moscow' },
  '68': { name: 'Тамбовская область', timeZone: 'Europe/Moscow' },
  '69': { name: 'Тверская область', timeZone: 'Europe/Moscow' },
  '70': { name: 'Томская область', timeZone: 'Asia/Tomsk' },
  '71': { name: 'Тульская область', timeZone: 'Europe/Moscow' },
  '72': { name: 'Тюменская область', timeZone: 'Asia/Yekaterinburg' },
  '73': { name: 'Ульяновская область', timeZone: 'Europe/Ulyanovsk' },
  '74': { name: 'Челябинская область', timeZone: 'Asia/Yekaterinburg' },
  '75': { name: 'Забайкальский край', timeZone: 'Asia/Chita' },
  '76': { name: 'Ярославская область', timeZone: 'Europe/Moscow' },
  '77': { name: 'г. Москва', timeZone: 'Europe/Moscow' },
  '78': { name: 'г. Санкт-Петербург', timeZone: 'Europe/Moscow' },
  '79': { name: 'Еврейская автономная область', timeZone: 'Asia/Vladivostok' },
  '83': { name: 'Ненецкий автономный округ', timeZone: 'Europe/Moscow' },
  '86': { name: 'Ханты-Мансийский автономный округ — Югра', timeZone: 'Asia/Yekaterinburg' },
  '87': { name: 'Чукотский автономный округ', timeZone: 'Asia/Anadyr' },
  '89': { name: 'Ямало-Ненецкий автономный округ', timeZone: 'Asia/Yekaterinburg' },
  '90': { name: 'Запорожская область', timeZone: 'Europe/Moscow' },
  '91': { name: 'Республика Крым', timeZone: 'Europe/Simferopol' },
  '92': { name: 'г. Севастополь', timeZone: 'Europe/Simferopol' },
  '93': { name: 'Донецкая Народная Республика', timeZone: 'Europe/Moscow' },
  '94': { name: 'Луганская Народная Республика', timeZone: 'Europe/Moscow' },
  '95': { name: 'Херсонская область', timeZone: 'Europe/Moscow' },
} as const satisfies Record<string, RegionFacts>;

export type KnownRegion = keyof typeof REGIONS;

/** Every region code, in the directory's order. */
export const REGION_CODES = Object.keys(REGIONS).sort() as KnownRegion[];

export function isRegionCode(code: string): code is KnownRegion {
  return Object.hasOwn(REGIONS, code);
}

/** A region code no entry of REGIONS holds. */
export class UnknownRegion extends Error {
  constructor(readonly code: string) {
    super(`${JSON.stringify(code)} is not the code of a region (субъект РФ) the platform knows`);
    this.name = 'UnknownRegion';
  }
}

/** The IANA time zone of the region's calendar; UnknownRegion for a code not in REGIONS. */
export function regionTimeZone(code: string): string {
  if (!isRegionCode(code)) throw new UnknownRegion(code);
  return REGIONS[code].timeZone;
}
