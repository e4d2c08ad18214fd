// A region's year of money, added up from ledger documents: one function for the read model's query
// and the auditor's replay, so a total can differ between them only if their documents do.

export interface YearDocuments {
  readonly budget?: { readonly amount?: number; readonly allotted?: number } | null;
  readonly tariff?: { readonly costPerHour?: { variable: number; internship: number } } | null;
  readonly allotments: readonly { municipalityId: string; allotment?: number; committed?: number }[];
  readonly contracts: readonly { providerId: string; region: string; year: number }[];
  /** Blocks of the year; only reserved and redeemed ones with a contracted provider carry money. */
  readonly blocks: readonly {
    region: string;
    year: number;
    state: string;
    providerId: string | null;
    municipalityId: string;
    amount: number;
  }[];
}

export interface MunicipalityMoney {
  readonly municipalityId: string;
  allotment: number;
  committed: number;
  reserved: number;
  redeemed: number;
}

export interface ProviderMoney {
  readonly providerId: string;
  contracts: number;
  reserved: number;
  redeemed: number;
}

export interface YearTotals {
  readonly region: string;
  readonly year: number;
  readonly budget: number;
  readonly allotted: number;
  readonly costPerHour: { variable: number; internship: number } | null;
  readonly committed: number;
  readonly reserved: number;
  readonly spent: number;
  readonly municipalities: MunicipalityMoney[];
  readonly providers: ProviderMoney[];
}

export function addUpYear(region: string, year: number, documents: YearDocuments): YearTotals {
  const municipalities = new Map<string, MunicipalityMoney>();
  const municipality = (municipalityId: string) => {
    const found = municipalities.get(municipalityId) ?? {
      municipalityId,
      allotment: 0,
      committed: 0,
      reserved: 0,
      redeemed: 0,
    };
    municipalities.set(municipalityId, found);
    return found;
  };
  for (const allotment of documents.allotments) {
    const entry = municipality(allotment.municipalityId);
    entry.allotment = allotment.allotment ?? 0;
    entry.committed = allotment.committed ?? 0;
  }
  const providers = new Map<string, ProviderMoney>();
  for (const contract of documents.contracts) {
    if (contract.region !== region || contract.year !== year) continue;
    const entry = providers.get(contract.providerId) ?? {
      providerId: contract.providerId,
      contracts: 0,
      reserved: 0,
      redeemed: 0,
    };
    entry.contracts += 1;
    providers.set(contract.providerId, entry);
  }
  for (const block of documents.blocks) {
    if (block.region !== region || block.year !== year || block.providerId === null) continue;
    if (block.state !== 'reserved' && block.state !== 'redeemed') continue;
    const provider = providers.get(block.providerId);
    if (!provider) continue; // every reservation names a contract of the year: a block without is no one's money
    provider[block.state] += block.amount;
    municipality(block.municipalityId)[block.state] += block.amount;
  }
  const sum = <T>(values: Iterable<T>, pick: (value: T) => number) =>
    [...values].reduce((total, value) => total + pick(value), 0);
  const byId =
    <T>(key: keyof T) =>
    (a: T, b: T) =>
      String(a[key]).localeCompare(String(b[key]));
  return {
    region,
    year,
    budget: documents.budget?.amount ?? 0,
    allotted: documents.budget?.allotted ?? 0,
    costPerHour: documents.tariff?.costPerHour ?? null,
    committed: sum(municipalities.values(), (m) => m.committed),
    reserved: sum(providers.values(), (p) => p.reserved),
    spent: sum(providers.values(), (p) => p.redeemed),
    municipalities: [...municipalities.values()].sort(byId('municipalityId')),
    providers: [...providers.values()].sort(byId('providerId')),
  };
}
