import type { TeacherErasedV1, TeacherRecord } from '@pk/contracts';
import { defineAggregate, type DomainEvent, DomainError, unknownCommand } from '@pk/kernel';

/**
 * Personal data (names, СНИЛС, contacts) sealed under the teacher's own key (AES-256-GCM, base64).
 * The domain never sees it in clear: it only keeps the latest seal, to tell a new one from a repeat
 * (sealing is deterministic for a given key and text, see personal-data-cipher.ts).
 */
export interface SealedPersonalData {
  /** The key it is sealed under: the teacher's, named by the teacher's id. */
  readonly keyId: string;
  readonly ciphertext: string;
  readonly iv: string;
  readonly tag: string;
}

/** The private event's data: stored in diagnostics' event store only, never published (152-ФЗ). */
export interface TeacherPersonalDataRecordedV1 extends SealedPersonalData {
  readonly teacherId: string;
  readonly region: string;
}

/** Enters a teacher in the region's records with their personal data; refused if known otherwise. */
export type RegisterTeacher = {
  readonly type: 'RegisterTeacher';
  readonly record: TeacherRecord;
  readonly personalData: SealedPersonalData;
};
/** Replaces a registered teacher's professional record with the whole record given. */
export type UpdateTeacher = { readonly type: 'UpdateTeacher'; readonly record: TeacherRecord };
/** Replaces a registered teacher's personal data. */
export type RecordPersonalData = {
  readonly type: 'RecordPersonalData';
  readonly teacherId: string;
  readonly personalData: SealedPersonalData;
};
/**
 * A row of a bulk import: the whole of what the region's file says of a teacher. Registers a new
 * teacher or brings a known one up to the row, in one decision, so a re-run of the same file
 * decides nothing and a half-applied row cannot happen.
 */
export type ImportTeacher = {
  readonly type: 'ImportTeacher';
  readonly record: TeacherRecord;
  readonly personalData: SealedPersonalData;
};
/**
 * Erasure on request (152-ФЗ): the key is destroyed beforehand by the application; this records it
 * publicly, so other services and the read models drop what they hold.
 */
export type EraseTeacher = { readonly type: 'EraseTeacher'; readonly teacherId: string };

export type TeacherCommand =
  RegisterTeacher | UpdateTeacher | RecordPersonalData | ImportTeacher | EraseTeacher;

export type TeacherEvent =
  | DomainEvent<'diagnostics.TeacherRegistered', TeacherRecord>
  | DomainEvent<'diagnostics.TeacherUpdated', TeacherRecord>
  | DomainEvent<'diagnostics.TeacherPersonalDataRecorded', TeacherPersonalDataRecordedV1>
  | DomainEvent<'diagnostics.TeacherErased', TeacherErasedV1>;

export interface TeacherState {
  /** The current professional record; null until registered. */
  readonly record: TeacherRecord | null;
  /** The latest sealed personal data; null until recorded. */
  readonly personalData: SealedPersonalData | null;
  readonly erased: boolean;
}

/** How many years a completed ПК counts: the federal right is one course every three years. */
export const TRAINING_PERIOD_YEARS = 3;

export const teacher = defineAggregate<TeacherState, TeacherCommand, TeacherEvent>({
  name: 'teacher',
  initialState: { record: null, personalData: null, erased: false },

  decide(command, state, { now }) {
    const { type } = command;
    switch (type) {
      case 'RegisterTeacher': {
        assertNotErased(state);
        assertRecordRules(command.record, now);
        if (state.record === null) return registration(command.record, command.personalData);
        if (
          sameData(state.record, command.record) &&
          samePersonalData(state.personalData, command.personalData)
        ) {
          return [];
        }
        throw new DomainError(
          'teacher-already-registered',
          `педагог ${command.record.teacherId} уже зарегистрирован с другими данными; изменяйте их обновлением`,
        );
      }
      case 'UpdateTeacher': {
        const current = registered(state, command.record.teacherId);
        assertRegionFixed(current, command.record);
        assertRecordRules(command.record, now);
        return sameData(current, command.record)
          ? []
          : [{ type: 'diagnostics.TeacherUpdated', data: command.record }];
      }
      case 'RecordPersonalData': {
        const current = registered(state, command.teacherId);
        return samePersonalData(state.personalData, command.personalData)
          ? []
          : [personalDataRecorded(current, command.personalData)];
      }
      case 'ImportTeacher': {
        assertNotErased(state);
        assertRecordRules(command.record, now);
        if (state.record === null) return registration(command.record, command.personalData);
        assertRegionFixed(state.record, command.record);
        const events: TeacherEvent[] = [];
        if (!sameData(state.record, command.record)) {
          events.push({ type: 'diagnostics.TeacherUpdated', data: command.record });
        }
        if (!samePersonalData(state.personalData, command.personalData)) {
          events.push(personalDataRecorded(command.record, command.personalData));
        }
        return events;
      }
      case 'EraseTeacher': {
        if (state.erased) return [];
        const { teacherId, region } = registered(state, command.teacherId);
        return [{ type: 'diagnostics.TeacherErased', data: { teacherId, region } }];
      }
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'diagnostics.TeacherRegistered':
      case 'diagnostics.TeacherUpdated':
        return { ...state, record: event.data };
      case 'diagnostics.TeacherPersonalDataRecorded': {
        const { keyId, ciphertext, iv, tag } = event.data;
        return { ...state, personalData: { keyId, ciphertext, iv, tag } };
      }
      case 'diagnostics.TeacherErased':
        return { ...state, erased: true };
    }
  },
});

