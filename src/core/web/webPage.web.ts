// The page reader of the browser build (esbuild.js puts it in place of ./webPage), so that linkedom and Readability
// stay out of dist/web/extension.js: it says that pages are read on the desktop.
import type { Result } from '../types';
import { fail } from '../types';
import type { WebArticle } from './webPage';
import { webPagesNeedTheDesktop } from './webPageSupport.web';

export function readWebPage(_html: string, _finalUrl: string): Result<WebArticle> {
  return fail(webPagesNeedTheDesktop ?? 'Web pages are read in VS Code on the desktop.');
}
