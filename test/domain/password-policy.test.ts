import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codePoints, newPasswordProblems, PASSWORD_MAX_LENGTH } from '../../src/domain/password-policy.js';
import { commonPasswordCount, isCommonPassword } from '../../src/services/common-passwords.js';

const EMAIL = 'athro@glanymor.example';
const never = () => false;
const check = (newPassword: string, confirmPassword = newPassword, isCommon: (p: string) => boolean = never) =>
  newPasswordProblems({ newPassword, confirmPassword, email: EMAIL }, isCommon);

describe('the password policy', () => {
  it('needs at least 8 characters, counted as code points', () => {
    assert.deepEqual(check(''), { newPassword: 'error.newPassword.required' });
    assert.deepEqual(check('seven c'), { newPassword: 'error.newPassword.too_short' });
    assert.deepEqual(check('eight ch'), {});
    // 7 emoji are 14 UTF-16 units but 7 characters; 8 accented letters are 8.
    assert.equal(codePoints('🔒🔒🔒🔒🔒🔒🔒'), 7);
    assert.deepEqual(check('🔒🔒🔒🔒🔒🔒🔒'), { newPassword: 'error.newPassword.too_short' });
    assert.deepEqual(check('ŵŷâêîôûŵ'), {});
  });

  it('allows long passphrases (256 and more) but not without end', () => {
    assert.deepEqual(check('a'.repeat(256)), {});
    assert.deepEqual(check('ŵ'.repeat(PASSWORD_MAX_LENGTH)), {});
    assert.deepEqual(check('a'.repeat(PASSWORD_MAX_LENGTH + 1)), { newPassword: 'error.newPassword.too_long' });
  });

  it('takes spaces and any characters, with no composition rules', () => {
    for (const p of ['all lower case words', '        ', 'ДІОГЕЛЬ ПАРОЛЬ', 'Mae hi’n bwrw glaw', '12345678901234567890x']) assert.deepEqual(check(p), {}, p);
  });

  it('refuses the email address, whatever its case or spaces', () => {
    assert.deepEqual(check(EMAIL), { newPassword: 'error.newPassword.email' });
    assert.deepEqual(check(` ${EMAIL.toUpperCase()} `), { newPassword: 'error.newPassword.email' });
  });

  it('refuses what the common-password check says is common', () => {
    assert.deepEqual(check('correct horse', 'correct horse', (p) => p === 'correct horse'), { newPassword: 'error.newPassword.common' });
  });

  it('needs the same password twice, checked once the password itself is acceptable', () => {
    assert.deepEqual(check('a long passphrase', ''), { confirmPassword: 'error.confirmPassword.required' });
    assert.deepEqual(check('a long passphrase', 'a long passphrasE'), { confirmPassword: 'error.confirmPassword.mismatch' });
    assert.deepEqual(check('short', 'other'), { newPassword: 'error.newPassword.too_short' });
  });
});

describe('the list of common passwords', () => {
  it('has tens of thousands of entries and catches the usual suspects in any case', () => {
    assert.ok(commonPasswordCount() > 40_000, `${commonPasswordCount()} entries`);
    for (const p of ['password', 'Password1', '12345678', 'qwertyuiop', 'iloveyou', 'sunshine', 'TRUSTNO1']) assert.ok(isCommonPassword(p), p);
    for (const p of ['diogel demo passphrase', 'Mae hi’n bwrw glaw ar y mynydd']) assert.ok(!isCommonPassword(p), p);
  });
});
