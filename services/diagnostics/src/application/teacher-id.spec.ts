import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { v5 as uuidV5 } from 'uuid';
import { teacherIdOf, teacherIdUnder } from './teacher-id';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SNILS = '11223344595';
/** The key teacherIdOf reads: deploy/test/jest/unit-env.js sets TEACHER_ID_KEY unless the shell gave one. */
const configuredKey = () =>
  Buffer.from(
    process.env['TEACHER_ID_KEY_FILE']
      ? readFileSync(process.env['TEACHER_ID_KEY_FILE'], 'utf8').trim()
      : process.env['TEACHER_ID_KEY']!,
    'hex',
  );

describe('teacherIdOf', () => {
  it('gives the same id for the same region and СНИЛС', () => {
    expect(teacherIdOf('63', SNILS)).toBe(teacherIdOf('63', SNILS));
  });

  it('differs by region and by СНИЛС', () => {
    expect(teacherIdOf('24', SNILS)).not.toBe(teacherIdOf('63', SNILS));
    expect(teacherIdOf('63', '22334455666')).not.toBe(teacherIdOf('63', SNILS));
  });

  it('is the keyed id under the configured key, and another under another key', () => {
    expect(teacherIdOf('63', SNILS)).toBe(teacherIdUnder(configuredKey(), '63', SNILS));
    const another = Buffer.alloc(32, 7);
    expect(teacherIdUnder(another, '63', SNILS)).not.toBe(teacherIdOf('63', SNILS));
  });

  it('is a lower-case UUID version 8 made of the HMAC-SHA256 of `<region>/teacher/<СНИЛС>`', () => {
    expect(teacherIdOf('63', SNILS)).toMatch(UUID_V8);
    const key = Buffer.alloc(32, 0x5a);
    const id = teacherIdUnder(key, '63', SNILS);
    expect(id).toMatch(UUID_V8);
    const mac = createHmac('sha256', key).update(`63/teacher/${SNILS}`).digest('hex');
    // all but the version nibble and the two variant bits come from the MAC
    const hex = id.replaceAll('-', '');
    expect(hex.slice(0, 12)).toBe(mac.slice(0, 12));
    expect(hex.slice(13, 16)).toBe(mac.slice(13, 16));
    expect(parseInt(hex[16]!, 16) & 0x3).toBe(parseInt(mac[16]!, 16) & 0x3);
    expect(hex.slice(17, 32)).toBe(mac.slice(17, 32));
  });

  it('is no longer the UUID v5 a СНИЛС could be brute-forced back from', () => {
    const formerNamespace = '4b7e2f90-1c3d-5e8a-9f06-7d2a4c6e8b13';
    expect(teacherIdOf('63', SNILS)).not.toBe(uuidV5(`63/teacher/${SNILS}`, formerNamespace));
  });
});
