import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/**
 * Lints source text as if it were the file at `file`, with the workspace's own configuration: the
 * real `eslint` command reading stdin (its ESM config cannot load inside jest's module system).
 */
function lintAs(file: string, source: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [ESLINT, '--stdin', '--stdin-filename', path.join(ROOT, file), '--format', 'json'],
      { cwd: ROOT },
      (error, stdout) => {
        try {
          const [result] = JSON.parse(stdout) as { messages: { ruleId: string; message: string }[] }[];
          resolve(result!.messages.map((m) => `${m.ruleId}: ${m.message}`));
        } catch {
          reject(error ?? new Error(`eslint said: ${stdout}`));
        }
      },
    );
    child.stdin!.end(source);
  });
}

// The lint rules that keep the library graph running one way, tried on planted imports.
describe('layer rules', () => {
  jest.setTimeout(60_000);

  it('refuse an import up the graph: the kernel may not use the service runtime', async () => {
    const messages = await lintAs(
      'libs/kernel/src/planted.ts',
      "import { EventSourcing } from '@pk/service-runtime';\nexport const planted = EventSourcing;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*layer:kernel/)]);
  });

  it('refuse an import sideways between adapters: projections may not use messaging', async () => {
    const messages = await lintAs(
      'libs/projections/src/planted.ts',
      "import { KafkaMessageBus } from '@pk/messaging';\nexport const planted = KafkaMessageBus;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries/)]);
  });

  it('refuse a framework or I/O in domain code, and allow the kernel and contracts', async () => {
    const impure = await lintAs(
      'services/catalog/src/domain/planted.ts',
      "import { Injectable } from '@nestjs/common';\nimport { readFileSync } from 'node:fs';\nexport const planted = [Injectable, readFileSync];\n",
    );
    expect(impure).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*free of frameworks and I\/O/),
      expect.stringMatching(/^no-restricted-imports: .*free of frameworks and I\/O/),
    ]);
    const pure = await lintAs(
      'services/catalog/src/domain/planted.ts',
      "import { DomainError } from '@pk/kernel';\nimport type { ProgramKind } from '@pk/contracts';\nexport const planted: [typeof DomainError, ProgramKind] = [DomainError, 'retraining'];\n",
    );
    expect(pure).toEqual([]);
  });

  it('let a test import the test kit wherever it sits', async () => {
    const messages = await lintAs(
      'libs/kernel/src/planted.spec.ts',
      "import { TestClock } from '@pk/test-kit';\nexport const planted = TestClock;\n",
    );
    expect(messages).toEqual([]);
  });

  it('keep fixtures out of production code: only specs and other fixtures import from a test/ folder', async () => {
    const fixture =
      "import { answersFor } from '../../test/instruments.fixtures';\nexport const planted = answersFor;\n";
    expect(await lintAs('services/diagnostics/src/api/planted.ts', fixture)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*fixtures serve specs only/),
    ]);
    expect(await lintAs('services/diagnostics/src/domain/planted.ts', fixture)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*fixtures serve specs only/),
    ]);
    expect(await lintAs('services/diagnostics/src/domain/planted.spec.ts', fixture)).toEqual([]);
    const testKitInFixture =
      "import { publishedEvent } from '@pk/test-kit';\nimport { answersFor } from './instruments.fixtures';\nexport const planted = [publishedEvent, answersFor];\n";
    expect(await lintAs('services/diagnostics/test/planted.fixtures.ts', testKitInFixture)).toEqual([]);
  });

  it('keep the subscriber example to the public contract: no platform code, though its spec may use the test kit', async () => {
    for (const planted of [
      "import { readPublishedEvent } from '@pk/contracts';\nexport const planted = readPublishedEvent;\n",
      "import { publicTopic } from '../contracts/src/topics';\nexport const planted = publicTopic;\n",
    ]) {
      expect(await lintAs('subscriber-example/planted.mjs', planted)).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*public contract only/),
      ]);
    }
    expect(
      await lintAs(
        'subscriber-example/lib/planted.mjs',
        "import kafkajs from 'kafkajs';\nimport { loadContract } from './contract.mjs';\nexport const planted = [kafkajs, loadContract];\n",
      ),
    ).toEqual([]);
    expect(
      await lintAs(
        'subscriber-example/planted.int.spec.ts',
        "import { until } from '@pk/test-kit';\nexport const planted = until;\n",
      ),
    ).toEqual([]);
  });
});
