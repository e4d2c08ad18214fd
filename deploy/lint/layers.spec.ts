import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Lints source text as if it were the file at `file`, with the workspace's own configuration, in
 * a process of its own (eslint's ESM config cannot load inside jest's module system) that answers
 * every planted file of this spec: deploy/lint/lint-texts.mjs.
 */
let linter: { child: ChildProcess; answers: Interface } | undefined;
function lintAs(file: string, source: string): Promise<string[]> {
  linter ??= (() => {
    const child = spawn(process.execPath, [path.join(__dirname, 'lint-texts.mjs')], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return { child, answers: createInterface({ input: child.stdout! }) };
  })();
  const { child, answers } = linter;
  return new Promise((resolve, reject) => {
    const ended = () => reject(new Error(`the linter ended before answering for ${file}`));
    child.once('exit', ended);
    answers.once('line', (line) => {
      child.off('exit', ended);
      resolve(JSON.parse(line) as string[]);
    });
    child.stdin!.write(`${JSON.stringify({ file: path.join(ROOT, file), source })}\n`);
  });
}
afterAll(() => {
  linter?.child.stdin!.end();
});

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
