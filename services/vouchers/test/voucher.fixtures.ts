import type { ReservationRequestKey, VoucherIssuedV1 } from '@pk/contracts';
import { blocksOf, type ProgramFacts } from '../src/domain/entitlement';
import type { ContractFacts, ReserveBlock } from '../src/domain/voucher.decider';

/** Fixed ids, so a failing spec names the same records every run. */
export const ids = {
  voucher: '9d4e2b71-6c3a-4f85-b1e0-2a7c5d9f3e68',
  teacher: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  municipality: '7a1c3e59-2b8d-4f60-9c14-5e3a8d7b2f91',
  organization: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  provider: '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10',
  contract: '5c2a8e14-7f3b-4d96-a0e5-8b1d4c7f2a93',
  offering: 'f4c1a8e6-2d7b-4953-8e0a-5b3d9c6f1a27',
} as const;

export const tariff = { variable: 250, internship: 300 } as const;

/** A school's mathematics teacher's voucher of 2026: 72 hours, two variable blocks. */
export const issued72: VoucherIssuedV1 = {
  voucherId: ids.voucher,
  teacherId: ids.teacher,
  region: '63',
  year: 2026,
  municipalityId: ids.municipality,
  organizationId: ids.organization,
  position: 'teacher',
  organizationKind: 'school',
  subjects: ['mathematics'],
  workProfile: '',
  category: '72-hours',
  blocks: blocksOf('72-hours'),
  costPerHour: tariff,
  amount: 18_000,
};

/** A college's master of industrial training (welding): 90 hours, a variable and an internship block. */
export const issued90: VoucherIssuedV1 = {
  ...issued72,
  position: 'industrial-training-master',
  organizationKind: 'vocational-college',
  subjects: ['vocational-training'],
  workProfile: 'Сварочное производство',
  category: '90-hours',
  blocks: blocksOf('90-hours'),
  amount: 36 * 250 + 54 * 300,
};

/** An approved program of the register, for school teachers of mathematics, 36 hours. */
export function program(fields: Partial<ProgramFacts> = {}): ProgramFacts {
  return {
    programId: '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58',
    providerId: ids.provider,
    region: '63',
    kind: 'advanced-training',
    hours: 36,
    format: 'blended',
    targetPositions: ['teacher', 'industrial-training-master'],
    organizationTypes: ['school', 'vocational-college'],
    subjects: ['mathematics'],
    workProfile: '',
    voucherEligible: true,
    inRegister: true,
    ...fields,
  };
}

/** A request number n: ids of its own, so several requests can be told apart. */
export function request(n: number, fields: Partial<ReservationRequestKey> = {}): ReservationRequestKey {
  const hex = n.toString(16).padStart(12, '0');
  return {
    requestId: `10000000-0000-4000-8000-${hex}`,
    applicationId: `20000000-0000-4000-8000-${hex}`,
    programId: program().programId,
    offeringId: ids.offering,
    providerId: ids.provider,
    ...fields,
  };
}

/** The provider's contract of 2026 as a reservation sees it: in force from 15 January to year's end. */
export function contract(fields: Partial<ContractFacts> = {}): ContractFacts {
  return {
    contractId: ids.contract,
    active: true,
    validFrom: '2026-01-15',
    validUntil: '2026-12-31',
    ...fields,
  };
}

export function reserve(n: number, fields: Partial<ReserveBlock> = {}): ReserveBlock {
  return {
    type: 'ReserveBlock',
    voucherId: ids.voucher,
    region: '63',
    teacherId: ids.teacher,
    year: 2026,
    request: request(n),
    program: program(),
    contract: contract(),
    on: '2026-03-02',
    recordRefusal: false,
    ...fields,
  };
}
