// The browser build's webPageSupport (esbuild.js puts it in place of ./webPageSupport): a web worker may read only the
// pages whose sites allow it (CORS), which few do, so adding a web page is left to VS Code on the desktop.

export const webPagesNeedTheDesktop: string | undefined =
  'Adding a source from a web page needs VS Code on the desktop: in the browser, most sites do not let another site read their pages (CORS). Open this folder in VS Code on the desktop, or save the article as a Markdown file in your sources folder.';
