import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandIds } from '../../src/edge/commandIds';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));

describe('the extension manifest', () => {
  const declared: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);

  it('declares every command the code registers, and no other', () => {
    assert.deepStrictEqual([...declared].sort(), Object.values(CommandIds).sort());
  });

  it('has a title a writer can read for every %placeholder%', () => {
    const placeholders = JSON.stringify(manifest.contributes).match(/%[^%\s"]+%/g) ?? [];
    assert.ok(placeholders.length > 0);
    for (const placeholder of placeholders) {
      const text = nls[placeholder.slice(1, -1)];
      assert.ok(typeof text === 'string' && text.length > 0, `${placeholder} has no text in package.nls.json`);
    }
  });

  it('puts every command in the Sourcebook category of the palette', () => {
    for (const command of manifest.contributes.commands) assert.strictEqual(command.category, 'Sourcebook');
  });

  it('never activates on every event', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });
});
