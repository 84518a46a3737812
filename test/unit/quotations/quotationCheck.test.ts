import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkQuotation } from '../../../src/core/quotations/quotationCheck';
import type { QuotationCheck } from '../../../src/core/quotations/quotationCheck';
import { checkQuotations } from '../../../src/core/quotations/quotationChecker';
import { findQuotations } from '../../../src/core/quotations/quotationFinder';
import { SourceWordIndex } from '../../../src/core/quotations/sourceWordIndex';
import { parseSource } from '../../../src/core/sources/sourceParser';
import type { Source } from '../../../src/core/types';
import { notesSource } from '../helpers/fixtures';

const corpusDir = join(__dirname, '..', '..', '..', 'corpus', 'sources');
const sources: Source[] = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.md'))
  .sort()
  .map((file) => parseSource(readFileSync(join(corpusDir, file), 'utf8'), file).source)
  .filter((source): source is Source => source !== undefined);

function checkOne(draft: string): QuotationCheck {
  const results = checkQuotations(draft, sources);
  assert.equal(results.length, 1, `one quotation in ${JSON.stringify(draft)}`);
  return results[0];
}

describe('checking quotations against the sources', () => {
  it('has the four bundled sources to check against', () => {
    assert.deepEqual(sources.map((source) => source.meta.key), ['bossy-lovewins', 'byrne2014', 'crossan2025', 'wikipedia-lgsm']);
  });

  it('verifies Dai Donovan\'s words quoted exactly, with the right paragraph', () => {
    const result = checkOne('Dai says: “There’s a lodge banner down in the welfare. We bring it out for special occasions.” [@crossan2025, para. 4]');
    assert.equal(result.status, 'verified');
    assert.equal(result.citation, 'correct');
    assert.deepEqual({ source: result.match?.source, paragraph: result.match?.paragraph }, { source: 'crossan2025', paragraph: 4 });
    assert.equal(result.match?.text, 'There’s a lodge banner down in the welfare. We bring it out for special occasions');
  });

  it('accepts an omission marked with an ellipsis in each of its forms', () => {
    for (const dots of ['…', '...', '. . .', '[…]', '[...]']) {
      const result = checkOne(`“There’s a lodge banner down in the welfare ${dots} It’s a hundred years old.” [@crossan2025, para. 4]`);
      assert.equal(result.status, 'verified', dots);
    }
  });

  it('accepts a bracketed lower-case letter for the source\'s capital: "[t]he power of the ruling class"', () => {
    const result = checkOne('Crossan argues that “[t]he power of the ruling class is highly concentrated” [@crossan2025, para. 6].');
    assert.equal(result.status, 'verified');
  });

  it('accepts a bracketed word standing for the source\'s pronoun', () => {
    // Byrne, para. 6: "When the NUM national leadership won’t agree to take their money, they bypass it altogether".
    const result = checkOne('“[LGSM] bypass it altogether, simply phoning up the miners village by village” [@byrne2014, para. 6].');
    assert.equal(result.status, 'verified');
  });

  it('ignores [sic] after the source\'s "National Union of Miners"', () => {
    const result = checkOne('Crossan writes of “the National Union of Miners [sic] (NUM) in their 1984-85 strike against the Thatcher government” [@crossan2025, para. 2].');
    assert.equal(result.status, 'verified');
  });

  it('treats straight and curly apostrophes, a line break and a capital at the start as the same words', () => {
    const result = checkOne('As Dai says, "there\'s a lodge banner down\nin the welfare" [@crossan2025, para. 4].');
    assert.equal(result.status, 'verified');
  });

  it('keeps a quote within the quote: "the flamboyantly ‘wonderful’ and ‘irresistible’ movie"', () => {
    const result = checkOne('Byrne calls it "the flamboyantly ‘wonderful’ and ‘irresistible’ movie, Pride" [@byrne2014, para. 4].');
    assert.equal(result.status, 'verified');
  });

  it('reports a changed word with the source\'s word and a quick fix: "stronger" for "strongest"', () => {
    const draft = 'For Crossan, “Pride serves as a powerful reminder that we are stronger when we stand together” [@crossan2025, para. 26].';
    const result = checkOne(draft);
    assert.equal(result.status, 'differs');
    assert.equal(result.differences.length, 1);
    const [difference] = result.differences;
    assert.equal(difference.kind, 'changed');
    assert.equal(difference.draftText, 'stronger');
    assert.equal(difference.sourceText, 'strongest');
    assert.equal(draft.slice(difference.start, difference.end), 'stronger');
    assert.equal(result.replacement, 'Pride serves as a powerful reminder that we are strongest when we stand together');
    assert.equal(result.citation, 'correct');
  });

  it('reports a missing word: Siân James "really really needed help" quoted with one "really"', () => {
    const draft = 'Siân James said LGSM “came to our aid when we really needed help” [@byrne2014, para. 16].';
    const result = checkOne(draft);
    assert.equal(result.status, 'differs');
    assert.equal(result.differences.length, 1);
    assert.equal(result.differences[0].kind, 'missing');
    assert.equal(result.differences[0].sourceText, 'really');
    assert.equal(result.replacement, 'came to our aid when we really really needed help');
  });

  it('reports an added word, and keeps the writer\'s ellipsis in the quick fix', () => {
    const draft = '“An alliance of lesbians and gay men who supported the striking National Union of Mineworkers … of 1984–1985” [@wikipedia-lgsm, para. 1].';
    const result = checkOne(draft);
    assert.equal(result.status, 'differs');
    assert.deepEqual(result.differences.map((d) => [d.kind, d.draftText, d.sourceText]), [['added', 'striking', '']]);
    assert.equal(result.replacement, 'An alliance of lesbians and gay men who supported the National Union of Mineworkers … of 1984–1985');
  });

  it('keeps the writer\'s [bracketed] word when fixing a changed word next to it', () => {
    const result = checkOne('“[LGSM] bypass it entirely, simply phoning up the miners village by village” [@byrne2014, para. 6].');
    assert.equal(result.status, 'differs');
    assert.deepEqual(result.differences.map((d) => [d.kind, d.draftText, d.sourceText]), [['changed', 'entirely', 'altogether']]);
    assert.equal(result.replacement, '[LGSM] bypass it altogether, simply phoning up the miners village by village');
  });

  it('turns the source\'s double quotes into single ones inside the writer\'s quotation in the quick fix', () => {
    const result = checkOne('“LGSM announced on 9 October 2015 that they would ‘wind down as a current campaigning group’” [@wikipedia-lgsm, para. 16].');
    assert.equal(result.status, 'differs');
    assert.equal(result.replacement, 'LGSM announced on 9 October 2015 that they would ‘wind down as a current campaigning force’');
  });

  it('reports the wrong paragraph in [@crossan2025, para. 2] and says which paragraph to cite', () => {
    const result = checkOne('“There’s a lodge banner down in the welfare. We bring it out for special occasions.” [@crossan2025, para. 2]');
    assert.equal(result.status, 'wrongCitation');
    assert.equal(result.citation, 'wrong');
    assert.deepEqual(result.expectedCitation, { source: 'crossan2025', paragraph: 4 });
  });

  it('reports a citation of the wrong source', () => {
    const result = checkOne('“The London group was twinned with the Neath, Dulais, and Swansea Valleys Miners Support Group” [@byrne2014, para. 5].');
    assert.equal(result.status, 'wrongCitation');
    assert.deepEqual(result.expectedCitation, { source: 'wikipedia-lgsm', paragraph: 5 });
  });

  it('reports an uncited quotation from "Bread and Roses" with the paragraph to cite', () => {
    const result = checkOne('The women sing “Hearts starve as well as bodies; give us bread, but give us roses!”');
    assert.equal(result.status, 'uncited');
    assert.equal(result.citation, 'missing');
    assert.deepEqual(result.expectedCitation, { source: 'byrne2014', paragraph: 20 });
  });

  it('leaves alone a quotation found in no source', () => {
    const result = checkOne('My aunt always said “there is no such thing as a free lunch in Swansea”.');
    assert.equal(result.status, 'notFound');
    assert.equal(result.citation, 'none');
  });

  it('verifies a cited author-date citation "(Crossan 2025, para. 4)" and a footnote naming the title', () => {
    const draft = [
      '“Shoulder to shoulder. Hand to hand.” (Crossan 2025, para. 4). And “we gained an insight into a way of life”.[^1]',
      '',
      '[^1]: Liam Byrne, “Pride and Prejudice,” *Overland*, November 2014, para. 16.',
    ].join('\n');
    const results = checkQuotations(draft, sources);
    assert.deepEqual(results.map((r) => [r.status, r.citation]), [['verified', 'correct'], ['verified', 'correct']]);
  });

  it('reads an author-date citation by family name or full name, with "n.d." for a source without a date', () => {
    const bossy = sources.find((source) => source.meta.key === 'bossy-lovewins');
    const paragraph = bossy?.paragraphs.find((p) => p.text.includes('gay marriage was legalized across the country'));
    assert.ok(paragraph, 'the Bossy post has the sentence quoted here');
    const quote = '“gay marriage was legalized across the country”';
    const cited = (citation: string) => checkOne(`As Bossy wrote, ${quote} ${citation}.`);
    assert.equal(cited(`(Bossy n.d., para. ${paragraph.number})`).citation, 'correct');
    assert.equal(cited(`(Gabrielle Bossy n.d., para. ${paragraph.number})`).citation, 'correct');
    const wrongYear = cited(`(Bossy 2015, para. ${paragraph.number})`);
    assert.equal(wrongYear.citation, 'wrong');
    assert.deepEqual(wrongYear.expectedCitation, { source: 'bossy-lovewins', paragraph: paragraph.number });
  });

  it('verifies a `>` block quotation of Mark Ashton\'s words, whose source has its own ellipsis', () => {
    const draft = '> so that one community could give solidarity to the other…it was really illogical, when you think about it,\n> it is quite illogical [@byrne2014, para. 12]\n';
    const result = checkOne(draft);
    assert.equal(result.status, 'verified');
  });

  it('checks LaTeX quotations cited with \\cite[para.~N]{key}', () => {
    const result = checkOne("\\documentclass{article}\n``There's a lodge banner down in the welfare'' \\cite[para.~5]{crossan2025}.");
    assert.equal(result.status, 'wrongCitation');
    assert.deepEqual(result.expectedCitation, { source: 'crossan2025', paragraph: 4 });
  });

  it('never throws on hostile quotations', () => {
    const hostile = ['“' + '[' .repeat(5000) + '”', '“' + '… '.repeat(5000) + '”', '“' + 'the '.repeat(3000) + '”', '"' + ']['.repeat(3000) + '"', '“[sic] [sic] [sic] [sic]”'];
    for (const draft of hostile) assert.doesNotThrow(() => checkQuotations(draft, sources));
  });
});

