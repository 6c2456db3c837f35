import { describe, expect, it } from 'vitest';
import { DynamoDbOpenChatRota } from '../../shared/adapters/dynamodb/open-chat-rota.ts';
import { InMemoryOpenChatRota } from '../../shared/adapters/memory/open-chat-rota.ts';
import { InvalidRotaChangeError, type RotaChange } from '../../shared/domain/open-chat-rota.ts';
import type { OpenChatRotaStore } from '../../shared/ports/open-chat-rota.ts';
import { freshStore } from '../support/store.ts';

const AT = new Date('2026-12-14T09:00:00Z');
const LATER = new Date('2026-12-14T09:30:00Z');

const pattern = (overrides: Partial<RotaChange> = {}): RotaChange =>
  ({
    changeId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    kind: 'pattern',
    days: { 1: 'caseworker.one', 2: 'caseworker.two', 3: 'caseworker.one', 5: 'team.leader' },
    by: 'team.leader',
    at: AT,
    ...overrides,
  }) as RotaChange;

const cover = (overrides: Partial<RotaChange> = {}): RotaChange =>
  ({
    changeId: '1b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e',
    kind: 'cover',
    date: '2026-12-16',
    staffId: 'caseworker.three',
    by: 'team.leader',
    at: LATER,
    ...overrides,
  }) as RotaChange;

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<OpenChatRotaStore> => new InMemoryOpenChatRota()],
  [
    'on DynamoDB Local',
    async (): Promise<OpenChatRotaStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbOpenChatRota(client, tableName);
    },
  ],
])('the open chat rota %s', (_name, make) => {
  it('has no pattern, cover or change until a team leader makes one', async () => {
    const store = await make();
    expect(await store.pattern()).toBeUndefined();
    expect(await store.covers('2026-01-01', '2026-12-31')).toEqual([]);
    expect(await store.changes(10)).toEqual([]);
  });

  it('saves the weekly pattern with who saved it, a day with nobody left out, and replaces it', async () => {
    const store = await make();
    expect(await store.change(pattern())).toBe('kept');
    expect(await store.pattern()).toEqual({
      days: { 1: 'caseworker.one', 2: 'caseworker.two', 3: 'caseworker.one', 5: 'team.leader' },
      changedBy: 'team.leader',
      changedAt: AT,
    });
    const replaced = pattern({
      changeId: '2c3d4e5f-6071-4c8d-8e9f-1a2b3c4d5e6f',
      days: { 4: 'caseworker.two' },
      by: 'team.leader.two',
      at: LATER,
    } as Partial<RotaChange>);
    expect(await store.change(replaced)).toBe('kept');
    expect(await store.pattern()).toEqual({
      days: { 4: 'caseworker.two' },
      changedBy: 'team.leader.two',
      changedAt: LATER,
    });
  });

  it('keeps a change once: the same change sent again changes nothing', async () => {
    const store = await make();
    expect(await store.change(pattern())).toBe('kept');
    const again = pattern({ days: { 1: 'caseworker.three' }, at: LATER } as Partial<RotaChange>);
    expect(await store.change(again)).toBe('already-kept');
    expect((await store.pattern())?.changedAt).toEqual(AT);
    expect(await store.change(cover())).toBe('kept');
    expect(await store.change(cover({ staffId: 'caseworker.two' } as Partial<RotaChange>))).toBe(
      'already-kept',
    );
    expect((await store.covers('2026-12-16', '2026-12-16')).map((c) => c.staffId)).toEqual([
      'caseworker.three',
    ]);
    expect(await store.changes(10)).toHaveLength(2);
  });

  it('sets cover for a date, replaced by later cover, and reads the cover of a span of dates', async () => {
    const store = await make();
    await store.change(cover());
    await store.change(
      cover({ changeId: 'c-2', date: '2026-12-15', staffId: 'caseworker.two' } as Partial<RotaChange>),
    );
    await store.change(
      cover({ changeId: 'c-3', date: '2026-12-31', staffId: 'caseworker.two' } as Partial<RotaChange>),
    );
    await store.change(
      cover({
        changeId: 'c-4',
        staffId: 'team.leader',
        at: new Date('2026-12-14T10:00:00Z'),
      } as Partial<RotaChange>),
    );
    expect(await store.covers('2026-12-15', '2026-12-30')).toEqual([
      { date: '2026-12-15', staffId: 'caseworker.two', changedBy: 'team.leader', changedAt: LATER },
      {
        date: '2026-12-16',
        staffId: 'team.leader',
        changedBy: 'team.leader',
        changedAt: new Date('2026-12-14T10:00:00Z'),
      },
    ]);
    expect(await store.pattern()).toBeUndefined();
  });

  it('lists the changes newest first, each with who made it and when', async () => {
    const store = await make();
    await store.change(pattern());
    await store.change(cover());
    await store.change(
      cover({
        changeId: 'c-2',
        date: '2026-12-17',
        at: new Date('2026-12-14T11:00:00Z'),
      } as Partial<RotaChange>),
    );
    const changes = await store.changes(2);
    expect(changes).toEqual([
      {
        changeId: 'c-2',
        kind: 'cover',
        date: '2026-12-17',
        staffId: 'caseworker.three',
        by: 'team.leader',
        at: new Date('2026-12-14T11:00:00Z'),
      },
      cover(),
    ]);
    expect((await store.changes(10)).at(-1)).toEqual(pattern());
  });

  it('refuses a change that is not well formed, naming the field, and keeps nothing of it', async () => {
    const store = await make();
    await expect(store.change(cover({ date: '16/12/2026' } as Partial<RotaChange>))).rejects.toMatchObject({
      field: 'date',
    });
    await expect(store.change(cover({ staffId: 'has#hash' } as Partial<RotaChange>))).rejects.toBeInstanceOf(
      InvalidRotaChangeError,
    );
    await expect(
      store.change(pattern({ days: { 8: 'caseworker.one' } } as Partial<RotaChange>)),
    ).rejects.toMatchObject({
      field: 'days',
    });
    await expect(store.change(pattern({ by: '' } as Partial<RotaChange>))).rejects.toMatchObject({
      field: 'by',
    });
    expect(await store.changes(10)).toEqual([]);
    expect(await store.pattern()).toBeUndefined();
  });
});
