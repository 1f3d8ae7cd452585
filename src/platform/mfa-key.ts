import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';

type MfaKeyConfig = Pick<Config, 'MFA_ENCRYPTION_KEY' | 'DEMO' | 'DATA_DIR'>;

export const DEMO_MFA_KEY_FILE = 'mfa-key';

const NO_KEY =
  'Diogel cannot start: MFA_ENCRYPTION_KEY is not set.\n' +
  'It encrypts the authenticator-app secrets held in the database, so it must be kept outside the database.\n' +
  'Make one with: openssl rand -base64 32\n' +
  'and set MFA_ENCRYPTION_KEY to it. (With DEMO=true, Diogel keeps one in DATA_DIR/mfa-key for you.)';

const BAD_KEY = 'MFA_ENCRYPTION_KEY must be 32 random bytes, written in base64 (44 characters) or hex (64 characters). Make one with: openssl rand -base64 32';

/**
 * The AES-256 key for TOTP secrets. Set in configuration for any real deployment; a demo
 * keeps one in its data folder, made on first run (an in-memory database gets an in-memory
 * key); anything else refuses to start rather than encrypt with a key nobody chose.
 */
export function loadMfaKey(config: MfaKeyConfig): Buffer {
  if (config.MFA_ENCRYPTION_KEY) return parseMfaKey(config.MFA_ENCRYPTION_KEY);
  if (!config.DEMO) throw new Error(NO_KEY);
  if (config.DATA_DIR.startsWith('memory://')) return randomBytes(32);
  return demoKey(config.DATA_DIR);
}

export function parseMfaKey(text: string): Buffer {
  const compact = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(compact)
    ? Buffer.from(compact, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(compact)
      ? Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64')
      : undefined;
  if (!key || key.length !== 32) throw new Error(BAD_KEY);
  return key;
}

/** Made once, readable only by its owner; kept across restarts so enrolled apps keep working. */
function demoKey(dataDir: string): Buffer {
  const file = path.join(dataDir, DEMO_MFA_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // made by another process just now
    }
  }
  try {
    return parseMfaKey(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} does not hold an MFA key. Restore it from a backup; deleting it makes every enrolled authenticator app stop working.`);
  }
}
