import * as assert from 'node:assert/strict';
import { bibliographyBlock, bibliographyEdit, findBibliographyBlock } from '../../../src/core/drafts/bibliographyBlock';

function apply(text: string, edit: { start: number; end: number; text: string }): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

const entries = ['Byrne, Liam. 2014. “Pride and Prejudice.” *Overland*.', 'Crossan, Elliot. 2025. “An Ode.”'];

describe('The bibliography block in a draft', () => {
  it('writes a Markdown bibliography between HTML comment markers at the end, after one blank line', () => {
    const draft = 'Some prose [@byrne2014].\n';
    const block = bibliographyBlock({ format: 'markdown', heading: 'References', entries });
    const edit = bibliographyEdit(draft, block, 'markdown');
    assert.ok(edit.ok);
    const result = apply(draft, edit.value);
    assert.match(result, /^Some prose \[@byrne2014\]\.\n\n<!-- sourcebook:bibliography:start .*-->\n## References\n\nByrne, Liam/);
    assert.ok(result.endsWith('An Ode.”\n<!-- sourcebook:bibliography:end -->\n'));
  });

  it('replaces the block on the next run instead of adding a second one', () => {
    const draft = 'Prose.\n';
    const first = bibliographyEdit(draft, bibliographyBlock({ format: 'markdown', heading: 'References', entries }), 'markdown');
    assert.ok(first.ok);
    const once = apply(draft, first.value);
    const second = bibliographyEdit(once, bibliographyBlock({ format: 'markdown', heading: 'Works Cited', entries: [entries[1]] }), 'markdown');
    assert.ok(second.ok);
    const twice = apply(once, second.value);
    assert.equal(twice.split('sourcebook:bibliography:start').length, 2);
    assert.match(twice, /## Works Cited/);
    assert.doesNotMatch(twice, /Byrne/);
    const third = bibliographyEdit(twice, bibliographyBlock({ format: 'markdown', heading: 'Works Cited', entries: [entries[1]] }), 'markdown');
    assert.ok(third.ok);
    assert.equal(apply(twice, third.value), twice, 'running it again with the same entries changes nothing');
  });

  it('goes before the footnote definitions that close a Markdown draft', () => {
    const draft = 'Prose.[^1]\n\n[^1]: Crossan 2025, para. 4.\n';
    const edit = bibliographyEdit(draft, bibliographyBlock({ format: 'markdown', heading: 'References', entries }), 'markdown');
    assert.ok(edit.ok);
    const result = apply(draft, edit.value);
    assert.ok(result.startsWith('Prose.[^1]\n\n<!-- sourcebook:bibliography:start'));
    assert.ok(result.endsWith('<!-- sourcebook:bibliography:end -->\n\n[^1]: Crossan 2025, para. 4.\n'));
  });

  it('goes before \\end{document} in LaTeX, as a thebibliography whose items \\cite can find', () => {
    const draft = '\\begin{document}\nText \\cite{byrne2014}.\n\\end{document}\n';
    // The entries are LaTeX already (citeproc's LaTeX output: specials escaped, \\textit, \\url).
    const block = bibliographyBlock({ format: 'latex', heading: 'References', entries: ['Byrne, Liam. 2014. 50\\% \\& more.'], keys: ['byrne2014'] });
    const edit = bibliographyEdit(draft, block, 'latex');
    assert.ok(edit.ok);
    const result = apply(draft, edit.value);
    assert.match(result, /\\bibitem\{byrne2014\} Byrne, Liam\. 2014\. 50\\% \\& more\.\n\\end\{thebibliography\}\n% sourcebook:bibliography:end\n\n\\end\{document\}\n$/);
  });

  it('keeps CRLF line endings', () => {
    const draft = 'Prose.\r\n';
    const edit = bibliographyEdit(draft, bibliographyBlock({ format: 'plain', heading: 'References', entries, eol: '\r\n' }), 'plain');
    assert.ok(edit.ok);
    assert.doesNotMatch(apply(draft, edit.value), /[^\r]\n/);
  });

  it('refuses when one marker was deleted by hand', () => {
    const found = findBibliographyBlock('Prose.\n<!-- sourcebook:bibliography:start -->\n## References\n');
    assert.equal(found.ok, false);
    assert.equal(bibliographyEdit('x <!-- sourcebook:bibliography:end -->', 'block', 'markdown').ok, false);
  });
});
