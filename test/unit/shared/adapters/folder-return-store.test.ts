import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderReturnStore } from '../../../../shared/adapters/local/folder-return-store.ts';
import { InvalidQuarterError } from '../../../../shared/domain/reporting/quarters.ts';

const freshFolder = () => join(mkdtempSync(join(tmpdir(), 'vf-returns-')), 'reports');

describe('quarterly returns in the local reports folder', () => {
  it('keeps each format as <data>/reports/<2026-27-Q2>.<format>, replacing what was there', async () => {
    const folder = freshFolder();
    const returns = new FolderReturnStore(folder);
    await returns.put('2026/27-Q2', 'csv', 'first\r\n');
    await returns.put('2026/27-Q2', 'csv', 'second\r\n');
    await returns.put('2026/27-Q2', 'pdf', new Uint8Array([37, 80, 68, 70]));
    expect(readdirSync(folder).sort()).toEqual(['2026-27-Q2.csv', '2026-27-Q2.pdf']);
    expect(returns.pathOf('2026/27-Q2', 'csv')).toBe(join(folder, '2026-27-Q2.csv'));
    expect(Buffer.from((await returns.get('2026/27-Q2', 'csv')) ?? []).toString()).toBe('second\r\n');
    expect([...((await returns.get('2026/27-Q2', 'pdf')) ?? [])]).toEqual([37, 80, 68, 70]);
  });

  it('lists the quarters newest first with their formats and the latest time, leaving other files out', async () => {
    const folder = freshFolder();
    const returns = new FolderReturnStore(folder);
    await returns.put('2025/26-Q4', 'html', '<html></html>');
    await returns.put('2026/27-Q1', 'json', '{}');
    await returns.put('2026/27-Q1', 'csv', 'x');
    writeFileSync(join(folder, 'my-notes.csv'), 'not a return');
    const at = new Date('2026-07-01T05:00:00Z');
    utimesSync(join(folder, '2026-27-Q1.json'), at, at);
    utimesSync(join(folder, '2026-27-Q1.csv'), at, new Date('2026-07-01T05:00:07Z'));
    const listed = await returns.list();
    expect(listed.map((r) => [r.quarter, r.formats])).toEqual([
      ['2026/27-Q1', ['csv', 'json']],
      ['2025/26-Q4', ['html']],
    ]);
    expect(listed[0]?.storedAt).toEqual(new Date('2026-07-01T05:00:07Z'));
  });

  it('has nothing to list or read before the first return, and refuses a quarter that is not one', async () => {
    const returns = new FolderReturnStore(freshFolder());
    expect(await returns.list()).toEqual([]);
    expect(await returns.get('2026/27-Q2', 'pdf')).toBeUndefined();
    await expect(returns.put('../2026/27-Q2', 'pdf', 'x')).rejects.toBeInstanceOf(InvalidQuarterError);
  });
});
