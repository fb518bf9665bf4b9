// The quick input flow behind every multi-step command, in the real workbench: each answer moves to
// the next step, a dismissed step ends the whole flow, and an invalid value is not accepted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { QuickFlow } from '../../../src/extension/input/quickFlow';

const accept = 'workbench.action.acceptSelectedQuickOpenItem';
const close = 'workbench.action.closeQuickOpen';

/** Runs `command` (accept or close) until `answer` settles: the step may not be on screen yet. */
async function until<T>(answer: Promise<T>, command: string, timeoutMs = 10_000): Promise<T> {
  let settled = false;
  const watched = answer.finally(() => {
    settled = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!settled && Date.now() < deadline) {
    await vscode.commands.executeCommand(command);
    await new Promise((r) => setTimeout(r, 150));
  }
  if (!settled) throw new Error(`${command} did not answer the step within ${timeoutMs} ms`);
  return watched;
}

/** True when `p` has not settled after `ms`. */
async function stillPending(p: Promise<unknown>, ms: number): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([p, new Promise((r) => setTimeout(() => r(marker), ms))])) === marker;
}

describe('quick input flows', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand(close);
  });

  it('answers step after step, each with the item it starts on', async () => {
    const flow = new QuickFlow();
    try {
      const first = await until(
        flow.pick([{ label: 'one' }, { label: 'two' }], { title: 'Step (1/3)', active: (i) => i.label === 'two' }),
        accept,
      );
      assert.equal(first?.label, 'two');
      const second = await until(flow.pick([{ label: 'three' }, { label: 'four' }], { title: 'Step (2/3)' }), accept);
      assert.equal(second?.label, 'three');
      const third = await until(flow.input({ title: 'Step (3/3)', value: 'typed' }), accept);
      assert.equal(third, 'typed');
    } finally {
      flow.dispose();
    }
  });

  it('ends the whole flow when a step is dismissed', async () => {
    const flow = new QuickFlow();
    try {
      assert.equal((await until(flow.pick([{ label: 'one' }], { title: 'Step (1/2)' }), accept))?.label, 'one');
      assert.equal(await until(flow.input({ title: 'Step (2/2)', value: 'x' }), close), undefined);
      assert.equal(await flow.pick([{ label: 'never shown' }]), undefined, 'a step after a dismissal answers undefined at once');
    } finally {
      flow.dispose();
    }
  });

  it('does not accept a value its validation refuses', async () => {
    const flow = new QuickFlow();
    try {
      const answer = flow.input({ title: 'Name', value: '   ', validate: (v) => (v.trim() ? undefined : 'A name is needed') });
      await new Promise((r) => setTimeout(r, 500));
      await vscode.commands.executeCommand(accept);
      assert.equal(await stillPending(answer, 500), true, 'Enter on an invalid value does nothing');
      assert.equal(await until(answer, close), undefined);
    } finally {
      flow.dispose();
    }
  });

  it('closes the step on screen when the flow is disposed', async () => {
    const flow = new QuickFlow();
    const answer = flow.pick([{ label: 'one' }], { title: 'Abandoned' });
    await new Promise((r) => setTimeout(r, 300));
    flow.dispose();
    assert.equal(await answer, undefined);
  });
});
