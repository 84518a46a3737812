// A style switched between a notes style and an in-text style: an open draft whose citation form is `auto` would get
// new citations of the other form than those it holds (footnotes among Pandoc citations, or the reverse). One
// notification per change says so, for every open draft concerned, and offers to convert their citations
// (core/drafts/citationConversion.ts): each draft in one edit, one undo step; what cannot be converted exactly is
// left as written, and the writer is told how many. Nothing is changed unless the writer asks.
import * as vscode from 'vscode';
import type { Sourcebook } from '../core/sourcebook';
import type { StyleInfo } from '../core/citations/styles';
import { formFor } from '../core/citations/forms';
import { convertCitations, countCitations, type CitationWriter, type ConvertibleForm } from '../core/drafts/citationConversion';
import { citedKeys, uniqueKeys } from '../core/drafts/draftCitations';
import type { CitationForm } from '../core/types';
import type { SourcebookService } from '../edge/sourcebookService';
import { citationSettingsFor, citationStyleFor, draftFormat, styleSettingFor, type StyleSetting } from '../edge/citationSettings';
import { isDraft } from '../edge/drafts';
import { output } from '../edge/output';
import { settings } from '../edge/settings';

/** Shows a message with buttons and resolves with the one chosen (VS Code's notification; a test's answer). */
export type Ask = (message: string, ...actions: string[]) => Thenable<string | undefined>;

/** An open draft whose citations are of the other form than its new style's. */
interface Concerned {
  document: vscode.TextDocument;
  format: 'markdown' | 'plain';
  /** The style its citations were written in, and the one it cites in now. */
  before: StyleInfo;
  after: StyleInfo;
  from: ConvertibleForm;
  to: ConvertibleForm;
  found: number;
}

const isConvertible = (form: CitationForm): form is ConvertibleForm => form !== 'latex' && form !== 'biblatex';
const fileName = (document: vscode.TextDocument) => document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);

function sameStyle(a: StyleSetting, b: StyleSetting): boolean {
  if ('file' in a) return 'file' in b && a.file.toString() === b.file.toString();
  return 'id' in b && a.id === b.id;
}

/** The documents open in an editor tab: what the writer has open (VS Code keeps closed documents a while). */
function tabbedDocuments(): Set<string> {
  const open = new Set<string>();
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) if (tab.input instanceof vscode.TabInputText) open.add(tab.input.uri.toString());
  return open;
}

