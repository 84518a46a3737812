// Formatted citations and entries as LaTeX (the `plain` form and the thebibliography in a LaTeX draft), and the
// `\cite` form's "quoted in".
import * as assert from 'node:assert/strict';
import { Citations } from '../../../src/core/citations/citations';
import { bossy, byrne, crossan, wikipedia } from '../../fixtures/recordedSources';

describe('Formatted citations in LaTeX', () => {
  const citations = new Citations([crossan, byrne, bossy, wikipedia]);
  before(async function () {
    this.timeout(30000);
    for (const style of ['chicago-author-date', 'chicago-fullnote-bibliography', 'modern-language-association']) assert.ok((await citations.prepare(style)).ok);
  });
  const entry = (style: string, key: string) => {
    const made = citations.bibliographySync(style, [key], 'latex');
    assert.ok(made.ok, made.ok ? '' : made.message);
    return made.value[0];
  };
  const cite = (style: string, items: Parameters<Citations['citeSync']>[0]['items']) => {
    const made = citations.citeSync({ style, form: 'plain', output: 'latex', items });
    assert.ok(made.ok, made.ok ? '' : made.message);
    return made.value;
  };

  it('italicises the magazine with \\textit and puts the URL in \\url, which breaks it without a hyphen', () => {
    assert.equal(entry('chicago-author-date', 'byrne2014'), 'Byrne, Liam. 2014. “Pride and Prejudice.” \\textit{Overland}, November 2014. \\url{https://overland.org.au/2014/11/pride-and-prejudice/}.');
  });

  it('escapes “#” in the text but writes the URL as it is, underscores and all', () => {
    assert.match(entry('chicago-author-date', 'bossy-lovewins'), /^Bossy, Gabrielle\. n\.d\. “\\#LoveWins Flashback: Lesbians and Gays Support the Miners\.” \\textit\{hippiehistorian\.com\} \(blog\)\./);
    assert.match(entry('modern-language-association', 'wikipedia-lgsm'), /\\url\{en\.wikipedia\.org\/wiki\/Lesbians_and_Gays_Support_the_Miners\}/);
  });

  it('writes the in-text citation and MLA’s “qtd. in” as the style does', () => {
    assert.equal(cite('chicago-author-date', [{ key: 'crossan2025', paragraph: 12 }]), '(Crossan 2025, para. 12)');
    assert.equal(cite('chicago-author-date', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]), '(Siân James, quoted in Byrne 2014, para. 16)');
    assert.equal(cite('modern-language-association', [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }]), '(qtd. in Byrne, par. 16)');
  });

  it('writes a notes style’s full note with the site in italics and the URL in \\url', () => {
    assert.equal(
      cite('chicago-fullnote-bibliography', [{ key: 'byrne2014', paragraph: 16 }]),
      'Liam Byrne, “Pride and Prejudice,” \\textit{Overland}, November 2014, para. 16, \\url{https://overland.org.au/2014/11/pride-and-prejudice/}.',
    );
  });

  it('leaves the text and HTML outputs without \\url after a LaTeX one', () => {
    entry('chicago-author-date', 'byrne2014');
    const text = citations.bibliographySync('chicago-author-date', ['byrne2014'], 'text');
    assert.ok(text.ok && text.value[0].endsWith('November 2014. https://overland.org.au/2014/11/pride-and-prejudice/.'), JSON.stringify(text));
    const html = citations.bibliographySync('chicago-author-date', ['byrne2014'], 'html');
    assert.ok(html.ok && !html.value[0].includes('\\url') && !html.value[0].includes('<a '), JSON.stringify(html));
  });
});

describe('The \\cite form', () => {
  const citations = new Citations([crossan, byrne]);

  it('puts a “quoted in” citation in parentheses, since \\cite prints only the bracketed number', () => {
    const made = citations.citeSync({ style: 'chicago-author-date', form: 'latex', items: [{ key: 'byrne2014', paragraph: 16, speaker: 'Siân James' }] });
    assert.deepEqual(made, { ok: true, value: '(Siân James, quoted in \\cite[para.~16]{byrne2014})' });
  });

  it('leaves a citation without “quoted in” as the bare command', () => {
    assert.deepEqual(citations.citeSync({ style: 'chicago-author-date', form: 'latex', items: [{ key: 'crossan2025', paragraph: 12 }] }), { ok: true, value: '\\cite[para.~12]{crossan2025}' });
  });
});
