import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/platform/config.js';
import { DEMO_KEY_FILE, loadAuditSigner, loadAuditVerifyKey } from '../../src/platform/keys.js';

function config(env: Record<string, string>) {
  return loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'diogel-keys-')), ...env });
}

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('audit keys', () => {
  it('refuses to sign without a configured key outside a demo, saying how to make one', () => {
    assert.throws(() => loadAuditSigner(config({ DEMO: 'false' })), /AUDIT_SIGNING_KEY is not set[\s\S]*openssl genpkey -algorithm ed25519/);
    assert.throws(() => loadAuditVerifyKey(config({ DEMO: 'false' })), /There is no key to check the audit log with/);
    assert.throws(() => loadAuditSigner(config({ DEMO: 'false', AUDIT_SIGNING_KEY: '' })), /AUDIT_SIGNING_KEY is not set/);
  });

  it('makes a demo key once, readable by its owner only, and keeps using it', () => {
    const c = config({ DEMO: 'true' });
    const first = loadAuditSigner(c);
    const file = path.join(c.DATA_DIR, DEMO_KEY_FILE);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(loadAuditSigner(c).keyId, first.keyId);
    assert.equal(loadAuditVerifyKey(c).keyId, first.keyId);
  });

  it('reads PEM (with real or escaped line breaks) and base64 DER alike', () => {
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const ids = [privatePem, privatePem.replace(/\n/g, '\\n'), der].map((k) => loadAuditSigner(config({ DEMO: 'false', AUDIT_SIGNING_KEY: k })).keyId);
    assert.equal(new Set(ids).size, 1);
    const verifyIds = [publicPem, publicKey.export({ type: 'spki', format: 'der' }).toString('base64')].map(
      (k) => loadAuditVerifyKey(config({ DEMO: 'false', AUDIT_VERIFY_KEY: k })).keyId,
    );
    assert.deepEqual(verifyIds, [ids[0], ids[0]]);
  });

  it('checks with the configured public key in preference to anything else', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const c = config({ DEMO: 'true', AUDIT_SIGNING_KEY: privatePem, AUDIT_VERIFY_KEY: other });
    assert.notEqual(loadAuditVerifyKey(c).keyId, loadAuditVerifyKey(config({ DEMO: 'true', AUDIT_SIGNING_KEY: privatePem })).keyId);
    assert.throws(() => loadAuditSigner(c), /AUDIT_VERIFY_KEY is not the public half of AUDIT_SIGNING_KEY/);
  });

  it('rejects keys of the wrong kind without echoing them', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.throws(() => loadAuditSigner(config({ AUDIT_SIGNING_KEY: ec })), (err: Error) => /not an Ed25519 private key/.test(err.message) && !err.message.includes('BEGIN'));
    assert.throws(() => loadAuditSigner(config({ AUDIT_SIGNING_KEY: 'not a key' })), /not an Ed25519 private key/);
    assert.throws(() => loadAuditVerifyKey(config({ AUDIT_VERIFY_KEY: privatePem })), /holds a private key/);
  });
});
