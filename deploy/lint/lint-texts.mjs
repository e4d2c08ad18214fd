// Lints source texts as if they were files of the workspace, with its own configuration, for
// deploy/lint/layers.spec.ts: one request per line on stdin ({"file", "source"} as JSON), one answer
// per line on stdout (the messages, "rule: message"). One process answers them all, so the
// configuration and the workspace's project graph load once, not once a planted file.
import { createInterface } from 'node:readline';
import { ESLint } from 'eslint';

const eslint = new ESLint();
for await (const line of createInterface({ input: process.stdin })) {
  const { file, source } = JSON.parse(line);
  const [result] = await eslint.lintText(source, { filePath: file });
  process.stdout.write(`${JSON.stringify(result.messages.map((m) => `${m.ruleId}: ${m.message}`))}\n`);
}
