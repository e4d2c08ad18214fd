#!/usr/bin/env node
// npm run -s directory-id -- --region 63 provider 6317010870
//
// Prints the id the catalog registers a directory entry under: UUID v5 of `<region>/<directory>/<key>`
// in the directories' namespace (directoryId in contracts/src/catalog/directory-id.ts, whose spec
// checks that this script gives the same ids). Plain JavaScript, so it answers at once.
import { parseArgs } from 'node:util';
import { v5 as uuidV5 } from 'uuid';

const NAMESPACE = '8f2d3c1a-6b4e-5a70-9c1d-2e3f4a5b6c7d';
const KEYS = {
  provider: { pattern: /^([0-9]{10}|[0-9]{12})$/, what: 'ИНН of 10 or 12 digits' },
  organization: { pattern: /^[0-9]{10}$/, what: 'ИНН of 10 digits' },
  'internship-site': { pattern: /^[0-9]{10}$/, what: 'ИНН of 10 digits' },
  municipality: { pattern: /^[0-9]{8}$/, what: 'ОКТМО of 8 digits' },
  program: {
    pattern: /^([0-9]{10}|[0-9]{12})\/.+$/u,
    what: "the provider's ИНН and the code, 6317010870/ФГ-36",
  },
};
const USAGE = `usage: npm run -s directory-id -- --region <2 digits> <${Object.keys(KEYS).join('|')}> <key>...
  e.g. npm run -s directory-id -- --region 63 provider 6317010870
       npm run -s directory-id -- --region 63 municipality 36740000 36701000
       npm run -s directory-id -- --region 63 program 6317010870/ФГ-36`;

function fail(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { region: { type: 'string' } }, allowPositionals: true });
} catch (error) {
  fail(error.message);
}
const { region } = parsed.values;
const [directory, ...keys] = parsed.positionals;
if (!region || !/^[0-9]{2}$/.test(region)) fail('--region must be the two-digit region code (63)');
if (!Object.hasOwn(KEYS, directory ?? '')) fail(`unknown directory "${directory ?? ''}"`);
if (keys.length === 0) fail(`name the ${KEYS[directory].what}`);
for (const key of keys) {
  if (!KEYS[directory].pattern.test(key)) fail(`"${key}" is not a ${directory} key: ${KEYS[directory].what}`);
}
// one id per line; with several keys, each after its key
for (const key of keys) {
  const id = uuidV5(`${region}/${directory}/${key}`, NAMESPACE);
  process.stdout.write(keys.length === 1 ? `${id}\n` : `${key}\t${id}\n`);
}
