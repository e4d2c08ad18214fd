import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const CONTRACTS = path.join(__dirname, '..', 'contracts');

interface Decision {
  readonly action: 'apply' | 'set-aside' | 'skip';
  readonly reason?: string;
  readonly log?: boolean;
  readonly envelope?: { readonly id: string; readonly schemaVersion: number; readonly data: unknown };
}

interface ExampleAnswer {
  readonly handled: Record<string, number>;
  readonly settings: { topic: string; partitions: number; schemasDir: string };
  readonly decisions: Decision[];
}

/**
 * Asks the example itself, in a Node process of its own (its modules are plain ES modules, which
 * jest's module system does not load): what it reads, its default settings, and what it decides for
 * each of the message values given.
 */
function askTheExample(values: readonly string[]): ExampleAnswer {
  const script = `
    import { readFileSync } from 'node:fs';
    import { HANDLED, loadContract } from './lib/contract.mjs';
    import { settingsFrom } from './lib/settings.mjs';
    const settings = settingsFrom({});
    const contract = loadContract(settings.schemasDir);
    const values = JSON.parse(readFileSync(0, 'utf8'));
    console.log(JSON.stringify({ handled: HANDLED, settings, decisions: values.map((v) => contract.decide(v)) }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: __dirname,
    input: JSON.stringify(values),
    encoding: 'utf8',
  });
  return JSON.parse(output) as ExampleAnswer;
}

const goldenExamples = readdirSync(path.join(CONTRACTS, 'examples', 'enrollment'))
  .sort()
  .map((file) => {
    const text = readFileSync(path.join(CONTRACTS, 'examples', 'enrollment', file), 'utf8');
    return { file, text, envelope: JSON.parse(text) as { type: string; schemaVersion: number } };
  });

/** The newest schema version of each enrollment type in contracts/schemas. */
function newestVersions(): Record<string, number> {
  const newest: Record<string, number> = {};
  for (const file of readdirSync(path.join(CONTRACTS, 'schemas', 'enrollment'))) {
    const [, name, version] = /^([A-Za-z]+)\.v(\d+)\.schema\.json$/.exec(file)!;
    newest[`enrollment.${name}`] = Math.max(newest[`enrollment.${name}`] ?? 0, Number(version));
  }
  return newest;
}

// The example is written from contracts/ alone; these specs hold it to contracts/ as it changes.
describe('the subscriber example against the public contract', () => {
  const courseCompleted = goldenExamples.find((e) => e.envelope.type === 'enrollment.CourseCompleted')!;
  const completion = JSON.parse(courseCompleted.text) as Record<string, unknown> & {
    data: Record<string, unknown>;
  };

  it('reads the current version of every type it acts on', () => {
    const { handled } = askTheExample([]);
    const newest = newestVersions();
    for (const [type, version] of Object.entries(handled)) {
      if (newest[type] !== version) {
        throw new Error(
          `contracts/ has ${type} v${newest[type]}, the subscriber example reads v${version}: teach it the ` +
            `new version (HANDLED and UPCASTERS in subscriber-example/lib/contract.mjs, its README)`,
        );
      }
    }
    expect(Object.keys(handled)).toEqual(['enrollment.CourseCompleted']);
  });

  it('applies every golden example of a type it acts on and passes over the others without a word', () => {
    const { handled, decisions } = askTheExample(goldenExamples.map((e) => e.text));
    goldenExamples.forEach(({ file, envelope }, i) => {
      const decision = decisions[i]!;
      if (handled[envelope.type] !== undefined) {
        expect({ file, action: decision.action }).toEqual({ file, action: 'apply' });
        expect(decision.envelope!.schemaVersion).toBe(handled[envelope.type]);
      } else {
        expect({ file, action: decision.action, log: decision.log }).toEqual({
          file,
          action: 'skip',
          log: false,
        });
      }
    });
  });

  it('sets aside what it should act on but cannot read, and skips unknown types with a log line', () => {
    const [newer, refused, notJson, notAnEnvelope, unknown] = askTheExample([
      JSON.stringify({ ...completion, schemaVersion: 2 }),
      JSON.stringify({ ...completion, data: { ...completion.data, hours: 0 } }),
      '{"id": "half an envelope',
      JSON.stringify({ ...completion, extra: true }),
      JSON.stringify({ ...completion, type: 'enrollment.CertificateReissued' }),
    ]).decisions;
    expect(newer).toMatchObject({
      action: 'set-aside',
      reason: expect.stringMatching(/^enrollment\.CourseCompleted v2 is newer than v1/),
    });
    expect(refused).toMatchObject({
      action: 'set-aside',
      reason: 'enrollment.CourseCompleted v1: /hours must be >= 1',
    });
    expect(notJson).toEqual({ action: 'set-aside', reason: 'the message value is not JSON' });
    expect(notAnEnvelope).toMatchObject({
      action: 'set-aside',
      reason: expect.stringMatching(/^not an event envelope: .*additional properties/),
    });
    expect(unknown).toMatchObject({
      action: 'skip',
      log: true,
      reason: 'unknown event type enrollment.CertificateReissued',
    });
  });

  it('subscribes where the AsyncAPI document says, and finds the schemas in contracts/', () => {
    const { settings } = askTheExample([]);
    const document = parse(readFileSync(path.join(CONTRACTS, 'asyncapi.yaml'), 'utf8')) as {
      channels: { enrollment: { address: string; bindings: { kafka: { partitions: number } } } };
    };
    expect(settings.topic).toBe(document.channels.enrollment.address);
    expect(settings.partitions).toBe(document.channels.enrollment.bindings.kafka.partitions);
    expect(path.resolve(settings.schemasDir)).toBe(path.join(CONTRACTS, 'schemas'));
  });
});
