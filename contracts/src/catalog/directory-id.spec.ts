import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { DIRECTORY_ID_NAMESPACE, directoryId } from './directory-id';

const cli = path.join(__dirname, '../../scripts/directory-id.mjs');
const run = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

// The CLI clients derive ids with (npm run directory-id) gives exactly the catalog's ids.
describe('npm run directory-id', () => {
  it('prints the id the catalog registers each kind of entry under', () => {
    for (const [directory, key] of [
      ['provider', '6317010870'],
      ['provider', '631701087012'],
      ['organization', '6321064750'],
      ['internship-site', '6320002223'],
      ['municipality', '36740000'],
      ['program', '6317010870/ФГ-36'],
    ] as const) {
      expect(run('--region', '63', directory, key)).toBe(`${directoryId(directory, '63', key)}\n`);
    }
    expect(run('--region', '63', 'municipality', '36740000')).toBe('7d016aa9-41c7-5a7f-a3f6-89f7f3663fef\n');
  });

  it('names each key beside its id when given several', () => {
    expect(run('--region', '24', 'municipality', '04701000', '04703000')).toBe(
      `04701000\t${directoryId('municipality', '24', '04701000')}\n04703000\t${directoryId('municipality', '24', '04703000')}\n`,
    );
  });

  it('refuses a missing region, an unknown directory or a malformed key, saying how to call it', () => {
    for (const args of [
      ['provider', '6317010870'],
      ['--region', '63', 'school', '6317010870'],
      ['--region', '63', 'organization', '631701087012'],
    ]) {
      const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
      expect(result.stderr).toMatch(/usage: npm run -s directory-id -- --region/);
    }
  });

  it('uses the namespace the contracts fix', () => {
    expect(DIRECTORY_ID_NAMESPACE).toBe('8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d');
  });
});
