import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadMfaKey, parseMfaKey } from '../../src/platform/mfa-key.js';

describe('the MFA encryption key', () => {
  const key = randomBytes(32);

  it('comes from MFA_ENCRYPTION_KEY, in base64 or hex', () => {
    assert.deepEqual(loadMfaKey({ MFA_ENCRYPTION_KEY: key.toString('base64'), DEMO: false, DATA_DIR: '/nonexistent' }), key);
    assert.deepEqual(loadMfaKey({ MFA_ENCRYPTION_KEY: key.toString('hex'), DEMO: false, DATA_DIR: '/nonexistent' }), key);
    assert.deepEqual(parseMfaKey(key.toString('base64url')), key);
  });

  it('refuses a key that is not 32 bytes, without repeating it', () => {
    for (const bad of ['secret', randomBytes(16).toString('base64'), randomBytes(33).toString('hex')]) {
      assert.throws(() => parseMfaKey(bad), (err: Error) => /MFA_ENCRYPTION_KEY must be 32 random bytes/.test(err.message) && !err.message.includes(bad));
    }
  });

  it('refuses to start without one unless DEMO=true', () => {
    assert.throws(() => loadMfaKey({ MFA_ENCRYPTION_KEY: undefined, DEMO: false, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-key-')) }), /MFA_ENCRYPTION_KEY is not set[\s\S]*openssl rand -base64 32/);
  });

  it('in a demo, makes one in DATA_DIR/mfa-key (readable by its owner only) and keeps using it', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-key-')), 'data');
    const first = loadMfaKey({ MFA_ENCRYPTION_KEY: undefined, DEMO: true, DATA_DIR: dir });
    assert.equal(first.length, 32);
    const file = path.join(dir, 'mfa-key');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(loadMfaKey({ MFA_ENCRYPTION_KEY: undefined, DEMO: true, DATA_DIR: dir }), first);
    fs.writeFileSync(file, 'damaged');
    assert.throws(() => loadMfaKey({ MFA_ENCRYPTION_KEY: undefined, DEMO: true, DATA_DIR: dir }), /does not hold an MFA key/);
  });

  it('in a demo on an in-memory database, is kept in memory only', () => {
    const a = loadMfaKey({ MFA_ENCRYPTION_KEY: undefined, DEMO: true, DATA_DIR: 'memory://' });
    assert.equal(a.length, 32);
    assert.ok(!fs.existsSync('memory:'));
  });
});