function registration(record: TeacherRecord, personalData: SealedPersonalData): TeacherEvent[] {
  return [
    { type: 'diagnostics.TeacherRegistered', data: record },
    personalDataRecorded(record, personalData),
  ];
}

function personalDataRecorded(
  { teacherId, region }: Pick<TeacherRecord, 'teacherId' | 'region'>,
  { keyId, ciphertext, iv, tag }: SealedPersonalData,
): TeacherEvent {
  return {
    type: 'diagnostics.TeacherPersonalDataRecorded',
    data: { teacherId, region, keyId, ciphertext, iv, tag },
  };
}

/** The record of a registered, not erased teacher; refuses otherwise. */
function registered(state: TeacherState, teacherId: string): TeacherRecord {
  if (state.record === null) {
    throw new DomainError('teacher-not-found', `педагог ${teacherId} не зарегистрирован`);
  }
  assertNotErased(state);
  return state.record;
}

// Erasure is final: the key is gone, and a record written after it would be one nobody can read
// — or, for new personal data, a way to bring back what the person asked to remove.
function assertNotErased(state: TeacherState): void {
  if (state.erased) throw teacherErased();
}

/**
 * The refusal names no teacher id: a registration brings a СНИЛС, and an answer with the id would
 * tie that person to the erased history the id still keys (its public events, deficits, trajectory).
 */
export function teacherErased(): DomainError {
  return new DomainError(
    'teacher-erased',
    'данные этого учителя удалены по его требованию (152-ФЗ); запись не восстанавливается',
  );
}

// Other services keep a teacher under the region it was registered in.
function assertRegionFixed(current: TeacherRecord, requested: TeacherRecord): void {
  if (current.region !== requested.region) {
    throw new DomainError(
      'teacher-region-fixed',
      `педагог ${current.teacherId} зарегистрирован в регионе ${current.region} и не может перейти в регион ${requested.region}`,
    );
  }
}

/** What a professional record must say, whatever brings it. */
function assertRecordRules(record: TeacherRecord, now: Date): void {
  if (record.subjects.length === 0 && record.workProfile.trim() === '') {
    throw new DomainError(
      'teacher-work-missing',
      'укажите преподаваемые предметы или, для должностей без предмета, профиль работы',
    );
  }
  if (record.category === 'none' && record.categorySince !== null) {
    throw new DomainError(
      'teacher-category-date-without-category',
      `categorySince ${record.categorySince} указана для педагога без квалификационной категории`,
    );
  }
  if (record.category !== 'none' && record.categorySince === null) {
    throw new DomainError(
      'teacher-category-date-missing',
      `для квалификационной категории ${record.category} нужна дата её присвоения (categorySince)`,
    );
  }
  const today = now.toISOString().slice(0, 10);
  for (const [field, date] of [
    ['categorySince', record.categorySince],
    ['lastTrainingCompletedOn', record.lastTrainingCompletedOn],
  ] as const) {
    if (date !== null && date > today) {
      throw new DomainError('teacher-date-in-future', `${field}: ${date} позже сегодняшнего дня (${today})`);
    }
  }
}

function samePersonalData(current: SealedPersonalData | null, requested: SealedPersonalData): boolean {
  return (
    current !== null &&
    current.keyId === requested.keyId &&
    current.ciphertext === requested.ciphertext &&
    current.iv === requested.iv &&
    current.tag === requested.tag
  );
}

/**
 * Deep equality of event data, blind to key order: a stored record comes back from PostgreSQL's
 * jsonb with its keys reordered. Arrays compare in order (the subjects' order is the file's).
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
