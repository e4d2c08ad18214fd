import { v5 as uuidV5 } from 'uuid';

/**
 * Namespace of teacher ids (UUID v5). Fixed for ever: changing it would give every re-imported
 * teacher a second record beside the first.
 */
export const TEACHER_ID_NAMESPACE = '4b7e2f90-1c3d-5e8a-9f06-7d2a4c6e8b13';

/**
 * A teacher's id from the natural key, so a re-run of an import finds the same record:
 * UUID v5 of `${region}/teacher/${snilsDigits}`. One-way: the id never gives the СНИЛС back, so it
 * may travel in public events, where the СНИЛС may not.
 */
export function teacherIdOf(region: string, snilsDigits: string): string {
  return uuidV5(`${region}/teacher/${snilsDigits}`, TEACHER_ID_NAMESPACE);
}

/**
 * Namespace of the catalog's directory ids, copied from catalog's domain/directory-id.ts (another
 * service's code is not imported): an import may name a school by ИНН and a municipality by ОКТМО,
 * and gets the same ids the catalog's own import gave them.
 */
const CATALOG_DIRECTORY_NAMESPACE = '8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d';

export function catalogDirectoryId(directory: 'organization' | 'municipality', region: string, key: string) {
  return uuidV5(`${region}/${directory}/${key}`, CATALOG_DIRECTORY_NAMESPACE);
}
