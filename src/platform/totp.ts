import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes from an authenticator app: HOTP (RFC 4226) over a time step (RFC 6238).
 * Written here rather than taken from a package so that every line is ours to review:
 * HMAC-SHA1, 30-second steps, 6 digits, which every authenticator app understands.
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are still accepted, for clocks a little out and slow typists. */
export const TOTP_WINDOW = 1;
/** 160 bits: the secret length RFC 4226 §4 recommends. */
export const TOTP_SECRET_BYTES = 20;

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(secret: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: HmacAlgorithm = 'sha1'): string {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError('counter must be a non-negative integer');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The RFC 6238 time step (T) that an instant falls in. */
export function totpStep(at: Date, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / stepSeconds);
}

export function totp(secret: Buffer, at: Date, options: { digits?: number; algorithm?: HmacAlgorithm } = {}): string {
  return hotp(secret, totpStep(at), options.digits ?? TOTP_DIGITS, options.algorithm ?? 'sha1');
}

/** Seconds until the code shown now changes. */
export function secondsLeftInStep(at: Date): number {
  return TOTP_STEP_SECONDS - (Math.floor(at.getTime() / 1000) % TOTP_STEP_SECONDS);
}

/** What a person typed, as a code: spaces and hyphens dropped; undefined unless it is 6 digits. */
export function normaliseTotpInput(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, '');
  return /^[0-9]{6}$/.test(code) ? code : undefined;
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'reused' };

/**
 * Is this the code for now, or for one step either side? A step at or before the last one
 * this account used is refused, so a code seen over someone's shoulder (or replayed from a
 * log) cannot be used again (RFC 6238 §5.2).
 */
export function checkTotp(secret: Buffer, input: string, at: Date, lastUsedStep: number | null): TotpCheck {
  const code = normaliseTotpInput(input);
  if (!code) return { ok: false, reason: 'wrong' };
  const now = totpStep(at);
  let reused = false;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step += 1) {
    if (step < 0 || !sameCode(hotp(secret, step), code)) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) reused = true;
    else return { ok: true, step };
  }
  return { ok: false, reason: reused ? 'reused' : 'wrong' };
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: the form authenticator apps take a secret in. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Case, spaces, hyphens and padding are forgiven, as a person may type them. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** The secret in groups of four, for typing into an app by hand. */
export function groupedSecret(secret: Buffer): string {
  return base32Encode(secret).match(/.{1,4}/g)!.join(' ');
}

/** The otpauth:// address an app reads from a QR code (Google Authenticator's key URI format). */
export function otpauthUri(secret: Buffer, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
