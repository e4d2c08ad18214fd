import { Injectable } from '@nestjs/common';
import type { TeacherRecord } from '@pk/contracts';
import { type CommandContext, type CommandOutcome, DomainError } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import {
  type SealedPersonalData,
  teacher,
  teacherErased,
  type TeacherState,
} from '../domain/teacher.decider';
import { openPersonalData, type PersonalData, sealPersonalData } from './personal-data-cipher';
import { TeacherDirectory } from '../projections/teacher-directory/teacher-directory.queries';
import { PersonalDataKeys, type TeacherKey } from './personal-data-keys';
import { teacherIdOf } from './teacher-id';

/** What the API shows for each field of personal data that can no longer be read. */
export const ERASED_FIELD = '[удалено]';

export type PersonalDataView =
  | ({ readonly teacherId: string; readonly erased: false } & PersonalData)
  | ({ readonly teacherId: string; readonly erased: true } & Record<keyof PersonalData, typeof ERASED_FIELD>);

/** The teacher aggregate's commands, with the personal data sealed on the way in. */
@Injectable()
export class TeacherCommands {
  private readonly teachers;

  constructor(
    eventSourcing: EventSourcing,
    private readonly keys: PersonalDataKeys,
    private readonly directory: TeacherDirectory,
  ) {
    this.teachers = eventSourcing.handler(teacher);
  }

  /** Registers a teacher under the id derived from the region and СНИЛС; answers the id too. */
  async register(
    record: Omit<TeacherRecord, 'teacherId'>,
    personalData: PersonalData,
    caller: CommandContext,
  ): Promise<CommandOutcome & { teacherId: string }> {
    const teacherId = teacherIdOf(record.region, personalData.snils);
    // before any key is made or event written: an unknown school would make an orphan teacher
    await this.directory.assertKnown(record);
    const sealed = await this.seal(teacherId, personalData);
    const outcome = await this.teachers.handle(
      teacher.streamId(teacherId),
      { type: 'RegisterTeacher', record: { ...record, teacherId }, personalData: sealed },
      caller,
    );
    return { ...outcome, teacherId };
  }

  async update(record: TeacherRecord, caller: CommandContext): Promise<CommandOutcome> {
    await this.directory.assertKnown(record);
    return this.teachers.handle(
      teacher.streamId(record.teacherId),
      { type: 'UpdateTeacher', record },
      caller,
    );
  }

  /** New personal data of a registered teacher; the СНИЛС is the id's and cannot change. */
  async recordPersonalData(
    teacherId: string,
    region: string,
    personalData: PersonalData,
    caller: CommandContext,
  ): Promise<CommandOutcome> {
    if (teacherIdOf(region, personalData.snils) !== teacherId) {
      throw new DomainError(
        'teacher-snils-mismatch',
        `указан не тот СНИЛС, с которым зарегистрирован педагог ${teacherId}; СНИЛС педагога не меняется`,
      );
    }
    const sealed = await this.seal(teacherId, personalData);
    return this.teachers.handle(
      teacher.streamId(teacherId),
      { type: 'RecordPersonalData', teacherId, personalData: sealed },
      caller,
    );
  }

  /** The keys of a file's teachers, made on first use, for `importRow` (see PersonalDataKeys.keysFor). */
  keysFor(teacherIds: readonly string[]): Promise<Map<string, TeacherKey>> {
    return this.keys.keysFor(teacherIds);
  }

  /**
   * One row of a bulk import: registers the teacher, or brings the record up to the row. The key is
   * the one `keysFor` gave; should the teacher be erased meanwhile, the decider refuses the row (the
   * erasure is in the stream), or the row's seal is under a key that no longer exists.
   */
  async importRow(
    record: TeacherRecord,
    personalData: PersonalData,
    key: TeacherKey,
    caller: CommandContext,
  ) {
    const sealed = this.sealWith(key, record.teacherId, personalData);
    return this.teachers.handle(
      teacher.streamId(record.teacherId),
      { type: 'ImportTeacher', record, personalData: sealed },
      caller,
    );
  }

  /**
   * Erases the teacher's personal data: the key first, then the public record of it. In this order
   * a failure in between leaves data nobody can read under a record not yet marked erased, which a
   * retry completes (both steps are idempotent); the other order could announce an erasure while
   * the data is still readable.
   */
  async erase(teacherId: string, caller: CommandContext): Promise<CommandOutcome> {
    const state = await this.state(teacherId);
    if (state.record === null) {
      throw new DomainError('teacher-not-found', `педагог ${teacherId} не зарегистрирован`);
    }
    await this.keys.destroy(teacherId);
    return this.teachers.handle(teacher.streamId(teacherId), { type: 'EraseTeacher', teacherId }, caller);
  }

  state(teacherId: string): Promise<TeacherState> {
    return this.teachers.state(teacher.streamId(teacherId));
  }

  /** The state with the stream's revision: the record's version (its ETag). */
  current(teacherId: string) {
    return this.teachers.current(teacher.streamId(teacherId));
  }

  /** The teacher's personal data in clear, for those the API admits; the erased see none. */
  async personalData(teacherId: string, state: TeacherState): Promise<PersonalDataView> {
    const key = await this.keys.find(teacherId);
    if (state.personalData !== null && key !== undefined && 'key' in key) {
      return { teacherId, erased: false, ...openPersonalData(key.key, state.personalData) };
    }
    return {
      teacherId,
      erased: true,
      lastName: ERASED_FIELD,
      firstName: ERASED_FIELD,
      patronymic: ERASED_FIELD,
      snils: ERASED_FIELD,
      email: ERASED_FIELD,
      phone: ERASED_FIELD,
    };
  }

  private async seal(teacherId: string, personalData: PersonalData): Promise<SealedPersonalData> {
    return this.sealWith(await this.keys.keyFor(teacherId), teacherId, personalData);
  }

  private sealWith(key: TeacherKey, teacherId: string, personalData: PersonalData): SealedPersonalData {
    if (!('key' in key)) throw teacherErased();
    return sealPersonalData(key.key, teacherId, personalData);
  }
}
