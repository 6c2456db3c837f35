import { describe, expect, it } from 'vitest';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { AgencyNameTakenError, AgencyNotFoundError } from '../../shared/domain/agencies.ts';
import { freshStore } from '../support/store.ts';

const AT = new Date('2026-12-15T10:00:00Z');
const SEED = [
  { agencyId: 'turning-point', name: 'Turning Point' },
  { agencyId: 'juniper-lodge', name: 'Juniper Lodge' },
];
const KEY = '3f2b8a1c-5d4e-4f60-8a7b-9c0d1e2f3a4b';

async function aList(): Promise<DynamoDbAgencyList> {
  const { client, tableName } = await freshStore();
  return new DynamoDbAgencyList(client, tableName);
}

describe('the kept list of agencies on DynamoDB Local', () => {
  it('is seeded once per seed version, and leaves what an administrator changed since', async () => {
    const list = await aList();
    expect(await list.seed('v1', SEED, AT)).toBe('seeded');
    await list.renameAgency('turning-point', 'Turning Point Leicestershire', 'admin.one', AT);
    await list.setActive('juniper-lodge', false, 'admin.one', AT);
    expect(await list.seed('v1', SEED, AT)).toBe('already-seeded');
    expect(await list.listAgencies()).toEqual([
      { agencyId: 'juniper-lodge', name: 'Juniper Lodge', active: false },
      { agencyId: 'turning-point', name: 'Turning Point Leicestershire', active: true },
    ]);
  });

  it('adds an agency once under its form key, and refuses a name another has, whatever its case or spacing', async () => {
    const list = await aList();
    await list.seed('v1', SEED, AT);
    const twice = await Promise.all([
      list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT),
      list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT),
    ]);
    expect(twice.sort()).toEqual(['added', 'already-added']);
    expect(await list.getAgency(KEY)).toEqual({ agencyId: KEY, name: 'Example Advocacy', active: true });
    await expect(
      list.addAgency({ agencyId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'turning  POINT' }, 'a', AT),
    ).rejects.toBeInstanceOf(AgencyNameTakenError);
    await expect(list.renameAgency(KEY, 'Juniper Lodge', 'admin.one', AT)).rejects.toBeInstanceOf(
      AgencyNameTakenError,
    );
    expect((await list.listAgencies()).map((a) => a.name)).toEqual([
      'Example Advocacy',
      'Juniper Lodge',
      'Turning Point',
    ]);
  });

  it('frees a name when its agency is renamed, and knows no agency it never held', async () => {
    const list = await aList();
    await list.seed('v1', SEED, AT);
    await list.renameAgency('juniper-lodge', 'Juniper Lodge Centre', 'admin.one', AT);
    await list.addAgency({ agencyId: KEY, name: 'Juniper Lodge' }, 'admin.one', AT);
    expect((await list.getAgency(KEY))?.name).toBe('Juniper Lodge');
    expect(await list.getAgency('no-such-agency')).toBeUndefined();
    await expect(list.setActive('no-such-agency', false, 'admin.one', AT)).rejects.toBeInstanceOf(
      AgencyNotFoundError,
    );
    await expect(list.renameAgency('no-such-agency', 'Anything', 'admin.one', AT)).rejects.toBeInstanceOf(
      AgencyNotFoundError,
    );
  });
});
