// @ts-check
// Launches Debian's headless Chromium through playwright-core (installed by `npm install`).
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./paths');
const { onShutdown } = require('./processes');
const { HarnessError } = require('./codeServer');
const { chromiumProblem } = require('./browserCheck');

/**
 * Starts headless Chromium; it is closed on shutdown.
 * @param {{ tempDir: string }} options a folder for the browser's own files (nothing goes to the home folder)
 * @returns {Promise<import('playwright-core').Browser>}
 */
async function launchChromium({ tempDir }) {
  const problem = chromiumProblem();
  if (problem) throw new HarnessError(problem);
  const { chromium } = require('playwright-core');
  const home = path.join(tempDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: paths.CHROMIUM,
      headless: true,
      args: [...paths.CHROMIUM_ARGS],
      timeout: 60_000,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        XDG_CACHE_HOME: path.join(home, '.cache'),
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
      },
    });
  } catch (error) {
    throw new HarnessError(`Chromium (${paths.CHROMIUM}) did not launch: ${error instanceof Error ? error.message : String(error)}`);
  }
  onShutdown(() => browser.close().catch(() => undefined));
  return browser;
}

module.exports = { chromiumProblem, launchChromium };
