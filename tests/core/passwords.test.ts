import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, hashPassword, loadCommonPasswords, parseHash, verifyPassword } from '../../src/core/passwords.js';

describe('one password module for the agent and the fleet', () => {
  it('refuses short, one-character and common passwords, naming the rule', () => {
    const refused = (pw: string): string => {
      try {
        checkPasswordStrength(pw);
      } catch (err) {
        return (err as { code: string; params: { rule: string } }).code + ':' + (err as { params: { rule: string } }).params.rule;
      }
      return 'accepted';
    };
    expect(refused('short')).toBe('SC_ERR_PASSWORD_WEAK:too-short');
    expect(refused('aaaaaaaaaa')).toBe('SC_ERR_PASSWORD_WEAK:one-character');
    expect(refused('qwertyuiop')).toBe('SC_ERR_PASSWORD_WEAK:common');
    expect(refused('Password12345')).toBe('SC_ERR_PASSWORD_WEAK:common');
    expect(refused('!!dragon2024!!')).toBe('SC_ERR_PASSWORD_WEAK:common');
    expect(refused('lab-technician-42')).toBe('accepted');
    expect(refused('correct horse battery')).toBe('accepted');
  });

  it('bundles the commonest passwords as data, lower case', () => {
    const common = loadCommonPasswords();
    expect(common.size).toBeGreaterThanOrEqual(1000);
    for (const pw of ['123456', 'password', 'qwerty', 'iloveyou', 'admin']) expect(common.has(pw)).toBe(true);
    expect([...common].every((pw) => pw === pw.toLowerCase())).toBe(true);
  });

  it('hashes with scrypt, verifies in constant time, and names what is wrong with a bad hash', async () => {
    const hash = await hashPassword('lab-technician-42');
    expect(parseHash(hash)).toMatchObject({ N: 16384, r: 8, p: 1 });
    expect(await verifyPassword('lab-technician-42', hash)).toBe(true);
    expect(await verifyPassword('lab-technician-43', hash)).toBe(false);
    await expect(verifyPassword('x', 'md5$abc')).rejects.toMatchObject({ code: 'SC_ERR_PASSWORD_HASH_INVALID' });
  });
});
