// The source reader's documents, shared by every feature that opens, reads or points into one: the `sourcebook:`
// URI scheme (one read-only document per source, and the entity cards of "Show Card"), the tab labels, the
// paragraph at a position and the range of a paragraph's text (each line is `[n] text…`).
import * as vscode from 'vscode';
import type { SourcebookService } from './sourcebookService';
import type { Sourcebook } from '../core/sourcebook';
import type { Source, SourceMeta } from '../core/types';
import type { ReaderLayout } from '../core/sources/readerText';
import { readerLayout, sourceLabel } from '../core/sources/readerText';

export const SOURCE_SCHEME = 'sourcebook';
/** The reader's language (word wrap on, no draft features); contributed in package.json. */
export const READER_LANGUAGE = 'sourcebook-source';

/**
 * The library tab labels are taken from, remembered so `sourceUri` can stay synchronous; each label is made when
 * a URI first asks for it and kept while its source's metadata is the same object (labelling every source at every
 * library change cost O(sources²) while thousands of references were set one by one). An unknown key is its own
 * label.
 */
let labelled: Sourcebook | undefined;
const tabLabels = new Map<string, { meta: SourceMeta; label: string }>();

/** Call after creating the Sourcebook if you build reader URIs before any reader opened (the reader calls it). */
export function rememberLabels(sourcebook: Sourcebook): void {
  if (labelled !== sourcebook) tabLabels.clear();
  labelled = sourcebook;
}

function tabLabel(key: string): string {
  const meta = labelled?.library.source(key)?.meta;
  if (!meta) return key;
  const known = tabLabels.get(key);
  if (known?.meta === meta) return known.label;
  const label = sourceLabel(meta);
  tabLabels.set(key, { meta, label });
  return label;
}

/**
 * The reader document of source `key`: `sourcebook:/crossan2025/Crossan 2025 — An Ode to Solidarity…`.
 * With `paragraph`, the fragment `p12` says which paragraph to show; `sourcebook.openSource` strips it (one
 * document per source). For a `vscode.Location`, use `sourceUri(key)` and a range (see `readerRange`).
 */
export function sourceUri(key: string, paragraph?: number): vscode.Uri {
  const label = tabLabel(key).replace(/[/\\]/g, '∕');
  const fragment = paragraph !== undefined && Number.isInteger(paragraph) && paragraph > 0 ? `p${paragraph}` : '';
  return vscode.Uri.from({ scheme: SOURCE_SCHEME, path: `/${key}/${label}`, fragment });
}

const KEY = /^[A-Za-z0-9_:.-]+$/;
/** The first path segment of an entity card: never a source key, which cannot contain `@`. */
const CARD_SEGMENT = '@card';

/** The source key (and paragraph, if the URI names one) of a reader document; undefined for any other URI. */
export function parseSourceUri(uri: vscode.Uri): { key: string; paragraph?: number } | undefined {
  if (uri.scheme !== SOURCE_SCHEME) return undefined;
  const key = uri.path.split('/').filter((part) => part.length > 0)[0];
  if (!key || !KEY.test(key)) return undefined;
  const match = /^p(\d+)$/.exec(uri.fragment);
  return match ? { key, paragraph: Number(match[1]) } : { key };
}

/** The read-only Markdown document of an entity's full card ("Show Card"): `sourcebook:/@card/<id>/<Name>.md`. */
export function cardUri(entityId: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SOURCE_SCHEME, path: `/${CARD_SEGMENT}/${encodeURIComponent(entityId)}/${name.replace(/[/\\]/g, '∕')}.md` });
}

export function parseCardUri(uri: vscode.Uri): string | undefined {
  const parts = uri.path.split('/').filter((part) => part.length > 0);
  return uri.scheme === SOURCE_SCHEME && parts[0] === CARD_SEGMENT && parts[1] ? decodeURIComponent(parts[1]) : undefined;
}

export const PARAGRAPH_PREFIX = /^\[(\d+)\] (> )?/;

/**
 * The paragraph and the offset in its text at a position of a reader document (the line's `[n] ` prefix is not
 * part of the text). Undefined on a header or blank line, or in another document.
 */
export function paragraphAtPosition(document: vscode.TextDocument, position: vscode.Position): { key: string; paragraph: number; offset: number } | undefined {
  const parsed = parseSourceUri(document.uri);
  if (!parsed || position.line >= document.lineCount) return undefined;
  const line = document.lineAt(position.line).text;
  const match = PARAGRAPH_PREFIX.exec(line);
  if (!match) return undefined;
  const offset = Math.max(0, Math.min(line.length, position.character) - match[0].length);
  return { key: parsed.key, paragraph: Number(match[1]), offset };
}

/** The range of paragraph `number`'s text in a reader document (or of `[start, end)` inside that text). */
export function readerRange(document: vscode.TextDocument, number: number, start = 0, end?: number): vscode.Range | undefined {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    const match = PARAGRAPH_PREFIX.exec(text);
    if (!match || Number(match[1]) !== number) continue;
    const length = text.length - match[0].length;
    const clamp = (offset: number) => match[0].length + Math.max(0, Math.min(length, offset));
    return new vscode.Range(line, clamp(start), line, clamp(end ?? length));
  }
  return undefined;
}

/**
 * The layout of `source` as the reader document shows it (its header is the lines before the first blank line), so
 * a position maps to a paragraph or a page marker as the core laid them out; undefined when the document shows
 * something else (another source, or a version of it from before a reload).
 */
export function documentLayout(document: vscode.TextDocument, source: Source): ReaderLayout | undefined {
  const header: string[] = [];
  for (let line = 0; line < document.lineCount && document.lineAt(line).text !== ''; line++) header.push(document.lineAt(line).text);
  const layout = readerLayout(source, header);
  return layout.text === document.getText() ? layout : undefined;
}

/**
 * The reader document of source `key`, opened (not shown) in the reader's language; undefined for an unknown key.
 * One document per source: an open one is reused even if it was opened under another label.
 */
export async function openReaderDocument(service: SourcebookService, key: string): Promise<vscode.TextDocument | undefined> {
  const sourcebook = await service.get();
  rememberLabels(sourcebook);
  if (!sourcebook.library.source(key)) return undefined;
  const document =
    vscode.workspace.textDocuments.find((open) => parseSourceUri(open.uri)?.key === key) ??
    (await vscode.workspace.openTextDocument(sourceUri(key)));
  if (document.languageId === READER_LANGUAGE) return document;
  return vscode.languages.setTextDocumentLanguage(document, READER_LANGUAGE).then(
    (changed) => changed,
    () => document,
  );
}
