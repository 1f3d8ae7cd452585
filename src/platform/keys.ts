import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { CheckpointSigner, CheckpointVerifyKey } from '../domain/audit-chain.js';
import { checkpointSigner, checkpointVerifyKey } from './audit-crypto.js';
import type { Config } from './config.js';

type KeyConfig = Pick<Config, 'AUDIT_SIGNING_KEY' | 'AUDIT_VERIFY_KEY' | 'DEMO' | 'DATA_DIR'>;

export const DEMO_KEY_FILE = 'audit-signing-key.pem';

const NO_SIGNING_KEY =
  'AUDIT_SIGNING_KEY is not set. Audit checkpoints must be signed with a key kept outside the database.\n' +
  'Make one with: openssl genpkey -algorithm ed25519 -out audit-signing-key.pem\n' +
  'then set AUDIT_SIGNING_KEY to the contents of that file. (With DEMO=true, Diogel makes one for you.)';

/**
 * The key that signs audit checkpoints. Without AUDIT_SIGNING_KEY a demo keeps one in the
 * data folder, made on first run; anything else refuses to start rather than sign with a
 * key nobody chose.
 */
export function loadAuditSigner(config: KeyConfig): CheckpointSigner {
  let signer: CheckpointSigner;
  if (config.AUDIT_SIGNING_KEY) signer = checkpointSigner(parsePrivateKey(config.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY'));
  else if (config.DEMO) signer = checkpointSigner(demoKey(config.DATA_DIR));
  else throw new Error(NO_SIGNING_KEY);
  if (config.AUDIT_VERIFY_KEY) {
    const trusted = checkpointVerifyKey(parsePublicKey(config.AUDIT_VERIFY_KEY, 'AUDIT_VERIFY_KEY'));
    if (trusted.keyId !== signer.keyId) {
      throw new Error('AUDIT_VERIFY_KEY is not the public half of AUDIT_SIGNING_KEY, so checkpoints signed now would not verify. Set them to a matching pair.');
    }
  }
  return signer;
}

/**
 * The public key audit verification trusts. It comes from configuration (or the demo key
 * file), never from the checkpoints: whoever can write to the table could sign with their own.
 */
export function loadAuditVerifyKey(config: KeyConfig): CheckpointVerifyKey {
  if (config.AUDIT_VERIFY_KEY) return checkpointVerifyKey(parsePublicKey(config.AUDIT_VERIFY_KEY, 'AUDIT_VERIFY_KEY'));
  if (config.AUDIT_SIGNING_KEY) return checkpointVerifyKey(createPublicKey(parsePrivateKey(config.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY')));
  if (config.DEMO) return checkpointVerifyKey(createPublicKey(demoKey(config.DATA_DIR)));
  throw new Error('There is no key to check the audit log with. Set AUDIT_VERIFY_KEY to the public audit key (or AUDIT_SIGNING_KEY to the private one).');
}

/** The demo's own key: made once, readable only by its owner. */
function demoKey(dataDir: string): KeyObject {
  const file = path.join(dataDir, DEMO_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // made by another process just now
    }
  }
  return parsePrivateKey(fs.readFileSync(file, 'utf8'), file);
}

/** PKCS#8 PEM (line breaks may be written as \n, as in many .env files) or DER in base64. */
export function parsePrivateKey(text: string, name: string): KeyObject {
  try {
    const key = isPem(text)
      ? createPrivateKey({ key: unescapePem(text), format: 'pem' })
      : createPrivateKey({ key: fromBase64(text), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below, without the key text
  }
  throw new Error(`${name} is not an Ed25519 private key (PKCS#8 PEM, or its DER in base64).`);
}

/** SPKI PEM or DER in base64. */
export function parsePublicKey(text: string, name: string): KeyObject {
  // Node would derive the public key from a private one; a private key has no business on a checking machine.
  if (/PRIVATE KEY/.test(text)) throw new Error(`${name} holds a private key. Give it the public key only: openssl pkey -in key.pem -pubout`);
  try {
    const key = isPem(text)
      ? createPublicKey({ key: unescapePem(text), format: 'pem' })
      : createPublicKey({ key: fromBase64(text), format: 'der', type: 'spki' });
    if (key.type === 'public' && key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below
  }
  throw new Error(`${name} is not an Ed25519 public key (PEM, or its DER in base64).`);
}

function isPem(text: string): boolean {
  return text.includes('-----BEGIN');
}

function unescapePem(text: string): string {
  return text.trim().replace(/\\n/g, '\n');
}

function fromBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new Error('not base64');
  return Buffer.from(compact, 'base64');
}
