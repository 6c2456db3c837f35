import { describe, expect, it } from 'vitest';
import { printRunDateFor } from '../../../../shared/domain/print-run.ts';

describe('the print run that posts a letter', () => {
  it.each([
    ['a working-day morning', '2026-12-18T09:00:00Z', '2026-12-18'],
    ['just before the cut-off (15:49 GMT)', '2026-12-18T15:49:59Z', '2026-12-18'],
    ['at the cut-off', '2026-12-18T15:50:00Z', '2026-12-21'],
    ['a Friday evening', '2026-12-18T19:00:00Z', '2026-12-21'],
    ['a Saturday', '2026-12-19T10:00:00Z', '2026-12-21'],
    ['Christmas Eve after the cut-off, over two bank holidays', '2026-12-24T16:00:00Z', '2026-12-29'],
    ['15:30 BST, before the summer cut-off', '2026-07-01T14:30:00Z', '2026-07-01'],
    ['15:55 BST, after the summer cut-off', '2026-07-01T14:55:00Z', '2026-07-02'],
  ])('posts a letter stored on %s on %s', (_when, storedAt, runDate) => {
    expect(printRunDateFor(new Date(storedAt))).toBe(runDate);
  });
});
