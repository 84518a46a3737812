// Every regular expression in src (the core, the features, the edge), checked for catastrophic backtracking with scslre (a static
// analysis for super-linear backtracking on a repeated character), each report confirmed or dismissed by timing the
// expression on an attack string; and no RegExp built from text at run time unless that text is escaped.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { analyse } from 'scslre';

const ROOT = join(__dirname, '..', '..');
/** All of the extension's own code (the core, the features and the edge); the generated corpus and styles are data. */
const FOLDERS = [join(ROOT, 'src')];
const SKIPPED = [join(ROOT, 'src', 'generated')];

interface FoundRegExp {
  file: string;
  line: number;
  source: string;
  flags: string;
}

interface Construction {
  file: string;
  line: number;
  text: string;
  /** The pattern argument is a constant or passes through `escapeRegExp`. */
  safe: boolean;
}

/**
 * Reports scslre makes that are harmless where the expression is used, each with the reason and the longest input
 * the code can give it there. The expression is timed on attack strings of that length.
 */
const BOUNDED: Array<{ file: string; source: string; bound: number; why: string }> = [
  {
    file: 'src/core/names/discoverEntities.ts',
    source: '^-+|-+$',
    bound: 2,
    why: 'slug() first turns every run of other characters into one hyphen, so no run of hyphens is longer than one',
  },
  {
    file: 'src/core/drafts/draftReader.ts',
    source: '\\s+(?:et al\\.?|and others)$',
    bound: 80,
    why: 'applied to the name AUTHOR_DATE matched: at most 80 characters',
  },
  {
    file: 'src/core/quotations/quotationFinder.ts',
    source: '\\n\\s*$',
    bound: 4,
    why: 'tested on a slice of at most four characters',
  },
];

/** Attack strings: the repeated character between prefixes and suffixes that make the match fail late. */
function attacks(ch: string, length: number): string[] {
  const prefixes = ['', 'a', 'para', 'p. 1', '[^1]: ', '1', 'sourcebook:bibliography:start'];
  const suffixes = ['', '!', '\n', 'a', '1', '-'];
  return prefixes.flatMap((prefix) => suffixes.map((suffix) => prefix + ch.repeat(Math.max(1, length - prefix.length - suffix.length)) + suffix));
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The expression's time on its slowest attack string (the least of up to three runs), in CPU milliseconds. */
function slowest(found: FoundRegExp, ch: string, length: number): number {
  let worst = 0;
  for (const input of attacks(ch, length)) {
    // The least of three runs when the first is not quick: the process's CPU includes the collector's threads and
    // the machine's other work, which can land in one run; a backtracking expression is slow every time.
    let least = Infinity;
    for (let run = 0; run < 3 && least > 5; run++) {
      const expression = new RegExp(found.source, found.flags);
      const started = cpuMs();
      if (expression.global) input.replace(expression, '');
      else expression.exec(input);
      least = Math.min(least, cpuMs() - started);
    }
    worst = Math.max(worst, least);
  }
  return worst;
}

/** A readable character from a report's set (a space rather than NUL when the set has both). */
function pick(set: { ranges: ReadonlyArray<{ min: number; max: number }> }): string {
  for (const range of set.ranges) if (range.max >= 32) return String.fromCodePoint(Math.max(32, range.min));
  return String.fromCodePoint(set.ranges[0].min);
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (SKIPPED.includes(path)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Whether a pattern argument is safe: a literal, a constant, or text passed through `escapeRegExp`. */
function safePattern(node: ts.Expression | undefined): boolean {
  if (!node) return true;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isRegularExpressionLiteral(node)) return true;
  if (ts.isCallExpression(node) && node.expression.getText() === 'escapeRegExp') return true;
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => safePattern(span.expression));
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return safePattern(node.left) && safePattern(node.right);
  if (ts.isParenthesizedExpression(node)) return safePattern(node.expression);
  // `expression.source` of a literal, and UPPER_CASE constants (module-level patterns) are fixed text.
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'source') return /^[A-Z][A-Z0-9_]*$/.test(node.expression.getText());
  if (ts.isIdentifier(node)) return /^[A-Z][A-Z0-9_]*$/.test(node.text);
  return false;
}

let scanned: { literals: FoundRegExp[]; constructions: Construction[] } | undefined;

