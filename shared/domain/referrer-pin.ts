import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Referrers' PINs for the emergency target-hardening line, and how many wrong ones the line takes
 * (docs/target-hardening.md, "The emergency line"; docs/decisions.md).
 *
 * A PIN is kept as `scrypt$N$r$p$salt$hash` (salt and hash in base64url): a random salt of its own, so two
 * referrers with the same PIN have different hashes and no table of precomputed hashes helps, and scrypt's
 * cost in time and memory, written beside the hash so it can be raised for new PINs without breaking old ones.
 */
export const PIN_HASH_PARAMETERS = {
  /** CPU and memory cost: 2^15 blocks of 128·r bytes, 32 MiB; about 0.1 s on one core. */
  N: 2 ** 15,
  r: 8,
  p: 1,
} as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const SCHEME = 'scrypt';

interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

function derive(pin: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const { N, r, p } = parameters;
  return new Promise((resolve, reject) => {
    // Node refuses scrypt above maxmem (32 MiB by default); 32 MiB is exactly this cost, so allow twice it.
    scrypt(pin, salt, HASH_BYTES, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const encode = (parameters: ScryptParameters, salt: Buffer, hash: Buffer) =>
  [
    SCHEME,
    parameters.N,
    parameters.r,
    parameters.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');

/** A PIN's hash to keep, with a new random salt each time. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return encode(PIN_HASH_PARAMETERS, salt, await derive(pin, salt, PIN_HASH_PARAMETERS));
}

/** Thrown for a stored hash that is not `scrypt$N$r$p$salt$hash`: a defect in what was stored, never a guess. */
export class MalformedPinHashError extends Error {
  override name = 'MalformedPinHashError';
}

function decode(stored: string): { parameters: ScryptParameters; salt: Buffer; hash: Buffer } {
  const [scheme, N, r, p, salt, hash, ...rest] = stored.split('$');
  const numbers = [N, r, p].map(Number);
  if (
    scheme !== SCHEME ||
    rest.length > 0 ||
    !numbers.every((n) => Number.isSafeInteger(n) && n > 0) ||
    !salt ||
    !hash
  )
    throw new MalformedPinHashError('a stored PIN hash is not scrypt$N$r$p$salt$hash');
  const [n = 0, blockSize = 0, parallel = 0] = numbers;
  return {
    parameters: { N: n, r: blockSize, p: parallel },
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
}

/** Whether the PIN is the one hashed, compared in constant time. */
export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const { parameters, salt, hash } = decode(stored);
  const derived = await derive(pin, salt, parameters);
  return derived.length === hash.length && timingSafeEqual(derived, hash);
}

/**
 * What a PIN keyed for an unknown referrer number is checked against: the same cost as a real hash, so the
 * answer takes as long as for a known number with a wrong PIN. Its hash is all zeros, which no PIN derives.
 */
export const UNKNOWN_REFERRER_PIN_HASH = encode(
  PIN_HASH_PARAMETERS,
  Buffer.alloc(SALT_BYTES),
  Buffer.alloc(HASH_BYTES),
);

/**
 * The referrer, when one was found and the PIN is theirs. When none was found the PIN is still checked, against
 * UNKNOWN_REFERRER_PIN_HASH: an unknown number and a wrong PIN cost the same scrypt, so the time of the answer
 * does not tell a caller which they got wrong.
 */
export async function verifiedReferrer<R>(
  found: { readonly referrer: R; readonly pinHash: string } | undefined,
  pin: string,
): Promise<R | undefined> {
  const matches = await pinMatches(pin, found?.pinHash ?? UNKNOWN_REFERRER_PIN_HASH);
  return found !== undefined && matches ? found.referrer : undefined;
}

// --- Wrong PINs: counted per calling number and per referrer number ----------------------------------------

/**
 * At most this many failed attempts (unknown referrer number or wrong PIN) against one calling number, or
 * against one referrer number, in a window; after that the line refuses every call from that number, or for
 * that referrer, until the window ends — the right PIN included.
 */
export const PIN_LOCKOUT = { maxFailures: 5, windowMinutes: 15 } as const;

const WINDOW_MS = PIN_LOCKOUT.windowMinutes * 60_000;

/** The fixed window (aligned on the epoch) holding a moment: failures are counted per window. */
export function lockoutWindowOf(at: Date): { readonly start: Date; readonly end: Date } {
  const start = Math.floor(at.getTime() / WINDOW_MS) * WINDOW_MS;
  return { start: new Date(start), end: new Date(start + WINDOW_MS) };
}

/** The key a calling number's failures are counted under: withheld numbers share one. */
export function callerKey(callingNumber: string | undefined): string {
  const number = callingNumber?.trim();
  if (!number) return 'caller#withheld';
  // Hashed so the table never holds a caller's number; the key only has to be the same on each call.
  return `caller#${createHash('sha256').update(`victim-first-emergency-caller:${number}`).digest('base64url')}`;
}

/** The key a referrer number's failures are counted under, whether or not a referrer has that number. */
export const referrerKey = (referrerNumber: string): string => `referrer#${referrerNumber}`;

/** Whether failures already counted lock the line. */
export const lockedOut = (failures: number): boolean => failures >= PIN_LOCKOUT.maxFailures;