describe('checking a quotation against one source of the library', () => {
  const index = new SourceWordIndex(sources);

  it('finds the quoted words in the source asked for, as an index of that source alone would', () => {
    const draft = [
      'Dai says: “There’s a lodge banner down in the welfare. We bring it out for special occasions.” [@crossan2025, para. 4]',
      'Siân James: “we really really needed help” [@byrne2014, para. 16].',
      'The women sing “Hearts starve as well as bodies; give us bread, but give us roses!”',
      'And “Lesbians and Gays Support the Miners came to our aid”.',
    ].join('\n\n');
    const quotations = findQuotations(draft);
    assert.equal(quotations.length, 4);
    for (const quotation of quotations) {
      for (const source of sources) {
        const alone = checkQuotation(new SourceWordIndex([source]), quotation);
        const within = checkQuotation(index, quotation, { source: source.meta.key });
        assert.deepEqual([within.status, within.match], [alone.status, alone.match], `${quotation.text} in ${source.meta.key}`);
      }
    }
  });

  it('finds nothing in a source that does not hold the words, and nothing in a source the library does not have', () => {
    const [quotation] = findQuotations('Dai says: “There’s a lodge banner down in the welfare.” [@crossan2025, para. 4]');
    assert.equal(checkQuotation(index, quotation).match?.source, 'crossan2025');
    assert.equal(checkQuotation(index, quotation, { source: 'wikipedia-lgsm' }).status, 'notFound');
    assert.equal(checkQuotation(index, quotation, { source: 'nosuch' }).status, 'notFound');
  });
});

