// Export Draft's decisions, before any program runs: which Pandoc will do, what it is told (an argument list, the
// bibliography printed once), which PDF engine, and which line of the draft an error names. The bundled styles
// written out as CSL XML must format exactly as the styles Sourcebook formats with.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Citations } from '../../../src/core/citations/citations';
import { bundledStyles, findBundledStyle } from '../../../src/core/citations/styles';
import {
  choosePdfEngine,
  exportFileName,
  fontFallbackArgs,
  pandocErrorLine,
  hasCiteproc,
  latexmkArgs,
  messageLine,
  nocitedMetadata,
  pandocArgs,
  parsePandocVersion,
  prepareDraft,
  type PandocOptions,
} from '../../../src/core/export/pandocExport';
import { bundledStyleXml, styleLocale } from '../../../src/core/export/styleXml';
import type { SourceMeta } from '../../../src/core/types';

const DRAFT_WITH_BLOCK = [
  '---',
  'title: Shoulder to shoulder',
  'author: A. Writer',
  '---',
  'LGSM chose Dulais.[^1] The NUM was on strike [@crossan2025, para. 7].',
  '',
  '<!-- sourcebook:bibliography:start (written by Sourcebook: Insert Bibliography replaces this block) -->',
  '## Bibliography',
  '',
  'Crossan, Elliot. “An Ode to Solidarity and Organisation.” *System Change Aotearoa*, February 15, 2025.',
  '<!-- sourcebook:bibliography:end -->',
  '',
  '[^1]: Liam Byrne, “Pride and Prejudice,” *Overland*, November 2014, para. 16.',
  '',
].join('\n');

const DRAFT_WITHOUT_BLOCK = 'LGSM chose Dulais.[^1] The NUM was on strike [@crossan2025, para. 7].\n\n[^1]: Byrne, “Pride and Prejudice,” para. 16.\n';

function options(text: string, overrides: Partial<PandocOptions> = {}): PandocOptions {
  return {
    format: 'docx',
    inputFile: '/tmp/x/draft.md',
    outputFile: '/tmp/x/export.docx',
    cslFile: '/store/styles/chicago-fullnote-bibliography.csl',
    bibliographyFile: '/tmp/x/references.json',
    style: { id: 'chicago-fullnote-bibliography' },
    lang: 'en-US',
    citedKeys: ['byrne2014', 'crossan2025'],
    prepared: prepareDraft(text, 'markdown'),
    metadataFile: '/tmp/x/metadata.yaml',
    fallbackTitle: 'draft',
    ...overrides,
  };
}

/** The value given to `--name` (the argument after it), for each time it is given. */
function values(args: readonly string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name ? [args[i + 1]] : []));
}

