import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { settingsOf, settingsTable } from '@pk/service-runtime';
import { service as catalog } from '../../services/catalog/src/service';
import { service as diagnostics } from '../../services/diagnostics/src/service';
import { service as enrollment } from '../../services/enrollment/src/service';
import { service as expertise } from '../../services/expertise/src/service';
import { service as monitoring } from '../../services/monitoring/src/service';
import { service as vouchers } from '../../services/vouchers/src/service';

export const SETTINGS_DOC = path.join(__dirname, '..', '..', 'docs', 'settings.md');

/** The table of every service's settings, as docs/settings.md holds it. */
export function platformSettingsTable(): string {
  return settingsTable(
    [catalog, expertise, vouchers, enrollment, diagnostics, monitoring].map((service) => ({
      service: service.context,
      settings: settingsOf(service),
    })),
  );
}

if (require.main === module) {
  writeFileSync(SETTINGS_DOC, platformSettingsTable());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SETTINGS_DOC)}\n`);
}
