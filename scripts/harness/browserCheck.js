// @ts-check
// Whether a usable Chromium is here: plain Node with no dependencies, for scripts that run before npm install.
const fs = require('node:fs');
const paths = require('./paths');

/**
 * Why there is no usable Chromium here, or null when there is one.
 * @returns {string | null}
 */
function chromiumProblem() {
  if (!fs.existsSync(paths.CHROMIUM)) {
    return `no Chromium at ${paths.CHROMIUM} (run \`npm run setup\` as root to install Debian's chromium, or set SOURCEBOOK_CHROMIUM)`;
  }
  return null;
}

module.exports = { chromiumProblem };
