// Mention texts, one string per spelling: a library names the same people in the same words thousands of times (at
// 150 MB, 130,000 mentions in a few thousand spellings), and a string each is as many objects for every major
// collection to mark. Kept as strings of their own (a slice would keep its paragraph's whole text alive); emptied
// when it reaches `MENTION_TEXTS` spellings.

/** Spelling → its one string; emptied when it holds `MENTION_TEXTS` spellings (a bound, never reached by names). */
const mentionTexts = new Map<string, string>();
const MENTION_TEXTS = 50_000;

/** The one string kept for the spelling `text` (a mention's words as its source writes them). */
export function mentionText(text: string): string {
  const kept = mentionTexts.get(text);
  if (kept !== undefined) return kept;
  if (mentionTexts.size >= MENTION_TEXTS) mentionTexts.clear();
  const own = JSON.parse(JSON.stringify(text)) as string;
  mentionTexts.set(own, own);
  return own;
}
