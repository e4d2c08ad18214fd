import type { Clock, CommandContext } from '@pk/kernel';
import type { TeacherCommands } from './teacher.commands';
import { InMemoryImportReportStore } from '@pk/service-runtime';
import type { TeacherImportReport } from './teacher-import-reports';
import { TeacherImportService } from './teacher-import.service';

const file = Buffer.from(
  'snils;last_name;first_name;organization_id;municipality_id;position;category;education;subjects\n' +
    '112-233-445 95;Иванова;Мария;6312345678;36701000;teacher;none;higher-pedagogical;physics\n',
  'utf8',
);
const caller: CommandContext = { actor: { id: 'admin', role: 'ministry-admin' }, correlationId: 'c-1' };

describe('teacher import, when the store fails outside the rows', () => {
  it('records the import as interrupted instead of letting the failure stop the service', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      // the keys of a batch are fetched before its rows run: the key store is away
      const teachers = {
        keysFor: async () => {
          throw new Error('connect ECONNREFUSED teacher_keys');
        },
      } as unknown as TeacherCommands;
      const clock: Clock = { now: () => new Date('2026-09-01T09:00:00Z') };
      const service = new TeacherImportService(
        new InMemoryImportReportStore<TeacherImportReport>(),
        teachers,
        clock,
      );
      const started = await service.start('63', file, caller);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(await service.find(started.importId)).toMatchObject({ status: 'interrupted', processed: 0 });
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
