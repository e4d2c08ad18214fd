import { randomUUID } from 'node:crypto';
import { goldenExample, type PublicEvent, type PublicEventType } from '@pk/contracts';
import type { EventStore, NewEvent } from '@pk/kernel';

// Vouchers' own events as the write side stores them, built from the golden examples: what the read
// side's specs give (appended to the service's store, they reach its read models as the relay would
// publish them). Each helper appends at the stream's end and answers the data it stored.

type DataOf<TType extends PublicEventType> = Extract<PublicEvent, { type: TType }>['data'];

const ministry = { id: 'minister', role: 'ministry-admin' };
const system = { id: 'system:vouchers', role: 'system' };

export function storedEvent<TType extends PublicEventType>(
  type: TType,
  data: Partial<DataOf<TType>>,
  cause: { actor?: { id: string; role: string }; causationId?: string | null } = {},
): NewEvent & { data: DataOf<TType> } {
  const example = goldenExample(type);
  return {
    id: randomUUID(),
    type,
    schemaVersion: example.schemaVersion,
    data: { ...example.data, ...data } as DataOf<TType>,
    actor: cause.actor ?? system,
    correlationId: randomUUID(),
    causationId: cause.causationId ?? null,
  };
}

async function appendTo(store: EventStore, stream: string, event: NewEvent) {
  await store.append(stream, [event], 'any');
}

export interface TeacherPlace {
  readonly teacherId: string;
  readonly region: string;
  readonly municipalityId: string;
  readonly organizationId: string;
  readonly position?: 'teacher' | 'industrial-training-master';
  readonly organizationKind?: 'school' | 'vocational-college';
  readonly subjects?: string[];
}

export function teacherPlace(fields: Partial<TeacherPlace> = {}): TeacherPlace {
  return {
    teacherId: randomUUID(),
    region: '63',
    municipalityId: randomUUID(),
    organizationId: randomUUID(),
    ...fields,
  };
}

/** A voucher issued to a teacher: a 72-hour one at a school unless the place says otherwise. */
export async function issued(store: EventStore, place: TeacherPlace, year = 2026, voucherId = randomUUID()) {
  const ninety = place.position === 'industrial-training-master';
  const costPerHour = { variable: 250, internship: 300 };
  const blocks = ninety
    ? [
        { block: 1, kind: 'variable' as const, hours: 36, matchesProfile: false },
        { block: 2, kind: 'internship' as const, hours: 54, matchesProfile: false },
      ]
    : [
        { block: 1, kind: 'variable' as const, hours: 36, matchesProfile: true },
        { block: 2, kind: 'variable' as const, hours: 36, matchesProfile: true },
      ];
  const event = storedEvent(
    'vouchers.VoucherIssued',
    {
      voucherId,
      teacherId: place.teacherId,
      region: place.region,
      year,
      municipalityId: place.municipalityId,
      organizationId: place.organizationId,
      position: place.position ?? 'teacher',
      organizationKind: place.organizationKind ?? 'school',
      subjects: (place.subjects ?? ['mathematics']) as DataOf<'vouchers.VoucherIssued'>['subjects'],
      workProfile: '',
      category: ninety ? '90-hours' : '72-hours',
      blocks,
      costPerHour,
      amount: blocks.reduce((sum, b) => sum + b.hours * costPerHour[b.kind], 0),
    },
    { actor: ministry },
  );
  await appendTo(store, `voucher-${voucherId}`, event);
  return event.data;
}

type Voucher = DataOf<'vouchers.VoucherIssued'>;
export interface Course {
  readonly providerId: string;
  readonly contractId: string;
  readonly programId?: string;
  readonly matchesProfile?: boolean;
}

export async function reserved(store: EventStore, voucher: Voucher, block: 1 | 2, course: Course) {
  const issuedBlock = voucher.blocks.find((b) => b.block === block)!;
  const event = storedEvent('vouchers.BlockReserved', {
    voucherId: voucher.voucherId,
    teacherId: voucher.teacherId,
    region: voucher.region,
    year: voucher.year,
    block,
    kind: issuedBlock.kind,
    hours: issuedBlock.hours,
    requestId: randomUUID(),
    applicationId: randomUUID(),
    programId: course.programId ?? randomUUID(),
    offeringId: randomUUID(),
    providerId: course.providerId,
    contractId: course.contractId,
    matchesProfile: course.matchesProfile ?? true,
    amount: issuedBlock.hours * voucher.costPerHour[issuedBlock.kind],
  });
  await appendTo(store, `voucher-${voucher.voucherId}`, event);
  return event.data;
}

