import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { v5 as uuidV5 } from 'uuid';

const KEY_FORMAT = /^[0-9a-fA-F]{64}$/;

let teacherIdKey: Buffer | undefined; // read once, on first use

/**
 * The secret key of teacher ids, read once on first use: from the file TEACHER_ID_KEY_FILE names
 * (the local stack generates `.local/keys/teacher-ids.key` and names it; the file wins when both are
 * set) or from TEACHER_ID_KEY, 64 hex digits (32 bytes) either way. It lives outside the event
 * store and the code; without it no teacher id can be made, so there is no fallback.
 */
function keyFromEnvironment(): Buffer {
  if (teacherIdKey) return teacherIdKey;
  const file = process.env['TEACHER_ID_KEY_FILE'];
  const inline = process.env['TEACHER_ID_KEY'];
  let hex: string;
  let source: string;
  if (file) {
    try {
      hex = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new Error(`TEACHER_ID_KEY_FILE=${file} cannot be read: ${(error as Error).message}`);
    }
    source = `the file TEACHER_ID_KEY_FILE=${file}`;
  } else if (inline) {
    hex = inline.trim();
    source = 'TEACHER_ID_KEY';
  } else {
    throw new Error(
      'No teacher id key: set TEACHER_ID_KEY_FILE (path to a file holding 64 hex digits) or TEACHER_ID_KEY (the 64 hex digits)',
    );
  }
  if (!KEY_FORMAT.test(hex)) {
    throw new Error(
      `The teacher id key in ${source} must be 64 hex digits (32 bytes), got ${hex.length} characters`,
    );
  }
  teacherIdKey = Buffer.from(hex, 'hex');
  return teacherIdKey;
}

/**
 * A teacher's id from the natural key, so a re-run of an import finds the same record:
 * HMAC-SHA256 under the teacher id key (TEACHER_ID_KEY_FILE or TEACHER_ID_KEY) of
 * `${region}/teacher/${snilsDigits}`, its first 16 bytes as a UUID version 8. Keyed, because there
 * are only about 10^9 СНИЛС: an unkeyed hash (a UUID v5 in a namespace in the code) is reversed by
 * trying them all, from any id in a public event or read model, even after the teacher's personal
 * data is erased. Without the key the id gives the СНИЛС back to no one, so it may travel where
 * the СНИЛС may not. The key must never change once ids are issued: a re-imported teacher would
 * get a second record beside the first.
 */
export function teacherIdOf(region: string, snilsDigits: string): string {
  return teacherIdUnder(keyFromEnvironment(), region, snilsDigits);
}

/** teacherIdOf under a given key (32 bytes); for tests and for checking a key. */
export function teacherIdUnder(key: Uint8Array, region: string, snilsDigits: string): string {
  const bytes = createHmac('sha256', key)
    .update(`${region}/teacher/${snilsDigits}`, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8 (RFC 9562 §5.8)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
