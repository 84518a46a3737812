// People and groups the Wikipedia article names only in its "See also" list: cards whose facts say where they
// are named, and cite that list (a paragraph the reader shows), never more than the texts say.
import * as assert from 'node:assert/strict';
import { bundledLibrary } from '../../../src/core/sources/bundledCorpus';

describe('Names listed under See also in the Wikipedia article', () => {
  const library = bundledLibrary();
  const seeAlso = library.source('wikipedia-lgsm')!.paragraphs.at(-1)!;

  it('keeps the See also list as the article’s last paragraph, after the 19 of its prose', () => {
    assert.equal(seeAlso.number, 20);
    assert.equal(seeAlso.text, 'Siân James MP; Jonathan Blake; Hefina Headon; Women Against Pit Closures; Intersectionality; Socialism and LGBT rights');
  });

  for (const [name, id] of [
    ['Jonathan Blake', 'jonathan-blake'],
    ['Hefina Headon', 'hefina-headon'],
    ['Women Against Pit Closures', 'women-against-pit-closures'],
  ] as const) {
    it(`gives ${name} a card whose only fact says it is listed under See also, citing that list`, () => {
      const text = `We read about ${name} last week.`;
      assert.equal(library.entityAt(text, text.indexOf(name) + 1)?.entityId, id);
      const entity = library.entity(id)!;
      assert.deepEqual(
        entity.facts.map((fact) => [fact.text, fact.cites]),
        [['Listed under See also in the Wikipedia article, with no other mention in the bundled texts.', [{ source: 'wikipedia-lgsm', paragraph: 20 }]]],
      );
      assert.deepEqual(
        entity.mentions.map((mention) => [mention.source, mention.paragraph, mention.text]),
        [['wikipedia-lgsm', 20, name]],
      );
    });
  }

  it('adds the See also entry to Siân James’s own card rather than a second card for "Siân James MP"', () => {
    const text = 'Siân James MP spoke.';
    assert.equal(library.entityAt(text, 2)?.entityId, 'sian-james');
    assert.ok(library.entity('sian-james')!.facts.some((fact) => fact.cites.some((cite) => cite.source === 'wikipedia-lgsm' && cite.paragraph === 20)));
  });

  it('does not give "Blake" alone a card: John Blake the publisher is someone else', () => {
    const text = 'Blake said so.';
    assert.equal(library.entityAt(text, 1), undefined);
  });
});