describe('Export Draft: what Pandoc is asked to do', () => {
  it('reads "pandoc 2.17.1.1" and "pandoc.exe 3.1.9" as versions, and nothing from another program', () => {
    assert.deepEqual(parsePandocVersion('pandoc 2.17.1.1\nCompiled with pandoc-types 1.22.1, texmath 0.12.4\n'), [2, 17, 1, 1]);
    assert.deepEqual(parsePandocVersion('pandoc.exe 3.1.9\r\nFeatures: +server +lua\r\n'), [3, 1, 9]);
    assert.equal(parsePandocVersion('bash: pandoc: command not found'), undefined);
    assert.equal(parsePandocVersion(''), undefined);
  });

  it('takes Pandoc 2.11 and later, whose --citeproc is built in, and refuses 2.10 and 1.19', () => {
    assert.equal(hasCiteproc([2, 11]), true);
    assert.equal(hasCiteproc([2, 17, 1, 1]), true);
    assert.equal(hasCiteproc([3, 0]), true);
    assert.equal(hasCiteproc([2, 10, 1]), false);
    assert.equal(hasCiteproc([1, 19, 2]), false);
  });

  it('gives Pandoc an argument list with --citeproc, the style, the cited sources, the locale and the Word template', () => {
    const args = pandocArgs(options(DRAFT_WITHOUT_BLOCK, { referenceDoc: '/home/w/My Template.docx' }));
    assert.equal(args[0], '/tmp/x/draft.md');
    assert.deepEqual(values(args, '--to'), ['docx']);
    assert.ok(args.includes('--citeproc'));
    assert.deepEqual(values(args, '--csl'), ['/store/styles/chicago-fullnote-bibliography.csl']);
    assert.deepEqual(values(args, '--bibliography'), ['/tmp/x/references.json']);
    assert.ok(values(args, '--metadata').includes('lang=en-US'));
    assert.deepEqual(values(args, '--reference-doc'), ['/home/w/My Template.docx'], 'a path with a space stays one argument');
  });

  it('keeps Sourcebook’s bibliography block and tells Pandoc to print none, so the bibliography appears once', () => {
    const prepared = prepareDraft(DRAFT_WITH_BLOCK, 'markdown');
    assert.equal(prepared.keepsOwnBibliography, true);
    assert.equal(prepared.text, DRAFT_WITH_BLOCK, 'the draft goes to Pandoc line for line');
    const args = pandocArgs(options(DRAFT_WITH_BLOCK));
    const metadata = values(args, '--metadata');
    assert.ok(metadata.includes('suppress-bibliography=true'));
    assert.ok(!metadata.some((m) => m.startsWith('reference-section-title=')));
    assert.deepEqual(values(args, '--metadata-file'), [], 'no nocite list: Pandoc lists nothing');
  });

  it('blanks a plain-text draft’s bibliography markers, keeping its lines, so no export prints them', () => {
    const plain = 'A claim (Crossan 2025, para. 7).\n\n[sourcebook:bibliography:start]\nReferences\n\nCrossan, Elliot. 2025. “An Ode.”\n[sourcebook:bibliography:end]\n';
    const prepared = prepareDraft(plain, 'plain');
    assert.equal(prepared.keepsOwnBibliography, true);
    assert.equal(prepared.text, 'A claim (Crossan 2025, para. 7).\n\n\nReferences\n\nCrossan, Elliot. 2025. “An Ode.”\n\n');
    assert.equal(prepared.text.split('\n').length, plain.split('\n').length, 'the lines stay where they were');
  });

  it('lets Pandoc print the bibliography of a draft without a block, headed as the style heads it, with links', () => {
    const args = pandocArgs(options(DRAFT_WITHOUT_BLOCK));
    const metadata = values(args, '--metadata');
    assert.ok(!metadata.includes('suppress-bibliography=true'));
    assert.ok(metadata.includes('reference-section-title=Bibliography'));
    assert.ok(metadata.includes('link-citations=true'));
    assert.deepEqual(values(args, '--metadata-file'), ['/tmp/x/metadata.yaml']);
    const mla = pandocArgs(options(DRAFT_WITHOUT_BLOCK, { style: { id: 'modern-language-association' } }));
    assert.ok(values(mla, '--metadata').includes('reference-section-title=Works Cited'));
  });

  it('lists the sources cited only in Sourcebook’s notes through nocite, as citations Pandoc reads', () => {
    const yaml = nocitedMetadata(['byrne2014', 'crossan2025', 'odd key}']);
    assert.ok(yaml);
    const parsed = parseYaml(yaml.replace(/\.\.\.\n$/, '')) as { nocite: string };
    assert.equal(parsed.nocite.trim(), '@byrne2014, @crossan2025, @{odd key}}');
    assert.equal(nocitedMetadata([]), undefined);
  });

  it('titles an HTML page by the file name only when the front matter names no title', () => {
    assert.ok(values(pandocArgs(options(DRAFT_WITHOUT_BLOCK, { format: 'html' })), '--metadata').includes('pagetitle=draft'));
    assert.ok(!values(pandocArgs(options(DRAFT_WITH_BLOCK, { format: 'html' })), '--metadata').some((m) => m.startsWith('pagetitle=')));
  });

  it('gives a PDF the installed engine and no --to, and Word’s template only to Word and OpenDocument', () => {
    const pdf = pandocArgs(options(DRAFT_WITHOUT_BLOCK, { format: 'pdf', outputFile: '/tmp/x/export.pdf', pdfEngine: 'lualatex', referenceDoc: '/t.docx' }));
    assert.deepEqual(values(pdf, '--pdf-engine'), ['lualatex']);
    assert.deepEqual(values(pdf, '--to'), []);
    assert.deepEqual(values(pdf, '--reference-doc'), []);
    assert.deepEqual(values(pandocArgs(options(DRAFT_WITHOUT_BLOCK, { format: 'odt', referenceDoc: '/t.odt' })), '--reference-doc'), ['/t.odt']);
  });

  it('picks pdflatex when it is installed, else the next engine, else none', () => {
    assert.equal(choosePdfEngine((p) => ['lualatex', 'pdflatex'].includes(p)), 'pdflatex');
    assert.equal(choosePdfEngine((p) => p === 'weasyprint'), 'weasyprint');
    assert.equal(choosePdfEngine(() => false), undefined);
  });

  it('compiles a LaTeX draft with latexmk into a folder of its own, stopping at the first error', () => {
    assert.deepEqual(latexmkArgs('draft.tex', '/tmp/out'), ['-pdf', '-interaction=nonstopmode', '-halt-on-error', '-outdir=/tmp/out', 'draft.tex']);
  });

  it('names the draft’s line from Pandoc’s and LaTeX’s messages, and no line outside the draft', () => {
    assert.equal(messageLine('Error parsing YAML metadata at "draft.md" (line 3, column 1):\nmapping values are not allowed', 40), 3);
    assert.equal(messageLine('YAML parse exception at line 2, column 6,\nwhile scanning a simple key', 40), 2);
    assert.equal(messageLine('! Undefined control sequence.\nl.27 \\foo\n', 40), 27);
    assert.equal(messageLine('Error producing PDF.\n! LaTeX Error: File `x.sty\' not found.\n\nl.90 ', 40), undefined, 'line 90 of a 40-line draft is not the draft’s');
    assert.equal(messageLine('pandoc: draft.md: openBinaryFile: does not exist', 40), undefined);
  });

  it('names no draft line for a PDF’s LaTeX error, whose lines are of the LaTeX Pandoc wrote', () => {
    const stderr = "Error producing PDF.\n! LaTeX Error: File `lmodern.sty' not found.\n\nl.9 \\usepackage\n";
    assert.equal(pandocErrorLine(stderr, 40), undefined);
    assert.equal(pandocErrorLine('YAML parse exception at line 3, column 0,\nwhile parsing a flow sequence', 40), 3);
  });

  it('sets a LaTeX engine’s PDF in Computer Modern when Latin Modern is not installed, and leaves the template alone otherwise', () => {
    const fallback = fontFallbackArgs('pdflatex', false);
    assert.deepEqual(fallback, ['--variable', 'fontfamily=fix-cm', '--variable', 'microtypeoptions=expansion=false']);
    assert.deepEqual(fontFallbackArgs('lualatex', false), fallback);
    assert.deepEqual(fontFallbackArgs('pdflatex', true), []);
    assert.deepEqual(fontFallbackArgs('weasyprint', false), []);
    const args = pandocArgs(options(DRAFT_WITHOUT_BLOCK, { format: 'pdf', pdfEngine: 'pdflatex', fontFallback: fallback }));
    assert.deepEqual(values(args, '--variable'), ['fontfamily=fix-cm', 'microtypeoptions=expansion=false']);
    assert.deepEqual(values(pandocArgs(options(DRAFT_WITHOUT_BLOCK, { fontFallback: fallback })), '--variable'), [], 'only a PDF');
  });

  it('names the export after the draft', () => {
    assert.equal(exportFileName('essay.md', 'docx'), 'essay.docx');
    assert.equal(exportFileName('essay.final.tex', 'pdf'), 'essay.final.pdf');
    assert.equal(exportFileName('notes', 'html'), 'notes.html');
  });
});

