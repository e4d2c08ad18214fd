import { v5 as uuidV5 } from 'uuid';

/**
 * Namespace of the catalog's directory ids (UUID v5). Fixed for ever: changing it would give every
 * re-imported entry a new aggregate beside its old one.
 */
export const DIRECTORY_ID_NAMESPACE = '8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d';

/** The directories whose entries have natural keys: ОКТМО for municipalities, ИНН for the others. */
export type DirectoryName = 'municipality' | 'organization' | 'provider' | 'internship-site' | 'program';

/**
 * The id of a directory entry, derived from its natural key: UUID v5 of `${region}/${directory}/${key}`
 * in DIRECTORY_ID_NAMESPACE. Keys: ОКТМО (municipality), ИНН (organization, provider, internship
 * site), `${providerInn}/${code}` (program). Part of the contract: the catalog registers a
 * directory entry only under this id, so an import and a client that knows the key find the same
 * entry (`npm run directory-id` prints it).
 */
export function directoryId(directory: DirectoryName, region: string, key: string): string {
  return uuidV5(`${region}/${directory}/${key}`, DIRECTORY_ID_NAMESPACE);
}
