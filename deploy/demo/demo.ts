// npm run demo [-- --region 63 --scale 0.01 --seed 1 --year 2026]
//
// Loads a demo region into the running stack (`npm start`) through the services' public APIs:
// deterministic from region, seed and scale, with progress, and safe to run again — an interrupted
// load resumes, a finished one answers "there before" for everything. Scale 1 is a whole Samara
// (45 651 teachers); the default 0.01 takes about a minute. The stack's folder and ports follow
// PK_LOCAL_DIR and PK_PORT_OFFSET as the stack's own command line does; *_URL variables
// (CATALOG_URL, EXPERTISE_URL, VOUCHERS_URL, ENROLLMENT_URL, DIAGNOSTICS_URL) point elsewhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isRegionCode, regionToday } from '@pk/contracts';
import BASE_PORTS from '../local/ports.json';
import { loadRegion } from './load-region';
import { planRegion } from './region-plan';

const ROOT = path.resolve(__dirname, '../..');
/** The services in the stack's order of ports (deploy/local/stack-lib.mjs). */
const PORT_INDEX = { catalog: 0, expertise: 1, vouchers: 2, enrollment: 3, diagnostics: 4 } as const;

async function main() {
  const { values } = parseArgs({
    options: {
      region: { type: 'string', default: '63' },
      scale: { type: 'string', default: '0.01' },
      seed: { type: 'string', default: '1' },
      year: { type: 'string' },
    },
  });
  const region = values.region!;
  if (!isRegionCode(region)) fail(`--region: «${region}» — не код региона из справочника (например, 63)`);
  const scale = Number(values.scale);
  if (!(scale > 0) || scale > 50)
    fail(`--scale: ожидается число больше 0 и не больше 50, получено «${values.scale}»`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 1)
    fail(`--seed: ожидается целое число от 1, получено «${values.seed}»`);
  const year = Number(values.year ?? regionToday(region, new Date()).slice(0, 4));
  if (!Number.isInteger(year) || year < 2020 || year > 2100)
    fail(`--year: ожидается год, получено «${values.year}»`);

  const offset = Number(process.env['PK_PORT_OFFSET'] ?? 0);
  const url = (name: keyof typeof PORT_INDEX) =>
    (
      process.env[`${name.toUpperCase()}_URL`] ??
      `http://127.0.0.1:${BASE_PORTS.firstService + offset + PORT_INDEX[name]}`
    ).replace(/\/+$/, '');
  const localDir = path.resolve(process.env['PK_LOCAL_DIR'] || path.join(ROOT, '.local'));
  const keyFile = process.env['AUTH_PRIVATE_KEY_FILE'] ?? path.join(localDir, 'keys', 'dev-private.pem');
  let privateKeyPem: string;
  try {
    privateKeyPem = readFileSync(keyFile, 'utf8');
  } catch {
    fail(`no development key at ${keyFile}: start the stack first (npm start)`);
  }

  const plan = planRegion({ region, scale, seed });
  console.log(
    `demo region ${region}, scale ${scale}, seed ${seed}, year ${year}: ${plan.municipalities.length} municipalities, ` +
      `${plan.organizations.length} organizations, ${plan.providers.length} providers, ${plan.experts.length} experts, ` +
      `${plan.programs.length} programs, ${plan.teachers.length} teachers`,
  );
  const started = performance.now();
  const report = await loadRegion(plan, {
    urls: {
      catalog: url('catalog'),
      expertise: url('expertise'),
      vouchers: url('vouchers'),
      diagnostics: url('diagnostics'),
      enrollment: url('enrollment'),
    },
    privateKeyPem,
    year,
  });
  console.log(`\nloaded in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
  console.table(
    report.steps.map(({ step, seconds, detail }) => ({ step, seconds: Number(seconds.toFixed(1)), detail })),
  );
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