describe('checking a quotation whose cited paragraph holds it with a change', () => {
  const exact = 'The lodge banner went up the hill with the whole village behind it that morning.';
  const changed = 'The lodge banner went up the valley with the whole village behind it that morning.';
  const filler = (n: number) => `Paragraph ${n} talks of pits, pickets and the long strike winter, not of banners.`;
  const check = (index: SourceWordIndex, draft: string) => {
    const [quotation] = findQuotations(draft);
    return checkQuotation(index, quotation);
  };

  it('reports the word the cited paragraph has when no paragraph holds the quotation exactly', () => {
    const index = new SourceWordIndex([notesSource('diary', [filler(1), changed, filler(3)])]);
    const result = check(index, 'She wrote “the lodge banner went up the hill with the whole village behind it” [@diary, para. 2].');
    assert.equal(result.status, 'differs');
    assert.equal(result.citation, 'correct');
    assert.deepEqual(
      result.differences.map((difference) => [difference.draftText, difference.sourceText]),
      [['hill', 'valley']],
    );
  });

  it('points to the paragraph that holds the quotation word for word, even though the cited one differs by one word', () => {
    const index = new SourceWordIndex([notesSource('diary', [filler(1), changed, filler(3)]), notesSource('letters', [filler(1), filler(2), exact])]);
    const result = check(index, 'She wrote “the lodge banner went up the hill with the whole village behind it” [@diary, para. 2].');
    assert.equal(result.status, 'wrongCitation');
    assert.deepEqual(result.expectedCitation, { source: 'letters', paragraph: 3 });
  });

  it('keeps the cited paragraph when another differs from the quotation by as many words', () => {
    const other = 'The lodge banner went up the road with the whole village behind it that morning.';
    const index = new SourceWordIndex([notesSource('letters', [other]), notesSource('diary', [filler(1), changed])]);
    const result = check(index, 'She wrote “the lodge banner went up the hill with the whole village behind it” [@diary, para. 2].');
    assert.equal(result.status, 'differs');
    assert.equal(result.match?.source, 'diary');
    assert.equal(result.citation, 'correct');
  });
});