export class StyleSwitch implements vscode.Disposable {
  /** The style each open draft cited in when last seen, by URI: what its citations were written in. */
  private readonly seen = new Map<string, StyleSetting>();
  private readonly subscriptions: vscode.Disposable[];
  /** How many changes of style were seen, and the check after the latest (what a test waits for). */
  changesSeen = 0;
  latestCheck: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: SourcebookService,
    private readonly ask: Ask = (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
    private readonly tell: (message: string) => void = (message) => void vscode.window.showInformationMessage(message),
  ) {
    for (const document of vscode.workspace.textDocuments) this.remember(document);
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.remember(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.seen.delete(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('sourcebook.citation.style') && !event.affectsConfiguration('sourcebook.citation.customStyleFile')) return;
        this.changesSeen++;
        this.latestCheck = this.styleChanged().catch((error: unknown) => output().error(`After the change of citation style: ${error instanceof Error ? error.message : String(error)}`));
      }),
    ];
  }

  private remember(document: vscode.TextDocument): void {
    if (isDraft(document)) this.seen.set(document.uri.toString(), styleSettingFor(document.uri));
  }

  /** After a change of style: the open drafts it concerns, one notification for all of them, and what the writer chose. */
  async styleChanged(): Promise<void> {
    const changed: Array<{ document: vscode.TextDocument; before: StyleSetting }> = [];
    const open = tabbedDocuments();
    for (const document of vscode.workspace.textDocuments) {
      if (!isDraft(document)) continue;
      const before = this.seen.get(document.uri.toString());
      const now = styleSettingFor(document.uri);
      this.seen.set(document.uri.toString(), now);
      if (before && !sameStyle(before, now) && open.has(document.uri.toString()) && draftFormat(document) !== 'latex' && settings(document.uri).citationForm(document.languageId) === 'auto') {
        changed.push({ document, before });
      }
    }
    if (changed.length === 0) return;
    const sourcebook = await this.service.get();
    const concerned: Concerned[] = [];
    for (const { document, before } of changed) {
      const found = await concernedDraft(sourcebook, document, before);
      if (found) concerned.push(found);
    }
    if (concerned.length === 0) return;
    const convert = vscode.l10n.t('Convert the citations');
    const keep = vscode.l10n.t('Keep as written');
    if ((await this.ask(notice(concerned), convert, keep)) === convert) this.tell(await convertAll(sourcebook, concerned));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** The draft, when its style's class changed and it holds citations of the form the old class gave it. */
async function concernedDraft(sourcebook: Sourcebook, document: vscode.TextDocument, was: StyleSetting): Promise<Concerned | undefined> {
  const now = await citationSettingsFor(sourcebook, document);
  const before = await citationStyleFor(sourcebook, document.uri, was);
  if (!now.ok || !before.ok || before.value.class === now.value.style.class || now.value.format === 'latex') return undefined;
  const format = now.value.format;
  const from = formFor('auto', format, before.value.class);
  const to = now.value.form;
  if (!isConvertible(from) || !isConvertible(to)) return undefined;
  const found = countCitations(document.getText(), format, sourcebook.library.sources.map((source) => source.meta), from);
  return found > 0 ? { document, format, before: before.value, after: now.value.style, from, to, found } : undefined;
}

/** "“MLA Handbook, 9th edition” cites in the text; the 3 citations in draft.md are footnotes. New citations will be in the text." */
function notice(concerned: readonly Concerned[]): string {
  const total = concerned.reduce((sum, one) => sum + one.found, 0);
  const where = concerned.length === 1 ? fileName(concerned[0].document) : concerned.map((one) => `${fileName(one.document)} (${one.found})`).join(', ');
  const style = concerned[0].after.title;
  if (concerned[0].to === 'footnote') {
    return total === 1
      ? vscode.l10n.t('“{0}” cites in notes; the citation in {1} is in the text. New citations will be footnotes.', style, where)
      : vscode.l10n.t('“{0}” cites in notes; the {1} citations in {2} are in the text. New citations will be footnotes.', style, total, where);
  }
  return total === 1
    ? vscode.l10n.t('“{0}” cites in the text; the citation in {1} is a footnote. New citations will be in the text.', style, where)
    : vscode.l10n.t('“{0}” cites in the text; the {1} citations in {2} are footnotes. New citations will be in the text.', style, total, where);
}

/** Converts each draft's citations (one edit each) and says what was done. */
async function convertAll(sourcebook: Sourcebook, concerned: readonly Concerned[]): Promise<string> {
  const reports: string[] = [];
  const sources = sourcebook.library.sources.map((source) => source.meta);
  for (const one of concerned) {
    const name = fileName(one.document);
    if (one.document.isClosed) continue;
    const unready = await unreadyStyle(sourcebook, [one.before, one.after]);
    if (unready) {
      reports.push(vscode.l10n.t('The citations in {0} were left as written: {1}', name, unready));
      continue;
    }
    // From here to the edit nothing is awaited: the edit is made from the text it goes into.
    const text = one.document.getText();
    const cited = uniqueKeys(citedKeys(text, sources, one.format));
    const writer = (style: StyleInfo): CitationWriter => (form, items, citedBefore) => sourcebook.citations.citeSync({ style: style.id, items: [...items], form, citedBefore, cited });
    const conversion = convertCitations({ text, format: one.format, sources, from: one.from, to: one.to, writtenIn: writer(one.before), writeIn: writer(one.after) });
    const edit = new vscode.WorkspaceEdit();
    for (const change of conversion.edits) {
      edit.replace(one.document.uri, new vscode.Range(one.document.positionAt(change.start), one.document.positionAt(change.end)), change.text);
    }
    if (conversion.edits.length > 0 && !(await vscode.workspace.applyEdit(edit))) {
      reports.push(vscode.l10n.t('The citations in {0} could not be converted: the draft changed. Nothing was changed.', name));
      continue;
    }
    reports.push(report(name, conversion.converted, conversion.found, one));
  }
  return reports.join(' ');
}

/** Loads the styles' engines; what went wrong, if anything did. */
async function unreadyStyle(sourcebook: Sourcebook, styles: readonly StyleInfo[]): Promise<string | undefined> {
  for (const style of styles) {
    const ready = await sourcebook.citations.prepare(style.id);
    if (!ready.ok) return ready.message;
  }
  return undefined;
}

/** "Converted the 3 citations in draft.md into footnotes.", and how many were left as written and why. */
function report(name: string, converted: number, found: number, one: Concerned): string {
  const into = one.to === 'footnote' ? vscode.l10n.t('footnotes') : vscode.l10n.t('citations in the text');
  const left = found - converted;
  if (left === 0) {
    return converted === 1
      ? vscode.l10n.t('Converted the citation in {0} into {1}.', name, into)
      : vscode.l10n.t('Converted the {0} citations in {1} into {2}.', converted, name, into);
  }
  let why: string;
  if (one.from === 'footnote') {
    why = left === 1
      ? vscode.l10n.t('One note has words of your own around its citation, so it was left as written.')
      : vscode.l10n.t('{0} notes have words of your own around their citations, so they were left as written.', left);
  } else {
    why = left === 1
      ? vscode.l10n.t('One citation says more than its sources and paragraphs (such as “see” or a page), so it was left as written.')
      : vscode.l10n.t('{0} citations say more than their sources and paragraphs (such as “see” or a page), so they were left as written.', left);
  }
  return `${vscode.l10n.t('Converted {0} of the {1} citations in {2} into {3}.', converted, found, name, into)} ${why}`;
}

export function registerStyleSwitch(context: vscode.ExtensionContext, service: SourcebookService): void {
  context.subscriptions.push(new StyleSwitch(service));
}
