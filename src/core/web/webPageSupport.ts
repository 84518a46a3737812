// Whether this build reads web pages: this one does. The browser build has webPageSupport.web.ts in its place
// (esbuild.js), which says why not, so a command can say so before it asks anything, without loading the page reader.

/** Why web pages cannot be added here; undefined: they can. */
export const webPagesNeedTheDesktop: string | undefined = undefined;
