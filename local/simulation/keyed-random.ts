import { type Random, seededRandom } from '../synthetic/random.ts';

/** FNV-1a over a string: a fast, stable 32-bit hash (the same on every machine and every run). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A random source for one decision, keyed on the run's seed and a stable id (a task id, a day): the same
 * seed gives the same choice whatever order the simulation happens to reach it in.
 */
export function keyedRandom(seed: number, key: string): Random {
  return seededRandom(fnv1a(`${seed}|${key}`));
}

/** Picks one option by weight. */
export function weighted<T>(random: Random, options: ReadonlyArray<readonly [T, number]>): T {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let at = random.next() * total;
  for (const [value, weight] of options) {
    at -= weight;
    if (at < 0) return value;
  }
  return (options.at(-1) as readonly [T, number])[0];
}
