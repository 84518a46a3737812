// Citing with biblatex: the biblatex style each citation style compiles with, and the \autocite Sourcebook writes.
import * as assert from 'node:assert/strict';
import { biblatexCitation, biblatexStyleFor } from '../../../src/core/citations/biblatex';
import { Citations } from '../../../src/core/citations/citations';
import { bundledStyles } from '../../../src/core/citations/styles';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';
import { MINIMAL_STYLE } from '../../fixtures/minimalStyle';

const style = (id: string) => {
  const found = bundledStyles().find((s) => s.id === id);
  assert.ok(found, id);
  return biblatexStyleFor(found);
};

describe('The biblatex style of each citation style', () => {
  it('compiles Chicago author-date with biblatex-chicago’s authordate', () => {
    assert.equal(style('chicago-author-date').usepackage, '\\usepackage[authordate,backend=biber]{biblatex-chicago}');
  });

  it('compiles Chicago notes and bibliography with biblatex-chicago’s notes', () => {
    assert.equal(style('chicago-fullnote-bibliography').usepackage, '\\usepackage[notes,backend=biber]{biblatex-chicago}');
  });

  it('compiles MLA with biblatex-mla, in American English (the full stop inside the quotation marks)', () => {
    assert.equal(style('modern-language-association').usepackage, '\\usepackage[style=mla,backend=biber,language=american]{biblatex}');
  });

  it('compiles APA with biblatex-apa', () => {
    assert.equal(style('apa').usepackage, '\\usepackage[style=apa,backend=biber,language=american]{biblatex}');
  });

  it('compiles Cite Them Right with bath, a Harvard style that writes “n.d.” rather than an access year', () => {
    assert.equal(style('harvard-cite-them-right').usepackage, '\\usepackage[style=bath,backend=biber,language=british]{biblatex}');
  });

  it('has an entry for every bundled style, none a stand-in', () => {
    for (const info of bundledStyles()) assert.equal(biblatexStyleFor(info).fallback, undefined, info.id);
  });

  it('stands in for a writer’s own style with biblatex-chicago, notes or author-date by its class, and says so', () => {
    const notes = biblatexStyleFor({ id: 'my-notes', title: 'My Notes', class: 'note' });
    assert.equal(notes.usepackage, '\\usepackage[notes,backend=biber]{biblatex-chicago}');
    assert.equal(
      notes.fallback,
      'biblatex has no style matching "My Notes": the draft is compiled with biblatex-chicago (notes and bibliography). To use another, change the \\usepackage line that loads biblatex.',
    );
    assert.equal(biblatexStyleFor({ id: 'mine', title: 'Mine', class: 'in-text' }).usepackage, '\\usepackage[authordate,backend=biber]{biblatex-chicago}');
  });
});

describe('biblatex citations', () => {
  const citations = new Citations(bundledLibrary().sources.map((s) => s.meta));
  const cite = (styleId: string, items: Parameters<Citations['citeSync']>[0]['items']) => {
    const made = citations.citeSync({ style: styleId, form: 'biblatex', items });
    assert.ok(made.ok, made.ok ? '' : made.message);
    return made.value;
  };

  it('writes \\autocite with the paragraph as biblatex’s postnote', () => {
    assert.equal(cite('chicago-author-date', [{ key: 'crossan2025', paragraph: 12 }]), '\\autocite[para.~12]{crossan2025}');
    assert.equal(cite('chicago-fullnote-bibliography', [{ key: 'crossan2025', paragraph: 12 }]), '\\autocite[para.~12]{crossan2025}');
  });

  it('labels paragraphs “par.” in MLA and a range “paras.” with an en dash', () => {
    assert.equal(cite('modern-language-association', [{ key: 'crossan2025', paragraph: 12 }]), '\\autocite[par.~12]{crossan2025}');
    assert.equal(cite('apa', [{ key: 'crossan2025', paragraph: '3-4' }]), '\\autocite[paras.~3--4]{crossan2025}');
  });

  it('phrases “quoted in” as each style does, as the prenote', () => {
    assert.equal(cite('chicago-author-date', [{ key: 'byrne2014', paragraph: 17, speaker: 'Siân James' }]), '\\autocite[Siân James, quoted in][para.~17]{byrne2014}');
    assert.equal(cite('apa', [{ key: 'byrne2014', paragraph: 17, speaker: 'Siân James' }]), '\\autocite[Siân James, as cited in][para.~17]{byrne2014}');
    assert.equal(cite('harvard-cite-them-right', [{ key: 'byrne2014', paragraph: 17, speaker: 'Siân James' }]), '\\autocite[Siân James, cited in][para.~17]{byrne2014}');
    assert.equal(cite('modern-language-association', [{ key: 'byrne2014', paragraph: 17, speaker: 'Siân James' }]), '\\autocite[qtd. in][par.~17]{byrne2014}');
  });

  it('cites several sources in one command, with \\autocites when each has its own paragraph', () => {
    assert.equal(cite('chicago-author-date', [{ key: 'crossan2025' }, { key: 'byrne2014' }]), '\\autocite{crossan2025,byrne2014}');
    assert.equal(cite('chicago-author-date', [{ key: 'crossan2025', paragraph: 3 }, { key: 'byrne2014' }]), '\\autocites[para.~3]{crossan2025}{byrne2014}');
  });

  it('braces a prenote holding a bracket, so it does not end the argument early', () => {
    assert.equal(
      biblatexCitation([{ key: 'byrne2014', locator: '17', prefix: 'Siân James [in 1986], quoted in ' }], style('chicago-author-date')),
      '\\autocite[{Siân James [in 1986], quoted in}][para.~17]{byrne2014}',
    );
  });

  it('needs no citation engine: the style is only looked up', () => {
    assert.equal(citations.isReady('apa'), false);
    assert.equal(cite('apa', [{ key: 'crossan2025', paragraph: 4 }]), '\\autocite[para.~4]{crossan2025}');
  });

  it('cites in a writer’s own style as its stand-in does', async () => {
    const added = await citations.addStyle(MINIMAL_STYLE);
    assert.ok(added.ok);
    assert.equal(cite(added.value.id, [{ key: 'crossan2025', paragraph: 4 }]), '\\autocite[para.~4]{crossan2025}');
  });
});
