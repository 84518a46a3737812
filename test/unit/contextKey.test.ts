import * as assert from 'node:assert/strict';
import { ContextKey } from '../../src/edge/contextKey';

const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('A context key told to the workbench', () => {
  it('is told once for a value asked for again and again (a library changing at every source)', async () => {
    const told: boolean[] = [];
    const key = new ContextKey<boolean>((value) => told.push(value));
    for (let change = 0; change < 6427; change++) key.set(change < 3000 ? false : Promise.resolve(false));
    await settled();
    assert.deepEqual(told, [false]);
    key.set(true);
    key.set(Promise.resolve(true));
    await settled();
    assert.deepEqual(told, [false, true], 'a new value is told, and only once');
  });

  it('tells the latest question’s answer, not one that settles after it (the writer moved to another editor)', async () => {
    const told: boolean[] = [];
    const key = new ContextKey<boolean>((value) => told.push(value));
    let answerPdf: (isPdf: boolean) => void = () => undefined;
    key.set(new Promise<boolean>((resolve) => (answerPdf = resolve))); // the PDF reader was active, the library still loading
    key.set(false); // then a draft
    await settled();
    answerPdf(true);
    await settled();
    assert.deepEqual(told, [false], 'the reader’s late answer is dropped');
  });

  it('keeps the value last told when an answer fails', async () => {
    const told: string[] = [];
    const key = new ContextKey<string>((value) => told.push(value));
    key.set('pdf');
    await settled();
    key.set(Promise.reject(new Error('the library could not be read')));
    key.set(Promise.resolve('pdf'));
    await settled();
    assert.deepEqual(told, ['pdf']);
  });
});
