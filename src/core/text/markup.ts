// Markup hidden from the name matcher without moving a character: every markup character becomes a space, so an
// offset in the masked text is the same offset in the draft (as `fold` keeps offsets), and a name found in the
// masked text has its range in the draft, over the name's words and not the markup around them.
//
// Masked: Markdown emphasis (`*`, `**`, and `_` / `__` at a word's edge, never inside "snake_case"), link
// brackets and destinations (`[Mark Ashton](https://…)`: the URL's words are not prose), bare URLs, inline HTML
// tags (`<em>`), LaTeX commands with their braces (`\textit{…}`, `\emph{…}`, `\textbf{…}`). Line breaks are
// never touched, so a blank line still ends a name. Headings (`#`) and block quotes (`>`) need no mask: the
// matcher already skips them.

/** Whether the text may hold any markup at all: most lines of prose hold none and are returned as they are. */
const MAYBE_MARKUP = /[*_[\]{}<\\]|:\/\/|www\./;

/** Runs masked whole: link destinations, bare URLs, HTML tags, LaTeX command names. */
const MASKED_RUNS = /\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"\n]*")?\)|(?:\bhttps?:\/\/|\bwww\.)[^\s<>()[\]]+|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?\/?>|\\[A-Za-z@]+\*?/g;

/** Single markup characters: emphasis, brackets and braces. */
const MARKUP_CHARS = /[*[\]{}]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

const spaces = (run: string): string => ' '.repeat(run.length);

/** `text` with its markup replaced by spaces: the same length, every other character where it was. */
export function maskMarkup(text: string): string {
  if (!MAYBE_MARKUP.test(text)) return text;
  return text.replace(MASKED_RUNS, spaces).replace(MARKUP_CHARS, spaces);
}
