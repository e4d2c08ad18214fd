import { readFileSync } from 'node:fs';
import { platformSettingsTable, SETTINGS_DOC } from './settings-table';

/** The table's row of one setting, its cells trimmed. */
function rowOf(table: string, name: string): string[] | undefined {
  const line = table.split('\n').find((text) => text.startsWith(`| \`${name}\``));
  return line?.split(' | ').map((text) => text.replace(/^\| |\s*\|$/g, '').trim());
}

describe('docs/settings.md', () => {
  it("is the table generated from the services' settings schemas (npm run settings:table)", () => {
    expect(readFileSync(SETTINGS_DOC, 'utf8')).toBe(platformSettingsTable());
  });

  it('lists every setting a service validates, with its services, default and secret file', () => {
    const table = platformSettingsTable();
    expect(rowOf(table, 'TEACHER_ID_KEY')?.slice(0, 5)).toEqual([
      '`TEACHER_ID_KEY`',
      'diagnostics',
      'yes',
      '—',
      '`TEACHER_ID_KEY_FILE`',
    ]);
    expect(rowOf(table, 'DATABASE_URL')?.slice(1, 5)).toEqual([
      'catalog, expertise, vouchers, enrollment, diagnostics, monitoring',
      'yes',
      '—',
      '`DATABASE_URL_FILE`',
    ]);
    expect(rowOf(table, 'PORT')?.[3]).toBe('3101, 3102, 3103, 3104, 3105, 3106');
    expect(rowOf(table, 'IMPORT_CHUNK_ROWS')?.[1]).toBe('catalog, vouchers, diagnostics');
  });
});
