import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNhsNumber, nhsCheckDigit, nhsNumberProblem, normaliseNhsNumber } from '../../src/domain/nhs-number.js';

describe('NHS numbers', () => {
  it('checks the Modulus 11 check digit', () => {
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
    assert.equal(nhsCheckDigit('943476591'), 9);
    assert.equal(nhsNumberProblem('9434765919'), null);
    assert.equal(nhsNumberProblem('9434765918'), 'checkDigit');
    // A remainder of 0 gives 11, written 0; a check digit of 10 is never issued.
    assert.equal(nhsCheckDigit('999000037'), 9);
    const eleven = Array.from({ length: 1000 }, (_, i) => `999${String(i).padStart(6, '0')}`).find((nine) => nhsCheckDigit(nine) === 0)!;
    assert.equal(nhsNumberProblem(`${eleven}0`), null);
    const ten = Array.from({ length: 1000 }, (_, i) => `999${String(i).padStart(6, '0')}`).find((nine) => nhsCheckDigit(nine) === null)!;
    for (let d = 0; d <= 9; d++) assert.equal(nhsNumberProblem(`${ten}${d}`), 'checkDigit', `${ten}${d}`);
  });

  it('takes spaces as typed, and nothing else that is not a digit', () => {
    assert.equal(normaliseNhsNumber(' 943 476  5919 '), '9434765919');
    for (const bad of ['943476591', '94347659190', '943-476-5919', '943476591O', '']) assert.equal(nhsNumberProblem(normaliseNhsNumber(bad)), 'format', bad);
  });

  it('shows the number in its three groups', () => {
    assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
    assert.equal(formatNhsNumber('12345'), '12345');
  });
});
