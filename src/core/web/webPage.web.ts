// The page reader of the browser build (esbuild.js puts it in place of ./webPage): a web worker may read only the
// pages whose sites allow it (CORS), which few do, so adding a web page is left to VS Code on the desktop, and
// linkedom and Readability stay out of dist/web/extension.js.
import type { Result } from '../types';
import { fail } from '../types';
import type { WebArticle } from './webPage';

export const desktopOnly: string | undefined =
  'Adding a source from a web page needs VS Code on the desktop: in the browser, most sites do not let another site read their pages (CORS). Open this folder in VS Code on the desktop, or save the article as a Markdown file in your sources folder.';

export function readWebPage(_html: string, _finalUrl: string): Result<WebArticle> {
  return fail(desktopOnly as string);
}
