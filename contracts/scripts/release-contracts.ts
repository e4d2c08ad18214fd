// npm run contracts:release — records what each context publishes now as released: its schemas into
// contracts/released/<context>.json (what the contract gate compares against from then on), its
// contract version bumped, and an entry in contracts/CHANGELOG.md. Refuses, changing nothing, when
// the gate refuses: a released version was edited or removed. With nothing new it says so and
// writes nothing. `--date YYYY-MM-DD` names the release's day (today by default).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { checkContract, constraintsOf, firstDifference, type ReleasedContract } from '../src/contract-gate';
import {
  CHANGELOG,
  ENVELOPE_SCHEMA,
  PUBLISHING_CONTEXTS,
  RELEASED_DIR,
  RELEASED_ENVELOPE,
  currentContract,
  readJson,
  releasedContract,
  releasedFile,
} from '../src/released-contracts';

const dateArg = process.argv.indexOf('--date');
const releasedOn = dateArg > 0 ? process.argv[dateArg + 1]! : new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(releasedOn)) {
  console.error(`--date must be YYYY-MM-DD, got "${releasedOn}"`);
  process.exit(2);
}

const refused: string[] = [];
if (existsSync(RELEASED_ENVELOPE)) {
  const at = firstDifference(
    constraintsOf(readJson(RELEASED_ENVELOPE)),
    constraintsOf(readJson(ENVELOPE_SCHEMA)),
  );
  if (at !== null)
    refused.push(`the envelope: changed at ${at}; a breaking envelope gets a new topic (…events.v2)`);
}
const releases = PUBLISHING_CONTEXTS.map((context) => {
  const released = releasedContract(context);
  const current = currentContract(context);
  const verdict = checkContract(released, current);
  refused.push(...verdict.refused);
  return { context, released, current, unreleased: verdict.unreleased };
});
if (refused.length > 0) {
  console.error(`Nothing released: the contract gate refuses\n- ${refused.join('\n- ')}`);
  process.exit(1);
}

release().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/** Writes the new release of every context with something to add, and the changelog's entries. */
async function release() {
  mkdirSync(RELEASED_DIR, { recursive: true });
  if (!existsSync(RELEASED_ENVELOPE)) copyFileSync(ENVELOPE_SCHEMA, RELEASED_ENVELOPE);
  const entries: string[] = [];
  for (const { context, released, current, unreleased } of releases) {
    if (unreleased.length === 0) continue;
    const first = Object.keys(released.events).length === 0;
    const [major, minor] = released.version.split('.').map(Number) as [number, number];
    const version = first ? `${major}.0` : `${major}.${minor + 1}`;
    const next: ReleasedContract = {
      context,
      version,
      releasedOn,
      events: Object.fromEntries(
        Object.entries(current.events).map(([type, { schemas }]) => [
          type,
          Object.fromEntries(schemas.map((schema, index) => [String(index + 1), schema])),
        ]),
      ),
    };
    await writeFormatted(releasedFile(context), JSON.stringify(next));
    const lines = first
      ? [
          'The first release under the contract gate: every version published so far.',
          '',
          ...Object.entries(current.events).map(
            ([type, { schemas }]) => `- ${type} ${schemas.map((_, index) => `v${index + 1}`).join(', ')}`,
          ),
        ]
      : unreleased.map((item) => {
          const version = Number(item.slice(item.lastIndexOf(' v') + 2));
          return version === 1 ? `- new: ${item}` : `- new version: ${item}, upcast from v${version - 1}`;
        });
    entries.push(`## ${context} ${version} — ${releasedOn}\n\n${lines.join('\n')}\n`);
    console.log(`${context} ${version}: ${unreleased.length} event version(s) released`);
  }
  if (entries.length === 0) {
    console.log('Nothing to release: every event version is released already.');
    return;
  }
  const heading =
    '# Changelog of the public contract\n\n' +
    'Per context, newest first; written by `npm run contracts:release`. Released versions never change\n' +
    '(see contracts/README.md, "The contract gate").\n\n';
  const before = existsSync(CHANGELOG) ? readFileSync(CHANGELOG, 'utf8').replace(heading, '') : '';
  await writeFormatted(CHANGELOG, `${heading}${entries.join('\n')}${before ? `\n${before}` : ''}`);
}

/** Written as the repository's format check wants it, so a release never fails `npm test`. */
async function writeFormatted(file: string, text: string) {
  writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
}
