// The shape of src/ as its imports draw it: no file reaches itself through its imports (type-only imports
// included, so a type can always move without untangling a knot). The layer arrows (core ↛ edge/features,
// edge ↛ features, feature ↛ feature) are lint rules; this test covers what a lint rule cannot see: cycles.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');
const IMPORT = /^(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?'(\.{1,2}\/[^']+)'/gm;

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Each file of src/ with the files of src/ it imports (relative imports that resolve to a .ts file). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((match) => path.join(path.dirname(file), match[1]))
      .flatMap((target) => [`${target}.ts`, path.join(target, 'index.ts')].filter((candidate) => fs.existsSync(candidate)).slice(0, 1));
    graph.set(path.relative(SRC, file), targets.map((target) => path.relative(SRC, target)));
  }
  return graph;
}

/** Every cycle met in a depth-first walk, each as the files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') found.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads the whole tree: every domain folder of the core, the edge and the features, with their imports', () => {
    const folders = new Set([...graph.keys()].map((file) => path.dirname(file)));
    for (const folder of ['core/drafts', 'core/citations', 'core/quotations', 'core/sources', 'edge', 'features']) {
      assert.ok(folders.has(folder), `no file read in src/${folder}`);
    }
    const imports = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
    assert.ok(imports > graph.size, `only ${imports} imports resolved among ${graph.size} files`);
  });

  it('has no file that imports itself through other files, type-only imports included', () => {
    assert.deepEqual(cycles(graph).map((cycle) => cycle.join(' → ')), []);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const knotted = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    assert.deepEqual(cycles(knotted), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
