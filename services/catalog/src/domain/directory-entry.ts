import { DomainConflict, DomainError } from '@pk/kernel';
import { type DirectoryName, directoryId } from './directory-id';

/**
 * What registering or updating a directory entry comes to, given what the entry holds now. The
 * same rules for every directory: a register or update that changes nothing decides nothing (so a
 * retried request and a re-run import are harmless), a known entry is changed only by update, and
 * an entry never moves to another region (other services keep it under the region it was
 * registered in).
 */
export type EntryChange = 'new' | 'changed' | 'unchanged';

type Directory = Exclude<DirectoryName, 'program'>;
type KeyedRecord = { readonly region: string } & ({ readonly inn: string } | { readonly oktmo: string });

/**
 * What a register command knows of the directory besides the entry: which entry holds its natural
 * key already (null or absent: none), as the command layer looked it up.
 */
export interface KeyHolder {
  readonly keyHolder?: string | null;
}

/** The natural key of each directory: the field holding it, and its name for people. */
const NATURAL_KEYS: Record<Directory, { readonly field: 'inn' | 'oktmo'; readonly name: string }> = {
  municipality: { field: 'oktmo', name: 'ОКТМО' },
  organization: { field: 'inn', name: 'ИНН' },
  provider: { field: 'inn', name: 'ИНН' },
  'internship-site': { field: 'inn', name: 'ИНН' },
};

const keyOf = (directory: Directory, record: KeyedRecord) =>
  (record as unknown as Record<string, string>)[NATURAL_KEYS[directory].field]!;

/**
 * Registering: a new entry is entered only under the id derived from its region and natural key
 * (directoryId), so a client, an import and a re-run all name one entry; and not when the key is
 * already held by another entry (registered under another id before the rule): that is the same
 * legal entity (or municipality) twice. `keyHolder` is the id of the entry holding the key, as the
 * directories read model knows it, or null.
 */
export function registration<TRecord extends KeyedRecord>(
  directory: Directory,
  id: string,
  current: TRecord | null,
  requested: TRecord,
  keyHolder: string | null = null,
): EntryChange {
  if (current === null) {
    const { name } = NATURAL_KEYS[directory];
    const key = keyOf(directory, requested);
    const derived = directoryId(directory, requested.region, key);
    if (id !== derived) {
      throw new DomainError(
        `${directory}-id-not-derived`,
        `a ${directory}'s id is derived from its region and ${name}: ${name} ${key} in region ${requested.region} is ${directory} ${derived}, not ${id} (npm run directory-id -- --region ${requested.region} ${directory} ${key})`,
      );
    }
    if (keyHolder !== null && keyHolder !== id) {
      throw new DomainConflict(
        `${directory}-key-registered`,
        `${name} ${key} is already in the directory of region ${requested.region} as ${directory} ${keyHolder}; change that entry with an update`,
      );
    }
    return 'new';
  }
  if (sameData(current, requested)) return 'unchanged';
  throw new DomainError(
    `${directory}-already-registered`,
    `запись ${id} справочника ${directory} уже есть с другими данными; изменяйте её обновлением`,
  );
}

export function update<TRecord extends KeyedRecord>(
  directory: Directory,
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
  // the key is what the entry is (and what its id derives from): another key is another entry
  if (keyOf(directory, current) !== keyOf(directory, requested)) {
    const { name, field } = NATURAL_KEYS[directory];
    throw new DomainError(
      `${directory}-${field}-fixed`,
      `${directory} ${id} has ${name} ${keyOf(directory, current)}, not ${keyOf(directory, requested)}: an entry's ${name} never changes; register the other ${name} as an entry of its own`,
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
