import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  callerKey,
  hashPin,
  lockedOut,
  lockoutWindowOf,
  MalformedPinHashError,
  PIN_HASH_PARAMETERS,
  PIN_LOCKOUT,
  pinMatches,
  referrerKey,
  UNKNOWN_REFERRER_PIN_HASH,
  verifiedReferrer,
} from '../../../../shared/domain/referrer-pin.ts';
import { PIN, REFERRER_NUMBER } from '../../../../shared/domain/target-hardening.ts';

// Count every scrypt the module runs, calling the real one: the timing test below needs to know a PIN keyed
// for an unknown referrer costs the same scrypt as a wrong PIN.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, scrypt: vi.fn(original.scrypt) };
});
const scryptCalls = () => vi.mocked(crypto.scrypt).mock.calls;

beforeEach(() => {
  vi.mocked(crypto.scrypt).mockClear();
});

const REFERRER = { referrerNumber: '300009', referrerId: 'test.referrer' };

describe('referrer PINs', () => {
  it('are kept as scrypt$N$r$p$salt$hash with the parameters they were made with', async () => {
    const stored = await hashPin('246813');
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual([
      'scrypt',
      PIN_HASH_PARAMETERS.N,
      PIN_HASH_PARAMETERS.r,
      PIN_HASH_PARAMETERS.p,
    ]);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('246813');
  });

  it('get a new random salt each time: the same PIN never hashes the same twice', async () => {
    const [first, second] = await Promise.all([hashPin('246813'), hashPin('246813')]);
    expect(first).not.toBe(second);
    expect(await pinMatches('246813', first as string)).toBe(true);
    expect(await pinMatches('246813', second as string)).toBe(true);
  });

  it('match only the PIN hashed', async () => {
    const stored = await hashPin('246813');
    expect(await pinMatches('246813', stored)).toBe(true);
    for (const wrong of ['246814', '2468130', '24681', '', '135792'])
      expect(await pinMatches(wrong, stored), wrong).toBe(false);
  });

  it('check a hash made with other parameters by the parameters written in it', async () => {
    // A cheaper hash, as an older or newer setting would write it: still checked correctly.
    const salt = Buffer.from('fixed-test-salt!');
    const hash = crypto.scryptSync('135792', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
    expect(await pinMatches('135792', stored)).toBe(true);
    expect(await pinMatches('135793', stored)).toBe(false);
  });

  it.each([
    'plain-text-pin',
    'bcrypt$10$abc$def',
    'scrypt$0$8$1$c2FsdA$aGFzaA',
    'scrypt$1024$8$1$$aGFzaA',
    'scrypt$1024$8$1$c2FsdA$aGFzaA$extra',
  ])('refuse a stored hash that is not scrypt$N$r$p$salt$hash (%s)', async (stored) => {
    await expect(pinMatches('246813', stored)).rejects.toBeInstanceOf(MalformedPinHashError);
  });

  it('are six to eight digits, after a six-digit referrer number', () => {
    expect(['123456', '1234567', '12345678'].every((pin) => PIN.test(pin))).toBe(true);
    expect(['2468', '12345', '123456789', '12345a', ''].some((pin) => PIN.test(pin))).toBe(false);
    expect(REFERRER_NUMBER.test('300001')).toBe(true);
    expect(['30000', '3000001', '30000a'].some((number) => REFERRER_NUMBER.test(number))).toBe(false);
  });
});

describe('identifying a referrer by number and PIN', () => {
  it('answers the referrer for their PIN, and nothing for a wrong PIN', async () => {
    const found = { referrer: REFERRER, pinHash: await hashPin('246813') };
    expect(await verifiedReferrer(found, '246813')).toEqual(REFERRER);
    expect(await verifiedReferrer(found, '246814')).toBeUndefined();
  });

  it('costs an unknown referrer number the same scrypt as a wrong PIN, so the time tells nothing', async () => {
    const found = { referrer: REFERRER, pinHash: await hashPin('246813') };
    vi.mocked(crypto.scrypt).mockClear();

    expect(await verifiedReferrer(found, '999999')).toBeUndefined();
    const wrongPin = scryptCalls().map(([, , keyLength, options]) => [keyLength, options]);
    vi.mocked(crypto.scrypt).mockClear();
    expect(await verifiedReferrer(undefined, '246813')).toBeUndefined();
    const unknownNumber = scryptCalls().map(([, , keyLength, options]) => [keyLength, options]);

    expect(wrongPin).toHaveLength(1);
    expect(unknownNumber).toEqual(wrongPin);
  });

  it('never lets a PIN match the stand-in hash of an unknown referrer', async () => {
    expect(await pinMatches('000000', UNKNOWN_REFERRER_PIN_HASH)).toBe(false);
    expect(await pinMatches('', UNKNOWN_REFERRER_PIN_HASH)).toBe(false);
  });
});

describe('the lockout', () => {
  it(`counts failures in fixed windows of ${PIN_LOCKOUT.windowMinutes} minutes`, () => {
    expect(lockoutWindowOf(new Date('2026-12-15T21:37:12Z'))).toEqual({
      start: new Date('2026-12-15T21:30:00Z'),
      end: new Date('2026-12-15T21:45:00Z'),
    });
    expect(lockoutWindowOf(new Date('2026-12-15T21:45:00Z')).start).toEqual(new Date('2026-12-15T21:45:00Z'));
  });

  it(`locks at ${PIN_LOCKOUT.maxFailures} failures`, () => {
    expect(lockedOut(PIN_LOCKOUT.maxFailures - 1)).toBe(false);
    expect(lockedOut(PIN_LOCKOUT.maxFailures)).toBe(true);
  });

  it('keys a caller by a hash of their number, never the number; withheld numbers share one key', () => {
    const key = callerKey('+447700900123');
    expect(key).toMatch(/^caller#[\w-]{43}$/);
    expect(key).not.toContain('7700900123');
    expect(callerKey('+447700900123')).toBe(key);
    expect(callerKey('+447700900124')).not.toBe(key);
    expect(callerKey(undefined)).toBe('caller#withheld');
    expect(callerKey('')).toBe('caller#withheld');
    expect(referrerKey('300001')).toBe('referrer#300001');
  });
});
