import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const generatedFiles = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.generated.ts'))
  .sort();

describe('generated event types', () => {
  it('are committed as contracts/schemas generate them now', () => {
    // The generator formats with prettier, which jest's module sandbox cannot load: it runs as
    // `npm run contracts:generate` would, in a process of its own, asked only to compare.
    try {
      execFileSync(
        process.execPath,
        ['-r', '@swc-node/register', 'contracts/scripts/generate-types.ts', '--check'],
        { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error) {
      throw new Error(String((error as { stderr?: string }).stderr || error));
    }
  }, 60_000);

  it.each(generatedFiles)('%s has readonly fields and arrays only, as event data is', (file) => {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(__dirname, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const writable: string[] = [];
    const visit = (node: ts.Node): void => {
      const line = (): string => `line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (
        (ts.isPropertySignature(node) || ts.isIndexSignatureDeclaration(node)) &&
        !node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ReadonlyKeyword)
      ) {
        writable.push(`${line()}: ${node.getText()}`);
      }
      if (
        (ts.isArrayTypeNode(node) || ts.isTupleTypeNode(node)) &&
        !(ts.isTypeOperatorNode(node.parent) && node.parent.operator === ts.SyntaxKind.ReadonlyKeyword)
      ) {
        writable.push(`${line()}: ${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(writable).toEqual([]);
  });
});