export async function redeemed(
  store: EventStore,
  reservation: DataOf<'vouchers.BlockReserved'>,
  completedOn: string,
) {
  const { matchesProfile: _m, ...rest } = reservation;
  const event = storedEvent('vouchers.BlockRedeemed', {
    ...rest,
    costPerHour: reservation.amount / reservation.hours,
    completedOn,
    certificateNumber: `63${completedOn.replaceAll('-', '')}`,
  });
  await appendTo(store, `voucher-${reservation.voucherId}`, event);
  return event.data;
}

export async function released(store: EventStore, reservation: DataOf<'vouchers.BlockReserved'>) {
  const { voucherId, teacherId, region, year, block, requestId, applicationId, providerId } = reservation;
  const event = storedEvent('vouchers.BlockReleased', {
    voucherId,
    teacherId,
    region,
    year,
    block,
    requestId,
    applicationId,
    providerId,
    cause: 'cancelled',
    reason: 'Заявка отменена',
  });
  await appendTo(store, `voucher-${voucherId}`, event);
  return event.data;
}

export async function expired(store: EventStore, voucher: Voucher, blocks: (1 | 2)[]) {
  const event = storedEvent('vouchers.VoucherExpired', {
    voucherId: voucher.voucherId,
    teacherId: voucher.teacherId,
    region: voucher.region,
    year: voucher.year,
    municipalityId: voucher.municipalityId,
    expiredBlocks: blocks,
    unspentAmount: voucher.blocks
      .filter((b) => (blocks as number[]).includes(b.block))
      .reduce((sum, b) => sum + b.hours * voucher.costPerHour[b.kind], 0),
  });
  await appendTo(store, `voucher-${voucher.voucherId}`, event);
  return event.data;
}

export async function contractSigned(store: EventStore, providerId: string, region = '63', year = 2026) {
  const contractId = randomUUID();
  const event = storedEvent(
    'vouchers.ProviderContractSigned',
    { contractId, providerId, region, year, number: `ИОЧ-${year}-${contractId.slice(0, 4)}` },
    { actor: ministry },
  );
  await appendTo(store, `provider-contract-${contractId}`, event);
  return event.data;
}

/** The year's budget, and one municipality's allotment with the vouchers committed on it. */
export async function budgeted(
  store: EventStore,
  fields: {
    region: string;
    year: number;
    budget: number;
    municipalityId: string;
    allotment: number;
    committed: number;
  },
) {
  const { region, year, budget, municipalityId, allotment, committed } = fields;
  await appendTo(
    store,
    `budget-${region}-${year}`,
    storedEvent('vouchers.BudgetSet', { region, year, amount: budget, allotted: 0 }, { actor: ministry }),
  );
  await appendTo(
    store,
    `budget-${region}-${year}`,
    storedEvent(
      'vouchers.BudgetAllotted',
      {
        region,
        year,
        municipalityId,
        amount: allotment,
        municipalityAllotted: allotment,
        allotted: allotment,
      },
      { actor: ministry },
    ),
  );
  const stream = `allotment-${region}-${year}-${municipalityId}`;
  await appendTo(
    store,
    stream,
    storedEvent('vouchers.AllotmentCredited', {
      region,
      year,
      municipalityId,
      amount: allotment,
      allotment,
      committed: 0,
    }),
  );
  const commitment = goldenExample('vouchers.VouchersCommitted').data;
  await appendTo(
    store,
    stream,
    storedEvent('vouchers.VouchersCommitted', {
      region,
      year,
      municipalityId,
      // a voucher of its own each time: the service's reaction issues what a commitment names
      vouchers: commitment.vouchers.map((v) => ({
        ...v,
        voucherId: randomUUID(),
        teacherId: randomUUID(),
        organizationId: randomUUID(),
      })),
      amount: committed,
      committed,
      allotment,
    }),
  );
}
