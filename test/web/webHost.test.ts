import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hostGlobals } from './hostGlobals';

const EXTENSION_ID = 'sourcebook.sourcebook';

describe('Sourcebook in the browser (web worker extension host)', () => {
  it('runs where there is no Node: no process, no Buffer, no setImmediate, but a navigator and importScripts', () => {
    assert.deepEqual(
      { process: hostGlobals.process, Buffer: hostGlobals.Buffer, setImmediate: hostGlobals.setImmediate },
      { process: 'undefined', Buffer: 'undefined', setImmediate: 'undefined' },
    );
    assert.equal(hostGlobals.navigator, 'object');
    assert.equal(hostGlobals.importScripts, 'function', 'a web worker has importScripts');
    assert.equal(hostGlobals.document, 'undefined', 'a worker has no DOM');
  });

  it('has the extension active in this same host, loaded from the browser bundle (its manifest has no main)', async () => {
    const extension = vscode.extensions.getExtension<{ extendMarkdownIt?: unknown }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test window`);
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api?.extendMarkdownIt, 'function', 'the exports reach the test, so both run in one host');
    assert.equal(extension.packageJSON.main, undefined, 'a Node host could not load it: there is no main');
    assert.match(String(extension.packageJSON.browser), /dist\/web\/extension\.js$/);
  });

  it('is shown in the web workbench', () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });
});