/** The bundled corpus's four sources, read from their front matter. */
function corpusSources(): SourceMeta[] {
  const dir = path.join(__dirname, '..', '..', '..', 'corpus', 'sources');
  return ['crossan2025', 'byrne2014', 'bossy-lovewins', 'wikipedia-lgsm'].map((key) => {
    const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(fs.readFileSync(path.join(dir, `${key}.md`), 'utf8'));
    assert.ok(match);
    const meta = parseYaml(match[1]) as SourceMeta & { quotations?: unknown };
    delete meta.quotations;
    return meta;
  });
}

describe('Export Draft: the bundled styles as .csl files for Pandoc', () => {
  const citations = new Citations(corpusSources());

  for (const style of bundledStyles()) {
    it(`writes ${style.id} as CSL XML that formats the notes and the bibliography as the bundled style does`, async () => {
      const xml = bundledStyleXml(style.id);
      assert.ok(xml.ok, xml.ok ? '' : xml.message);
      assert.match(xml.value, /^<\?xml version="1.0" encoding="utf-8"\?>\n<style xmlns="http:\/\/purl.org\/net\/xbiblio\/csl"/);
      const added = await citations.addStyle(xml.value, 'written-out');
      assert.ok(added.ok, added.ok ? '' : added.message);
      assert.equal(added.value.class, style.class);
      const items = [{ key: 'crossan2025', paragraph: 7 }];
      for (const citedBefore of [[], ['crossan2025']]) {
        const bundled = await citations.cite({ style: style.id, form: 'plain', items, citedBefore });
        const written = await citations.cite({ style: added.value.id, form: 'plain', items, citedBefore });
        assert.ok(bundled.ok && written.ok);
        assert.equal(written.value, bundled.value);
      }
      // MLA's URLs without https:// and APA's retrieval dates are Sourcebook's rules for the items (styles.ts), which the
      // export applies to the CSL-JSON it gives Pandoc; the style alone formats the rest.
      if (Object.keys(findBundledStyle(style.id)?.items ?? {}).length > 0) return;
      const keys = ['crossan2025', 'byrne2014', 'bossy-lovewins'];
      const bundledList = await citations.bibliography(style.id, keys, 'markdown');
      const writtenList = await citations.bibliography(added.value.id, keys, 'markdown');
      assert.ok(bundledList.ok && writtenList.ok);
      assert.deepEqual(writtenList.value, bundledList.value);
    });
  }

  it('reads the locale Pandoc is given from the style: British English for Cite Them Right', () => {
    const harvard = bundledStyleXml('harvard-cite-them-right');
    const chicago = bundledStyleXml('chicago-author-date');
    assert.ok(harvard.ok && chicago.ok);
    assert.equal(styleLocale(harvard.value), 'en-GB');
    assert.equal(styleLocale(chicago.value), undefined, 'Chicago names none: Pandoc, like citeproc-js, takes en-US');
    assert.equal(styleLocale('<style xmlns="http://purl.org/net/xbiblio/csl" class="note" default-locale="fr-FR">'), 'fr-FR');
  });
});
