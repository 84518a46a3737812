// The PDFs attached to library entries (a bibliography file's `file` field, a Zotero item's attachment), read from
// disk into paragraphs with their pages. Each PDF is read once per version (its size and modification time): a
// bibliography file saved again, or Zotero polled again, does not read its PDFs again.
import * as vscode from 'vscode';
import type { Paragraph, Result } from '../core/types';
import { fail } from '../core/types';
import { pdfAttachmentParagraphs } from '../core/pdf/pdfAttachment';
import { formatSize } from '../core/sources/sourceParser';
import { settings } from './settings';
import { pdfReadingStore } from './pdfReadingStore';
import { withDiskFiles } from './diskFiles';
import { VscodeFileSystem } from './vscodeFileSystem';
import type { FileStat } from '../core/fileSystem';

const read = new Map<string, { stamp: string; result: Result<Paragraph[]> }>();
/** A PDF on the host's disk is read from it (no round trip to the window per file: see diskFiles.ts). */
const files = withDiskFiles(new VscodeFileSystem());

/**
 * A PDF's paragraphs: `location` is a URI string (`file:` …) or a path; `pause` is awaited between its pages (the
 * library's shared budget, `SourcebookService.pause`). Never throws.
 */
export async function pdfAttachment(location: string, pause?: () => Promise<void>): Promise<Result<Paragraph[]>> {
  const uri = /^[a-z][a-z0-9+.-]+:/i.test(location) && !/^[A-Za-z]:[\\/]/.test(location) ? vscode.Uri.parse(location, true) : vscode.Uri.file(location);
  const maxBytes = settings().maxFileSizeBytes;
  let stat: FileStat;
  try {
    stat = await files.stat(uri.toString());
  } catch {
    read.delete(location);
    return fail(`it does not exist or cannot be read (${uri.scheme === 'file' ? uri.fsPath : location})`);
  }
  if (stat.size > maxBytes) return fail(`it is ${formatSize(stat.size)}, over the ${formatSize(maxBytes)} limit for a source (raise “Sourcebook › Sources: Max File Size MB”)`);
  const stamp = `${stat.size}:${stat.mtime}`;
  const known = read.get(location);
  if (known?.stamp === stamp) return known.result;
  let result: Result<Paragraph[]>;
  try {
    const name = decodeURIComponent(uri.path.slice(uri.path.lastIndexOf('/') + 1));
    result = await pdfAttachmentParagraphs(await files.readFile(uri.toString()), name, pdfReadingStore(), pause);
  } catch {
    result = fail(`it cannot be read (${uri.scheme === 'file' ? uri.fsPath : location})`);
  }
  read.set(location, { stamp, result });
  return result;
}
