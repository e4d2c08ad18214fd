import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import type { SealedPersonalData } from '../domain/teacher.decider';

/** What 152-ФЗ protects of a teacher; kept only sealed, under the teacher's own key. */
export interface PersonalData {
  readonly lastName: string;
  readonly firstName: string;
  /** Empty when the person has none. */
  readonly patronymic: string;
  /** 11 digits, no formatting. */
  readonly snils: string;
  /** Empty when unknown. */
  readonly email: string;
  /** Empty when unknown. */
  readonly phone: string;
}

export const PERSONAL_DATA_FIELDS = [
  'lastName',
  'firstName',
  'patronymic',
  'snils',
  'email',
  'phone',
] as const;

/** A key's length for AES-256. */
export const KEY_BYTES = 32;

/**
 * Seals personal data with AES-256-GCM under the teacher's key, bound to the key's id (the
 * additional data), so a seal copied to another teacher's stream does not open there.
 *
 * Why the IV is derived (an HMAC of the text under a subkey) and not random: the same data sealed
 * twice must give the same seal, or the decider could not tell a re-imported row from a change and
 * every re-run would append a new event. A GCM nonce may repeat only for the same text, which this
 * guarantees (a synthetic IV); what it reveals is only that two seals of one teacher hold the same
 * data. Encryption and IV derivation use separate subkeys (HKDF) of the teacher's key.
 */
export function sealPersonalData(key: Buffer, keyId: string, data: PersonalData): SealedPersonalData {
  const plaintext = Buffer.from(JSON.stringify(PERSONAL_DATA_FIELDS.map((field) => data[field])), 'utf8');
  const { encryption, ivDerivation } = subkeys(key);
  const iv = createHmac('sha256', ivDerivation).update(plaintext).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', encryption, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    keyId,
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a seal; throws when the key is not the one it was sealed under or the seal was altered. */
export function openPersonalData(key: Buffer, sealed: SealedPersonalData): PersonalData {
  // The whole 16-byte tag, always: Node would otherwise accept a tag cut to 4 bytes (32-bit integrity).
  const tag = Buffer.from(sealed.tag, 'base64');
  if (tag.length !== TAG_BYTES) throw new Error(`a seal's tag has ${TAG_BYTES} bytes, got ${tag.length}`);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    subkeys(key).encryption,
    Buffer.from(sealed.iv, 'base64'),
    {
      authTagLength: TAG_BYTES,
    },
  );
  decipher.setAAD(Buffer.from(sealed.keyId, 'utf8'));
  decipher.setAuthTag(tag);
  const plaintext = Buffer.concat([
    decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
    decipher.final(),
  ]).toString('utf8');
  const values = JSON.parse(plaintext) as string[];
  return Object.fromEntries(
    PERSONAL_DATA_FIELDS.map((field, index) => [field, values[index] ?? '']),
  ) as unknown as PersonalData;
}

const TAG_BYTES = 16;

function subkeys(key: Buffer) {
  if (key.length !== KEY_BYTES)
    throw new Error(`a personal-data key has ${KEY_BYTES} bytes, got ${key.length}`);
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `pk/diagnostics/personal-data/${info}`, KEY_BYTES));
  return { encryption: derive('aes-256-gcm'), ivDerivation: derive('synthetic-iv') };
}
