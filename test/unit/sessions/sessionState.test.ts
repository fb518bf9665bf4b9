import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canTransition, IllegalTransitionError, isActive, sessionStates, transition } from '../../../src/core/sessions/sessionState';

describe('session state machine', () => {
  test('the normal life of a task', () => {
    let s = transition('idle', 'starting');
    s = transition(s, 'running');
    s = transition(s, 'waiting');
    s = transition(s, 'running');
    s = transition(s, 'idle');
    assert.equal(s, 'idle');
  });

  test('stop, failure and resume paths', () => {
    assert.equal(transition('running', 'stopping'), 'stopping');
    assert.equal(transition('stopping', 'stopped'), 'stopped');
    assert.equal(transition('stopped', 'starting'), 'starting');
    assert.equal(transition('running', 'failed'), 'failed');
    assert.equal(transition('failed', 'starting'), 'starting');
    assert.equal(transition('failed', 'idle'), 'idle');
  });

  test('illegal transitions throw, naming both states', () => {
    assert.throws(() => transition('idle', 'running'), IllegalTransitionError);
    assert.throws(() => transition('stopped', 'running'), /stopped → running/);
    assert.throws(() => transition('stopping', 'idle'), IllegalTransitionError);
    assert.throws(() => transition('idle', 'idle'), IllegalTransitionError);
  });

  test('every state has a way out and no self-loop', () => {
    for (const from of sessionStates) {
      assert.ok(
        sessionStates.some((to) => canTransition(from, to)),
        from,
      );
      assert.equal(canTransition(from, from), false);
    }
  });

  test('active states hold a slot', () => {
    assert.deepEqual(sessionStates.filter(isActive), ['starting', 'running', 'waiting']);
  });
});
