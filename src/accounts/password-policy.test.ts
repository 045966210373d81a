import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('accepts long passwords that are not on the guess lists', () => {
    for (const pw of ['a long password', 'correct horse battery', 'bob password', 'pw-1a2b3c4d5e6f', 'Tr0ub4dor&3xyz', 'zyxwvutsrqpa', 'ünïcödé pässwörd']) {
      expect(passwordProblem(pw), pw).toBeUndefined();
    }
  });
  it('refuses fewer than 12 characters (counted as characters, not UTF-16 units)', () => {
    expect(passwordProblem('12345678')?.message).toMatch(/at least 12 characters/);
    expect(passwordProblem('eleven char')?.message).toMatch(/at least 12/);
    expect(passwordProblem('😀'.repeat(6))?.message).toMatch(/at least 12/);
  });
  it('refuses the most common passwords, whatever their case, and common words padded with digits or symbols', () => {
    expect(passwordProblem('Password1234')?.message).toMatch(/most common/);
    expect(passwordProblem('QWERTY123456')?.message).toMatch(/most common/);
    expect(passwordProblem('1q2w3e4r5t6y')?.message).toMatch(/most common/);
    expect(passwordProblem('Password2024!')?.message).toMatch(/common word \("password"\)/);
    expect(passwordProblem('!!!letmein!!!')?.message).toMatch(/common word/);
    expect(passwordProblem('dragops12345')?.message).toMatch(/common word/);
  });
  it('refuses one character or a short group repeated', () => {
    for (const pw of ['aaaaaaaaaaaa', '111111111111', '            ', 'abcabcabcabc', '121212121212', 'abcdabcdabcd'])
      expect(passwordProblem(pw)?.message, pw).toMatch(/repeated/);
    expect(passwordProblem('abcdeabcdeab')).toBeUndefined();
  });
  it('refuses plain ascending or descending sequences, digits going round', () => {
    for (const pw of ['abcdefghijkl', 'ABCDEFGHIJKL', 'lkjihgfedcba', '123456789012', '234567890123', '987654321098', 'mnopqrstuvwx'])
      expect(passwordProblem(pw)?.message, pw).toMatch(/sequence/);
    expect(passwordProblem('abcdefghijkm')).toBeUndefined();
  });
});
