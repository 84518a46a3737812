// A fetched web page → its article and its facts. Loaded on first use (a chunk of its own on the desktop, with
// linkedom and Readability): the page's HTML is parsed by linkedom, which runs no scripts and loads nothing (no
// images, fonts, styles or frames: it has no network code); the facts are read from the whole page, then the chrome
// is taken out and Mozilla Readability finds the article in what is left.
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import type { Result } from '../types';
import { fail, ok } from '../types';
import type { DomDocument, DomElement } from './dom';
import { visibleText } from './dom';
import type { ArticleBlock } from './articleBlocks';
import { articleBlocks, removeChrome } from './articleBlocks';
import type { PageFacts } from './pageMetadata';
import { readPageFacts } from './pageMetadata';

export interface WebArticle {
  facts: PageFacts;
  blocks: ArticleBlock[];
}

/** Fewer words than this is not an article (a log-in wall, an index page, an error page served as 200). */
const MIN_ARTICLE_WORDS = 40;

export function readWebPage(html: string, finalUrl: string): Result<WebArticle> {
  const { document } = parseHTML(html) as unknown as { document: DomDocument & { documentElement: DomElement } };
  // Readability's own JSON-LD reading is off: the facts are read here, in Zotero's order, from the untouched page.
  const factsDocument = (parseHTML(html) as unknown as { document: DomDocument }).document;
  removeChrome(document);
  let parsed: ReturnType<Readability<DomElement>['parse']>;
  try {
    parsed = new Readability<DomElement>(document as never, { serializer: (node) => node as unknown as DomElement, disableJSONLD: true }).parse();
  } catch (error) {
    return fail(`The page could not be read as an article (${error instanceof Error ? error.message : String(error)}).`);
  }
  const blocks = parsed?.content ? articleBlocks(parsed.content) : [];
  const words = blocks.reduce((count, block) => count + (block.kind === 'paragraph' ? block.text.split(' ').length : block.kind === 'quote' ? block.lines.join(' ').split(' ').length : 0), 0);
  if (words < MIN_ARTICLE_WORDS) {
    return fail(`${finalUrl} has no article to read (${words} word${words === 1 ? '' : 's'} of running text): it may be an index page, a log-in wall, or a page built by scripts, which Sourcebook does not run.`);
  }
  const facts = readPageFacts(factsDocument, finalUrl, {
    byline: parsed?.byline ? visibleText(parsed.byline) : undefined,
    title: parsed?.title ? visibleText(parsed.title) : undefined,
  });
  return ok({ facts, blocks: dropLeadingTitle(blocks, facts.title?.value) });
}

/** The article's own heading repeating the title is not a paragraph, and the front matter already has it. */
function dropLeadingTitle(blocks: ArticleBlock[], title: string | undefined): ArticleBlock[] {
  const first = blocks[0];
  if (first?.kind === 'heading' && title && first.text.toLowerCase() === title.toLowerCase()) return blocks.slice(1);
  return blocks;
}
