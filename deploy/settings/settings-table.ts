import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type ServiceDefinition, settingsOf, settingsTable } from '@pk/service-runtime';

const ROOT = path.join(__dirname, '..', '..');
export const SETTINGS_DOC = path.join(ROOT, 'docs', 'settings.md');

/**
 * Every service's definition, found as services/<name>/src/service.ts exports it: a new service is
 * in the table without a list to keep (and services are projects deploy/ must not import by path).
 */
function serviceDefinitions(): ServiceDefinition[] {
  return (
    readdirSync(path.join(ROOT, 'services'))
      .map((name) => path.join(ROOT, 'services', name, 'src', 'service.ts'))
      .filter((file) => existsSync(file))
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- found by path at run time, on purpose
      .map((file) => (require(file) as { service: ServiceDefinition }).service)
      .sort((a, b) => a.defaultPort - b.defaultPort)
  );
}

/** The table of every service's settings, as docs/settings.md holds it. */
export function platformSettingsTable(): string {
  return settingsTable(
    serviceDefinitions().map((service) => ({ service: service.context, settings: settingsOf(service) })),
  );
}

if (require.main === module) {
  writeFileSync(SETTINGS_DOC, platformSettingsTable());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SETTINGS_DOC)}\n`);
}
