// The few parts of citeproc-js (https://github.com/Juris-M/citeproc-js) that Sourcebook uses. The package ships no types.
declare module 'citeproc' {
  export interface CiteprocSys {
    retrieveItem(id: string): unknown;
    retrieveLocale(lang: string): unknown;
  }
  export interface CiteprocEngine {
    setOutputFormat(mode: string): void;
    updateItems(ids: string[]): void;
    makeCitationCluster(items: Array<Record<string, unknown>>): string;
    makeBibliography(): false | [{ entry_ids: string[][] } & Record<string, unknown>, string[]];
    opt: { xclass: string; development_extensions: Record<string, unknown> } & Record<string, unknown>;
    /** Working state; `taintedItemIDs` lists items whose rendering changed since the last citation update. */
    tmp: { taintedItemIDs: Record<string, boolean> } & Record<string, unknown>;
  }
  export interface Csl {
    Engine: new (sys: CiteprocSys, style: unknown, lang?: string, forceLang?: boolean) => CiteprocEngine;
    Output: { Formats: Record<string, Record<string, unknown>> };
  }
  const CSL: Csl;
  export default CSL;
}
