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

  it('names every package the extension ships, at the version installed, in THIRD_PARTY_NOTICES.md', () => {
    const notices = fs.readFileSync(path.join(root, 'THIRD_PARTY_NOTICES.md'), 'utf8').toLowerCase();
    const rows = notices.split('\n').filter((line) => line.startsWith('| '));
    const shipped = Object.keys(manifest.dependencies);
    assert.ok(shipped.length > 0, 'the manifest lists no runtime dependencies');
    for (const name of shipped) {
      const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
      const row = rows.find((line) => line.includes(name.toLowerCase()) && line.includes(version));
      assert.ok(row, `THIRD_PARTY_NOTICES.md has no row naming ${name} ${version}`);
    }
  });

  it('never activates on every event', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
  });
});
