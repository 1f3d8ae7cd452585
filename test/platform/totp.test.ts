import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  base32Decode,
  base32Encode,
  checkTotp,
  groupedSecret,
  hotp,
  otpauthUri,
  secondsLeftInStep,
  totp,
  totpStep,
} from '../../src/platform/totp.js';

const ascii = (s: string) => Buffer.from(s, 'ascii');

describe('HOTP (RFC 4226)', () => {
  it('gives the values of Appendix D for the secret "12345678901234567890"', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    const secret = ascii('12345678901234567890');
    assert.deepEqual(expected.map((_, counter) => hotp(secret, counter)), expected);
  });
});

describe('TOTP (RFC 6238)', () => {
  // Appendix B: 8 digits, with a seed of the right length for each hash.
  const seeds = {
    sha1: ascii('12345678901234567890'),
    sha256: ascii('12345678901234567890123456789012'),
    sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  } as const;
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [seconds, sha1, sha256, sha512] of vectors) {
    it(`gives the Appendix B values at T = ${seconds} s`, () => {
      const at = new Date(seconds * 1000);
      assert.equal(totp(seeds.sha1, at, { digits: 8, algorithm: 'sha1' }), sha1);
      assert.equal(totp(seeds.sha256, at, { digits: 8, algorithm: 'sha256' }), sha256);
      assert.equal(totp(seeds.sha512, at, { digits: 8, algorithm: 'sha512' }), sha512);
    });
  }

  it('uses 30-second steps and 6 digits by default (the last 6 digits of the 8-digit value)', () => {
    assert.equal(totpStep(new Date(59_000)), 1);
    assert.equal(totpStep(new Date(60_000)), 2);
    assert.equal(totp(seeds.sha1, new Date(59_000)), '287082');
    assert.equal(secondsLeftInStep(new Date(59_000)), 1);
    assert.equal(secondsLeftInStep(new Date(60_000)), 30);
  });
});

describe('checking a code', () => {
  const secret = ascii('12345678901234567890');
  const at = new Date('2026-11-17T10:00:10Z');
  const step = totpStep(at);
  const codeAt = (offset: number) => hotp(secret, step + offset);

  it('accepts the code for now and one step either side, and says which step it was', () => {
    assert.deepEqual(checkTotp(secret, codeAt(0), at, null), { ok: true, step });
    assert.deepEqual(checkTotp(secret, codeAt(-1), at, null), { ok: true, step: step - 1 });
    assert.deepEqual(checkTotp(secret, codeAt(1), at, null), { ok: true, step: step + 1 });
  });

  it('refuses codes two steps away, wrong codes and anything that is not 6 digits', () => {
    assert.deepEqual(checkTotp(secret, codeAt(-2), at, null), { ok: false, reason: 'wrong' });
    assert.deepEqual(checkTotp(secret, codeAt(2), at, null), { ok: false, reason: 'wrong' });
    const wrong = String((Number(codeAt(0)) + 1) % 1_000_000).padStart(6, '0');
    assert.equal(checkTotp(secret, wrong, at, null).ok, false);
    for (const input of ['', '12345', '1234567', 'abcdef', `${codeAt(0)}0`]) assert.equal(checkTotp(secret, input, at, null).ok, false, input);
  });

  it('forgives spaces and a hyphen, as people type codes', () => {
    const c = codeAt(0);
    assert.equal(checkTotp(secret, ` ${c.slice(0, 3)} ${c.slice(3)} `, at, null).ok, true);
    assert.equal(checkTotp(secret, `${c.slice(0, 3)}-${c.slice(3)}`, at, null).ok, true);
  });

  it('refuses a step already used by the account, or one before it', () => {
    assert.deepEqual(checkTotp(secret, codeAt(0), at, step), { ok: false, reason: 'reused' });
    assert.deepEqual(checkTotp(secret, codeAt(-1), at, step), { ok: false, reason: 'reused' });
    assert.deepEqual(checkTotp(secret, codeAt(1), at, step), { ok: true, step: step + 1 });
    assert.deepEqual(checkTotp(secret, codeAt(0), at, step - 1), { ok: true, step });
  });
});

describe('base32 (RFC 4648) and the set-up address', () => {
  it('encodes the RFC 4648 §10 test vectors (without padding) and decodes them back', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI']];
    for (const [plain, encoded] of vectors) {
      assert.equal(base32Encode(ascii(plain)), encoded);
      assert.equal(base32Decode(encoded).toString('ascii'), plain);
    }
    assert.equal(base32Decode('mzxw 6ytb-oi======').toString('ascii'), 'foobar');
    assert.throws(() => base32Decode('MZXW1'));
  });

  it('groups a 20-byte secret in eights of four for typing, and builds the otpauth address', () => {
    const secret = Buffer.from('0123456789abcdef0123456789abcdef01234567', 'hex');
    assert.match(groupedSecret(secret), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    assert.deepEqual(base32Decode(groupedSecret(secret)), secret);
    const uri = new URL(otpauthUri(secret, 'Diogel', 'athro@glanymor.example'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Diogel:athro@glanymor.example');
    assert.equal(uri.searchParams.get('secret'), base32Encode(secret));
    assert.equal(uri.searchParams.get('issuer'), 'Diogel');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
  });
});
