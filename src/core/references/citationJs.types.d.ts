// The few parts of citation-js (https://citation.js.org) that Sourcebook uses. The packages ship no types.
declare module '@citation-js/core' {
  export const plugins: {
    config: { get(name: string): unknown };
    input: { data(input: unknown, type: string): unknown; chain(input: unknown, options: Record<string, unknown>): unknown };
  };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
