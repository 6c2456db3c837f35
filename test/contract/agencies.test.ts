import { describe, expect, it } from 'vitest';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { InMemoryAgencyList } from '../../shared/adapters/memory/agencies.ts';
import { AgencyNameTakenError, AgencyNotFoundError } from '../../shared/domain/agencies.ts';
import type { AgencyList } from '../../shared/ports/agencies.ts';
import { freshStore } from '../support/store.ts';

const AT = new Date('2026-12-15T10:00:00Z');
const SEED = [
  { agencyId: 'turning-point', name: 'Turning Point' },
  { agencyId: 'juniper-lodge', name: 'Juniper Lodge' },
];
// The add form's idempotency keys.
const KEY = '3f2b8a1c-5d4e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER_KEY = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<AgencyList> => new InMemoryAgencyList()],
  [
    'on DynamoDB Local',
    async (): Promise<AgencyList> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbAgencyList(client, tableName);
    },
  ],
])('the kept list of agencies %s', (_where, open) => {
  it('starts empty and knows no agency it never held', async () => {
    const list = await open();

    expect(await list.listAgencies()).toEqual([]);
    expect(await list.getAgency('no-such-agency')).toBeUndefined();
  });

  it('adds an active agency under its form key, its name trimmed and its spaces made one', async () => {
    const list = await open();

    expect(await list.addAgency({ agencyId: KEY, name: '  Example   Advocacy ' }, 'admin.one', AT)).toBe(
      'added',
    );

    expect(await list.getAgency(KEY)).toEqual({ agencyId: KEY, name: 'Example Advocacy', active: true });
    expect(await list.listAgencies()).toEqual([{ agencyId: KEY, name: 'Example Advocacy', active: true }]);
  });

  it('adds an agency once however often its form is sent, the first name standing', async () => {
    const list = await open();
    await list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT);

    expect(await list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT)).toBe(
      'already-added',
    );
    expect(await list.addAgency({ agencyId: KEY, name: 'Example Outreach' }, 'admin.two', AT)).toBe(
      'already-added',
    );

    expect(await list.listAgencies()).toEqual([{ agencyId: KEY, name: 'Example Advocacy', active: true }]);
    // The name the repeat carried was never taken: another agency may have it.
    expect(await list.addAgency({ agencyId: OTHER_KEY, name: 'Example Outreach' }, 'admin.one', AT)).toBe(
      'added',
    );
  });

  it('adds one of two copies of a form sent at once', async () => {
    const list = await open();

    const twice = await Promise.all([
      list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT),
      list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT),
    ]);

    expect(twice.sort()).toEqual(['added', 'already-added']);
    expect(await list.listAgencies()).toHaveLength(1);
  });

  it('answers a repeat of an agency as already added even when its name is now taken by another', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);
    await list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT);

    expect(await list.addAgency({ agencyId: KEY, name: 'Turning Point' }, 'admin.one', AT)).toBe(
      'already-added',
    );
    expect((await list.getAgency(KEY))?.name).toBe('Example Advocacy');
  });

  it('refuses a name another agency has, whatever its case or spacing, and adds nothing', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);

    await expect(
      list.addAgency({ agencyId: KEY, name: 'turning  POINT' }, 'admin.one', AT),
    ).rejects.toBeInstanceOf(AgencyNameTakenError);

    expect(await list.getAgency(KEY)).toBeUndefined();
    expect((await list.listAgencies()).map((a) => a.agencyId)).toEqual(['juniper-lodge', 'turning-point']);
    // The refused form may be sent again with another name.
    expect(await list.addAgency({ agencyId: KEY, name: 'Example Advocacy' }, 'admin.one', AT)).toBe('added');
  });

  it('lists every agency, retired ones too, by name as people read it', async () => {
    const list = await open();
    await list.addAgency({ agencyId: 'zebra-project', name: 'Zebra Project' }, 'admin.one', AT);
    await list.addAgency({ agencyId: 'bridge-example', name: 'bridge Example' }, 'admin.one', AT);
    await list.addAgency({ agencyId: 'apple-example', name: 'Apple Example' }, 'admin.one', AT);
    await list.addAgency({ agencyId: 'citizens-example', name: 'Citizens Example' }, 'admin.one', AT);
    await list.setActive('citizens-example', false, 'admin.one', AT);

    expect(await list.listAgencies()).toEqual([
      { agencyId: 'apple-example', name: 'Apple Example', active: true },
      { agencyId: 'bridge-example', name: 'bridge Example', active: true },
      { agencyId: 'citizens-example', name: 'Citizens Example', active: false },
      { agencyId: 'zebra-project', name: 'Zebra Project', active: true },
    ]);
  });

  it('renames an agency, giving its old name up for another to take', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);

    await list.renameAgency('juniper-lodge', '  Juniper Lodge   Centre', 'admin.one', AT);

    expect(await list.getAgency('juniper-lodge')).toEqual({
      agencyId: 'juniper-lodge',
      name: 'Juniper Lodge Centre',
      active: true,
    });
    await expect(
      list.addAgency({ agencyId: KEY, name: 'Juniper Lodge Centre' }, 'admin.one', AT),
    ).rejects.toBeInstanceOf(AgencyNameTakenError);
    expect(await list.addAgency({ agencyId: KEY, name: 'Juniper Lodge' }, 'admin.one', AT)).toBe('added');
    expect(await list.getAgency(KEY)).toEqual({ agencyId: KEY, name: 'Juniper Lodge', active: true });
  });

  it('renames an agency to its own name written another way, and the same rename again is harmless', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);

    await list.renameAgency('turning-point', 'TURNING point', 'admin.one', AT);
    await list.renameAgency('turning-point', 'TURNING point', 'admin.one', AT);

    expect((await list.getAgency('turning-point'))?.name).toBe('TURNING point');
    await expect(
      list.addAgency({ agencyId: KEY, name: 'Turning Point' }, 'admin.one', AT),
    ).rejects.toBeInstanceOf(AgencyNameTakenError);
    await list.renameAgency('turning-point', 'Turning Point Leicestershire', 'admin.one', AT);
    await list.renameAgency('turning-point', 'Turning Point Leicestershire', 'admin.one', AT);
    expect((await list.getAgency('turning-point'))?.name).toBe('Turning Point Leicestershire');
  });

  it('refuses a rename to a name another agency has, and keeps both as they were', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);

    await expect(list.renameAgency('juniper-lodge', 'turning point', 'admin.one', AT)).rejects.toBeInstanceOf(
      AgencyNameTakenError,
    );

    expect(await list.listAgencies()).toEqual([
      { agencyId: 'juniper-lodge', name: 'Juniper Lodge', active: true },
      { agencyId: 'turning-point', name: 'Turning Point', active: true },
    ]);
    // Its own name is still its own.
    await expect(
      list.addAgency({ agencyId: KEY, name: 'Juniper Lodge' }, 'admin.one', AT),
    ).rejects.toBeInstanceOf(AgencyNameTakenError);
  });

  it('lets one agency take the name another gave up', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);

    await list.renameAgency('turning-point', 'Turning Point Leicestershire', 'admin.one', AT);
    await list.renameAgency('juniper-lodge', 'Turning Point', 'admin.one', AT);

    expect((await list.listAgencies()).map((a) => [a.agencyId, a.name])).toEqual([
      ['juniper-lodge', 'Turning Point'],
      ['turning-point', 'Turning Point Leicestershire'],
    ]);
  });

  it('retires an agency and brings it back, however often it is told', async () => {
    const list = await open();
    await list.seed('v1', SEED, AT);

    await list.setActive('juniper-lodge', false, 'admin.one', AT);
    await list.setActive('juniper-lodge', false, 'admin.one', AT);
    expect(await list.getAgency('juniper-lodge')).toEqual({
      agencyId: 'juniper-lodge',
      name: 'Juniper Lodge',
      active: false,
    });
    // A retired agency keeps its name.
    await expect(
      list.addAgency({ agencyId: KEY, name: 'Juniper Lodge' }, 'admin.one', AT),
    ).rejects.toBeInstanceOf(AgencyNameTakenError);

    await list.setActive('juniper-lodge', true, 'admin.one', AT);
    expect((await list.getAgency('juniper-lodge'))?.active).toBe(true);
  });

  it('refuses to rename or retire an agency it does not have, and makes none', async () => {
    const list = await open();

    await expect(list.setActive('no-such-agency', false, 'admin.one', AT)).rejects.toBeInstanceOf(
      AgencyNotFoundError,
    );
    await expect(list.renameAgency('no-such-agency', 'Anything', 'admin.one', AT)).rejects.toBeInstanceOf(
      AgencyNotFoundError,
    );

    expect(await list.listAgencies()).toEqual([]);
    expect(await list.addAgency({ agencyId: KEY, name: 'Anything' }, 'admin.one', AT)).toBe('added');
  });

  it('is seeded once per seed version, and leaves what an administrator changed since', async () => {
    const list = await open();

    expect(await list.seed('v1', SEED, AT)).toBe('seeded');
    await list.renameAgency('turning-point', 'Turning Point Leicestershire', 'admin.one', AT);
    await list.setActive('juniper-lodge', false, 'admin.one', AT);
    expect(await list.seed('v1', SEED, AT)).toBe('already-seeded');

    expect(await list.listAgencies()).toEqual([
      { agencyId: 'juniper-lodge', name: 'Juniper Lodge', active: false },
      { agencyId: 'turning-point', name: 'Turning Point Leicestershire', active: true },
    ]);
  });

  it("seeds a later version's missing agencies beside an administrator's of the same name", async () => {
    const list = await open();
    await list.addAgency({ agencyId: KEY, name: 'juniper lodge' }, 'admin.one', AT);
    await list.seed('v1', SEED, AT);

    expect(
      await list.seed('v2', [...SEED, { agencyId: 'samaritans-example', name: 'Samaritans Example' }], AT),
    ).toBe('seeded');

    expect(await list.listAgencies()).toEqual([
      { agencyId: KEY, name: 'juniper lodge', active: true },
      { agencyId: 'samaritans-example', name: 'Samaritans Example', active: true },
      { agencyId: 'turning-point', name: 'Turning Point', active: true },
    ]);
    expect(await list.getAgency('juniper-lodge')).toBeUndefined();
  });
});
