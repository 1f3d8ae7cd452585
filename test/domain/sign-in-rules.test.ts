import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailure, lockedMinutesLeft, normaliseEmail, SIGN_IN_RULES, throttleWindow, type FailureState } from '../../src/domain/sign-in-rules.js';

const at = (iso: string) => new Date(iso);

describe('sign-in lock-out', () => {
  it('locks for 15 minutes on the fifth failure in a row, not before', () => {
    let state: FailureState | undefined;
    const now = at('2026-11-17T10:00:00Z');
    for (let i = 1; i < SIGN_IN_RULES.maxFailures; i += 1) {
      state = afterFailure(state, now);
      assert.equal(state.failures, i);
      assert.equal(lockedMinutesLeft(state, now), null);
    }
    state = afterFailure(state, now);
    assert.equal(lockedMinutesLeft(state, now), 15);
    assert.deepEqual(state.lockedUntil, at('2026-11-17T10:15:00Z'));
  });

  it('counts the minutes left, rounded up, and ends the lock on time', () => {
    const state = { failures: 0, lockedUntil: at('2026-11-17T10:15:00Z') };
    assert.equal(lockedMinutesLeft(state, at('2026-11-17T10:00:01Z')), 15);
    assert.equal(lockedMinutesLeft(state, at('2026-11-17T10:14:01Z')), 1);
    assert.equal(lockedMinutesLeft(state, at('2026-11-17T10:14:59.999Z')), 1);
    assert.equal(lockedMinutesLeft(state, at('2026-11-17T10:15:00Z')), null);
    assert.equal(lockedMinutesLeft(undefined, at('2026-11-17T10:15:00Z')), null);
  });

  it('starts a fresh count after a lock has run out', () => {
    const expired = { failures: 0, lockedUntil: at('2026-11-17T10:15:00Z') };
    assert.deepEqual(afterFailure(expired, at('2026-11-17T10:20:00Z')), { failures: 1, lockedUntil: null });
  });

  it('counts by the address as typed, trimmed and in lower case', () => {
    assert.equal(normaliseEmail('  Athro@GlanYMor.Example '), 'athro@glanymor.example');
  });
});

describe('sign-in throttling window', () => {
  it('is the calendar minute, with the seconds until the next one', () => {
    assert.deepEqual(throttleWindow(at('2026-11-17T10:00:45.200Z')), { start: at('2026-11-17T10:00:00Z'), retryAfterSeconds: 15 });
    assert.deepEqual(throttleWindow(at('2026-11-17T10:00:00Z')), { start: at('2026-11-17T10:00:00Z'), retryAfterSeconds: 60 });
    assert.equal(throttleWindow(at('2026-11-17T10:00:59.999Z')).retryAfterSeconds, 1);
  });
});
