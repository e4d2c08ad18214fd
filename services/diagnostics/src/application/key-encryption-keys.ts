import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { requiredSetting } from '@pk/service-runtime';

/** A key to wrap, or a wrapped one, with the context it is bound to (a teacher's id). */
export interface WrappingItem {
  readonly bytes: Buffer;
  /** Authenticated with the wrapping: a wrapped key moved to another teacher's row does not unwrap. */
  readonly context: string;
}

/** The store does not hold the key-encryption key: it was destroyed, or never made. */
export class KeyEncryptionKeyMissing extends Error {
  override readonly name = 'KeyEncryptionKeyMissing';
  constructor(readonly kekId: string) {
    super(`the key-encryption key ${kekId} is not in the store: what it wrapped cannot be read`);
  }
}

/**
 * Key-encryption keys (KEKs), kept outside the database, that wrap the teachers' personal-data
 * keys before the database sees them; destroying one here is what makes an erasure hold against
 * the database's own files (dead row versions, WAL, backups), which only ever held wrapped keys.
 * The store must be able to destroy a key for good, so it is writable, and it never hands a key
 * out: callers ask it to wrap and unwrap. That is the shape of a KMS or of Vault's transit engine,
 * which production uses in place of the folder below (one named key per KEK id: create, encrypt
 * and decrypt in batches with the context as associated data, delete); this port is what changes.
 */
export abstract class KeyEncryptionKeys {
  /** Makes the key unless the store holds it already (idempotent: a retry keeps the first one). */
  abstract create(kekId: string): Promise<void>;
  /** Wraps each key under the KEK; throws KeyEncryptionKeyMissing when the store has none. */
  abstract wrap(kekId: string, keys: readonly WrappingItem[]): Promise<Buffer[]>;
  /** Unwraps each key; throws KeyEncryptionKeyMissing when the KEK is gone, and on a forged one. */
  abstract unwrap(kekId: string, wrapped: readonly WrappingItem[]): Promise<Buffer[]>;
  /** Destroys the KEK for good (idempotent: a missing one is fine). */
  abstract destroy(kekId: string): Promise<void>;
}

const KEK_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEK_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const KEK_FORMAT = /^[0-9a-f]{64}$/;
const KEK_CACHE_MS = 5_000;

/**
 * KEKs as files of a folder, one per KEK (64 hex digits, mode 0600): the local stack's store
 * (`.local/keys/personal-data-keks`), named by PERSONAL_DATA_KEK_DIR. Wraps with AES-256-GCM:
 * a random IV, the context as associated data; a wrapped key is IV ‖ ciphertext ‖ tag, 60 bytes.
 * Destroying overwrites the file with zeros, syncs, and unlinks it; a file system, unlike a KMS,
 * does not promise that no copy of the blocks survives (journals, SSD remapping), so production
 * keeps its KEKs in a KMS or Vault; and the backups of whichever store is used must expire within the
 * erasure bound (services/diagnostics/README.md).
 */
export class KeyEncryptionKeyDirectory extends KeyEncryptionKeys {
  /**
   * KEKs read in the last moments: a file of 1 000 teachers spans all 256 buckets, and reading each
   * KEK's file for each batch would cost more than the wrapping. A KEK another replica destroys
   * lingers here that long at most (this process's memory, never a file); one this store destroys
   * goes at once.
   */
  private readonly recent = new Map<string, { readonly kek: Buffer; readonly until: number }>();

  constructor(private readonly directory: string) {
    super();
  }

  async create(kekId: string): Promise<void> {
    const file = this.fileOf(kekId);
    if ((await this.names()).includes(path.basename(file))) return;
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    // written whole under a name of its own, then linked into place: a reader never sees half a
    // key, and of two replicas making the same KEK at once the first link wins for both
    const draft = path.join(this.directory, `.${kekId}.${randomUUID()}.draft`);
    const handle = await open(draft, 'wx', 0o600);
    try {
      await handle.writeFile(randomBytes(KEK_BYTES).toString('hex'));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(draft);
    }
    await this.syncDirectory();
  }

  async wrap(kekId: string, keys: readonly WrappingItem[]): Promise<Buffer[]> {
    const kek = await this.read(kekId);
    return keys.map(({ bytes, context }) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      return Buffer.concat([iv, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
    });
  }

  async unwrap(kekId: string, wrapped: readonly WrappingItem[]): Promise<Buffer[]> {
    const kek = await this.read(kekId);
    return wrapped.map(({ bytes, context }) => {
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error(`a wrapped key under ${kekId} is too short`);
      const decipher = createDecipheriv('aes-256-gcm', kek, bytes.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    });
  }

  async destroy(kekId: string): Promise<void> {
    this.recent.get(kekId)?.kek.fill(0);
    this.recent.delete(kekId);
    // out of its name first, so a reader finds it missing rather than half overwritten; then its
    // bytes are overwritten where they lie, and the file goes — with any a crash left half destroyed
    try {
      await rename(this.fileOf(kekId), path.join(this.directory, `.${kekId}.${randomUUID()}.destroyed`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // a draft a crashed create left may be a second name of the KEK's file (linked, not yet unlinked)
    const doomed = (await this.names()).filter(
      (name) => name.startsWith(`.${kekId}.`) && (name.endsWith('.destroyed') || name.endsWith('.draft')),
    );
    for (const name of doomed) await this.shred(path.join(this.directory, name));
    if (doomed.length > 0) await this.syncDirectory();
  }

  /** Overwrites the file's bytes, then unlinks it; one another destroyer shreds first is gone already. */
  private async shred(file: string): Promise<void> {
    try {
      const handle = await open(file, constants.O_RDWR);
      try {
        const { size } = await handle.stat();
        await handle.write(Buffer.alloc(size), 0, size, 0);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private async names(): Promise<string[]> {
    try {
      return await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async read(kekId: string): Promise<Buffer> {
    const recent = this.recent.get(kekId);
    if (recent !== undefined && recent.until > performance.now()) return recent.kek;
    const kek = await this.readFile(kekId);
    const now = performance.now();
    for (const [id, { kek: old, until }] of this.recent) {
      if (until <= now) {
        old.fill(0);
        this.recent.delete(id);
      }
    }
    this.recent.set(kekId, { kek, until: now + KEK_CACHE_MS });
    return kek;
  }

  private async readFile(kekId: string): Promise<Buffer> {
    let text: string;
    try {
      text = await readFile(this.fileOf(kekId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new KeyEncryptionKeyMissing(kekId);
      throw error;
    }
    // opened just before a destroy renamed it, read just after it was zeroed: being destroyed
    if (text.includes('\0')) throw new KeyEncryptionKeyMissing(kekId);
    const hex = text.trim();
    if (!KEK_FORMAT.test(hex)) throw new Error(`the key-encryption key ${kekId} is not 64 hex digits`);
    return Buffer.from(hex, 'hex');
  }

  private fileOf(kekId: string): string {
    if (!KEK_ID.test(kekId))
      throw new Error(`a key-encryption key id is lower-case letters, digits and dashes: ${kekId}`);
    return path.join(this.directory, `${kekId}.key`);
  }

  // the new or removed name survives a crash only once the folder itself is synced
  private async syncDirectory(): Promise<void> {
    const folder = await open(this.directory, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

/** The service's KEK store: the folder PERSONAL_DATA_KEK_DIR names (a KMS would plug in here). */
export function keyEncryptionKeysFromSettings(): KeyEncryptionKeys {
  return new KeyEncryptionKeyDirectory(
    requiredSetting('PERSONAL_DATA_KEK_DIR', 'the folder of the key-encryption keys of personal data'),
  );
}
