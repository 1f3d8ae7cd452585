import * as nodeCrypto from 'node:crypto';
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { CheckpointSigner, CheckpointVerifyKey, Sha256 } from '../domain/audit-chain.js';

// One-shot hashing (Node 20.12 and later) is about twice as fast as createHash, which
// matters once per event when checking tens of millions of them.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;

/** SHA-256 and Ed25519 for the audit chain (src/domain/audit-chain.ts has no imports of its own). */
export const sha256: Sha256 =
  typeof oneShot === 'function' ? (data) => oneShot('sha256', data, 'buffer') : (data) => createHash('sha256').update(data).digest();

/** The key id recorded in each checkpoint: SHA-256 of the public key's SubjectPublicKeyInfo (DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function checkpointVerifyKey(publicKey: KeyObject): CheckpointVerifyKey {
  assertEd25519(publicKey);
  return {
    keyId: keyIdOf(publicKey),
    verify(payload, signature) {
      const bytes = Buffer.from(signature, 'base64');
      // Buffer.from skips what is not base64; a signature must read back exactly as written.
      if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
      return verify(null, payload, publicKey, bytes);
    },
  };
}

export function checkpointSigner(privateKey: KeyObject): CheckpointSigner {
  assertEd25519(privateKey);
  const publicKey = createPublicKey(privateKey);
  return {
    ...checkpointVerifyKey(publicKey),
    sign: (payload) => sign(null, payload, privateKey).toString('base64'),
  };
}

function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The audit key must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'a secret key'}.`);
}
