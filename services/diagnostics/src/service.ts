import { z } from 'zod';
import { defineService, IMPORT_SETTINGS, setting } from '@pk/service-runtime';
import { keyEncryptionKeysFromSettings } from './application/key-encryption-keys';
import { PostgresPersonalDataKeys } from './application/personal-data-keys';
import { DiagnosticsModule } from './diagnostics.module';
import { PRIVATE_EVENTS } from './private-events';
import { teacherProfiles } from './projections/profile.projection';
import { frdoCompletions } from './projections/frdo-completions/frdo-completions.projection';
import { programReplica } from './projections/program-replica.projection';
import { teacherDirectory } from './projections/teacher-directory/teacher-directory.projection';
import { teacherRoster } from './projections/teacher-roster/teacher-roster.projection';
import { teacherOverdue } from './projections/teacher-overdue/teacher-overdue.projection';
import { trajectoryReplicas } from './projections/trajectory-replicas.projection';

/**
 * The diagnostics service: teachers with sealed personal data, assessment and profiles, trajectories;
 * its read models (the roster, profiles) and its replicas (the catalog's register; the teachers and
 * deficits of its own topic, which trajectories read as any consumer would).
 */
export const service = defineService({
  context: 'diagnostics',
  module: DiagnosticsModule,
  readModels: [
    teacherRoster,
    teacherOverdue,
    teacherProfiles,
    programReplica,
    trajectoryReplicas,
    teacherDirectory,
    frdoCompletions,
  ],
  privateEvents: PRIVATE_EVENTS,
  defaultPort: 3105,
  // the wrapped keys' tables (and retired KEKs destroyed), as the module does when it starts
  migrations: [
    ({ pool }) => new PostgresPersonalDataKeys(pool, keyEncryptionKeysFromSettings()).onModuleInit(),
  ],
  settings: [
    ...IMPORT_SETTINGS,
    setting({
      name: 'TEACHER_ID_KEY',
      meaning:
        'The secret that derives teacher ids from СНИЛС (HMAC); never replaced, or re-imported teachers get second records.',
      expected: '64 hex digits (32 bytes)',
      schema: z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F]{64}$/, { message: 'not 64 hex digits' }),
      secret: true,
    }),
    setting({
      name: 'PERSONAL_DATA_KEK_DIR',
      meaning:
        "The folder of the key-encryption keys that wrap teachers' personal-data keys (crypto-shredding).",
      expected: 'a path to a writable folder',
      schema: z.string().trim().min(1),
    }),
  ],
});
