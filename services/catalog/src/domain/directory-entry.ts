import { DomainError } from '@pk/kernel';
import type { DirectoryName } from './directory-id';

/**
 * What registering or updating a directory entry comes to, given what the entry holds now. The
 * same rules for every directory: a register or update that changes nothing decides nothing (so a
 * retried request and a re-run import are harmless), a known entry is changed only by update, and
 * an entry never moves to another region (other services keep it under the region it was
 * registered in).
 */
export type EntryChange = 'new' | 'changed' | 'unchanged';

export function registration<TRecord extends { readonly region: string }>(
  directory: Exclude<DirectoryName, 'program'>,
  id: string,
  current: TRecord | null,
  requested: TRecord,
): EntryChange {
  if (current === null) return 'new';
  if (sameData(current, requested)) return 'unchanged';
  throw new DomainError(
    `${directory}-already-registered`,
    `запись ${id} справочника ${directory} уже есть с другими данными; изменяйте её обновлением`,
  );
}

export function update<TRecord extends { readonly region: string }>(
  directory: Exclude<DirectoryName, 'program'>,
  id: string,
  current: TRecord | null,
  requested: TRecord,
): EntryChange {
  if (current === null) {
    throw new DomainError(`${directory}-not-registered`, `записи ${id} нет в справочнике ${directory}`);
  }
  if (current.region !== requested.region) {
    throw new DomainError(
      `${directory}-region-fixed`,
      `запись ${id} справочника ${directory} относится к региону ${current.region} и не может перейти в регион ${requested.region}`,
    );
  }
  return sameData(current, requested) ? 'unchanged' : 'changed';
}

/**
 * Deep equality of event data, blind to key order: a stored record comes back from PostgreSQL's
 * jsonb with its keys reordered. Arrays compare in order (a list's order is part of the record).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
