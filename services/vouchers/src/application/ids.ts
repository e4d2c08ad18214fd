import { v5 as uuidV5 } from 'uuid';

/** Namespace of voucher ids. Never change it: a teacher's voucher of a year is always the same id. */
const VOUCHER_IDS = '2b7e5c94-1d3f-4a86-9e20-6c8f1a4d7b35';

/** A teacher's voucher of a cycle: one per (teacher, year), found again by whoever asks. */
export const voucherIdOf = (teacherId: string, year: number) => uuidV5(`${teacherId}/${year}`, VOUCHER_IDS);

/** Namespace of provider contract ids. Never change it. */
const CONTRACT_IDS = '8e3f1c6a-4b2d-4f97-a05e-7d9c2b4e6f13';

/** A provider's contract of a year: one per (region, year, provider), so a reservation finds it. */
export const contractIdOf = (region: string, year: number, providerId: string) =>
  uuidV5(`${region}/${year}/${providerId}`, CONTRACT_IDS);
