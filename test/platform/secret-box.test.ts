import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from '../../src/platform/secret-box.js';

describe('sealed secrets (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const secret = randomBytes(20);

  it('opens what it sealed, and never holds the secret in clear', () => {
    const sealed = sealSecret(key, secret, 'user-1');
    assert.deepEqual(openSecret(key, sealed, 'user-1'), secret);
    assert.ok(!sealed.includes(secret.toString('base64url')) && !sealed.includes(secret.toString('hex')));
    assert.notEqual(sealSecret(key, secret, 'user-1'), sealed, 'a fresh nonce each time');
  });

  it('refuses another key, another owner, or a changed ciphertext', () => {
    const sealed = sealSecret(key, secret, 'user-1');
    assert.throws(() => openSecret(randomBytes(32), sealed, 'user-1'));
    assert.throws(() => openSecret(key, sealed, 'user-2'));
    const body = Buffer.from(sealed.slice(3), 'base64url');
    body[body.length - 1]! ^= 1;
    assert.throws(() => openSecret(key, `v1.${body.toString('base64url')}`, 'user-1'));
    assert.throws(() => openSecret(key, 'v2.abc', 'user-1'));
    assert.throws(() => sealSecret(randomBytes(16), secret, 'user-1'), /32 bytes/);
  });
});