function scan(): { literals: FoundRegExp[]; constructions: Construction[] } {
  if (scanned) return scanned;
  const literals: FoundRegExp[] = [];
  const constructions: Construction[] = [];
  for (const path of FOLDERS.flatMap(sourceFiles)) {
    const file = relative(ROOT, path).split('\\').join('/');
    const sourceFile = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const slash = text.lastIndexOf('/');
        literals.push({ file, line: lineOf(node), source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText() === 'RegExp') {
        constructions.push({ file, line: lineOf(node), text: node.getText().slice(0, 120), safe: safePattern(node.arguments?.[0]) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  scanned = { literals, constructions };
  return scanned;
}

describe('Regular expressions never backtrack catastrophically', () => {
  it('finds the regular expressions of the core, the features and the edge to check', () => {
    const { literals } = scan();
    assert.ok(literals.length > 100, `found ${literals.length}`);
    assert.ok(literals.some((found) => found.file === 'src/core/text/normalize.ts'), 'normalize.ts is among them');
  });

  it('has no regular expression with exponential backtracking', () => {
    const exponential = scan()
      .literals.filter((found) => analyse({ source: found.source, flags: found.flags }).reports.some((report) => report.exponential))
      .map((found) => `${found.file}:${found.line} /${found.source}/${found.flags}`);
    assert.deepEqual(exponential, []);
  });

  it('has no super-linear regular expression on input the code does not bound', () => {
    const unexplained: string[] = [];
    for (const found of scan().literals) {
      const reports = analyse({ source: found.source, flags: found.flags }).reports;
      if (reports.length === 0) continue;
      const known = BOUNDED.find((entry) => entry.file === found.file && entry.source === found.source);
      if (!known) {
        // Not explained: it must at least be fast on a long attack string (it may be a false report).
        const worst = Math.max(...reports.map((report) => slowest(found, pick(report.character.set), 20_000)));
        if (worst > 50) unexplained.push(`${found.file}:${found.line} /${found.source}/${found.flags} took ${Math.round(worst)} ms on 20,000 characters`);
        continue;
      }
      const worst = Math.max(...reports.map((report) => slowest(found, pick(report.character.set), known.bound)));
      assert.ok(worst < 20, `${found.file}:${found.line} takes ${Math.round(worst)} ms at its bound of ${known.bound} (${known.why})`);
    }
    assert.deepEqual(unexplained, []);
  });

  it('keeps every explained exception in use (a stale entry would hide a new expression)', () => {
    const { literals } = scan();
    const stale = BOUNDED.filter((entry) => !literals.some((found) => found.file === entry.file && found.source === entry.source));
    assert.deepEqual(stale, []);
  });

  it('shows the probe catches a catastrophic expression (the check can fail)', () => {
    const bad: FoundRegExp = { file: 'example', line: 0, source: '\\s+$', flags: '' };
    assert.ok(analyse({ source: bad.source, flags: bad.flags }).reports.length > 0, 'scslre reports /\\s+$/');
    const time = (n: number) => {
      const input = `a${' '.repeat(n)}a`;
      const started = cpuMs();
      for (let i = 0; i < 3; i++) /\s+$/.exec(input);
      return cpuMs() - started;
    };
    // Ten times the input, a hundred times the time (quadratic); well over five times allows for noise.
    assert.ok(time(8_000) > 5 * Math.max(time(800), 0.2), 'its time grows faster than its input');
  });
});

describe('Regular expressions are never built from unescaped text', () => {
  it('builds every RegExp from a constant or from text passed through escapeRegExp', () => {
    const unsafe = scan()
      .constructions.filter((construction) => !construction.safe)
      .map((construction) => `${construction.file}:${construction.line} ${construction.text}`);
    assert.deepEqual(unsafe, []);
  });

  it('recognises an unescaped pattern as unsafe and an escaped one as safe', () => {
    const parse = (code: string) => {
      const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
      const statement = file.statements[0] as ts.ExpressionStatement;
      return safePattern((statement.expression as ts.NewExpression).arguments?.[0]);
    };
    assert.equal(parse('new RegExp(userText, "g")'), false);
    assert.equal(parse('new RegExp(`\\\\b${alias}\\\\b`)'), false);
    assert.equal(parse('new RegExp(escapeRegExp(userText), "g")'), true);
    assert.equal(parse('new RegExp(`\\\\b${escapeRegExp(alias)}\\\\b`, "u")'), true);
    assert.equal(parse('new RegExp("^[a-z]+$")'), true);
  });
});
