import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbOpenChatRota } from '../../shared/adapters/dynamodb/open-chat-rota.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// The call-taking rota page (docs/web-chat.md, "The call-taking rota"), on the served local system:
// caseworkers read the next 14 days; a team leader saves the weekly pattern and sets cover for a date, each
// kept once with who made it; bad input is answered with the GOV.UK error summary, values kept, 400 and
// nothing written; a caseworker changing it is refused. Who answers open chats follows the rota as kept.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const ROTA = '/open-chats/rota';
const PATTERN = '/open-chats/rota/pattern';
const COVER = '/open-chats/rota/cover';

let served: ServedLocalSystem;

beforeAll(async () => {
  served = await startServedLocalSystem(TUESDAY_10AM);
}, 180_000);

afterAll(async () => served?.close());

const rotaStore = () => new DynamoDbOpenChatRota(served.fresh.client, served.fresh.tableName);

/** The next days' rows as the page tables them: date, call-taker, where from. */
const dayRows = (body: string) =>
  [
    ...body.matchAll(
      /<tr class="govuk-table__row">\s*<th[^>]*>([^<]+)<\/th>\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*>([^<]+)<\/td>/g,
    ),
  ].map((m) => [m[1]?.trim(), m[2]?.trim(), m[3]?.trim()]);

/** The GOV.UK error summary's links: where each points and what it says. */
const errorLinks = (body: string) =>
  [
    ...(/class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '').matchAll(
      /<a href="(#[^"]+)"[^>]*>([^<]+)<\/a>/g,
    ),
  ].map((m) => [m[1], m[2]?.trim()]);

const onCallToday = async (visitor: Visitor) =>
  /On call-taking today: ([a-z0-9._-]+?)\.\s/.exec((await visitor.get('/open-chats')).body)?.[1];

describe('the call-taking rota page', () => {
  it('caseworkers read it and cannot change it; a team leader saves the pattern and sets cover, each once', async () => {
    const caseworker = await new Visitor(served.url).signIn('caseworker.two');
    const leader = await new Visitor(served.url).signIn('team.leader');

    // The starting pattern (caseworker.one Monday to Saturday) until a team leader saves one.
    expect((await caseworker.get('/open-chats')).body).toContain(`href="${ROTA}"`);
    const read = await caseworker.get(ROTA);
    expect(read.status).toBe(200);
    const days = dayRows(read.body);
    expect(days).toHaveLength(14);
    expect(days[0]).toEqual(['Tuesday 15 December 2026', 'Alex Example', 'Starting pattern']);
    expect(days[5]).toEqual(['Sunday 20 December 2026', 'Nobody', 'Starting pattern']);
    expect(read.body).not.toContain(`action="${PATTERN}"`);
    expect(read.body).not.toContain(`action="${COVER}"`);

    // A caseworker sending a change is refused, and nothing is written.
    const csrf = await caseworker.csrf(ROTA);
    for (const path of [PATTERN, COVER]) {
      const refused = await caseworker.post(path, {
        csrf,
        idempotencyKey: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        'day-2': 'caseworker.two',
        'cover-day': '15',
        'cover-month': '12',
        'cover-year': '2026',
        'cover-staff': 'caseworker.two',
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('The call-taking rota is changed by team leaders.');
    }
    expect(await rotaStore().changes(10)).toEqual([]);

    // The team leader saves a pattern: Tuesday to caseworker.two, Wednesday to the team leader; sent twice,
    // it is kept once.
    const patternForm = {
      ...(await leader.formFields(ROTA, PATTERN)),
      'day-1': 'caseworker.one',
      'day-2': 'caseworker.two',
      'day-3': 'team.leader',
    };
    const saves = [await leader.post(PATTERN, patternForm), await leader.post(PATTERN, patternForm)];
    expect(saves.map((r) => r.location)).toEqual([`${ROTA}?saved=pattern`, `${ROTA}?saved=pattern`]);
    expect((await leader.get(`${ROTA}?saved=pattern`)).body).toContain('Weekly pattern saved.');
    expect(await rotaStore().pattern()).toMatchObject({
      days: { 1: 'caseworker.one', 2: 'caseworker.two', 3: 'team.leader' },
      changedBy: 'team.leader',
    });
    expect(await onCallToday(caseworker)).toBe('caseworker.two');
    const afterPattern = dayRows((await caseworker.get(ROTA)).body);
    expect(afterPattern.slice(0, 3)).toEqual([
      ['Tuesday 15 December 2026', 'Sam Sample', 'Weekly pattern'],
      ['Wednesday 16 December 2026', 'Jo Specimen', 'Weekly pattern'],
      ['Thursday 17 December 2026', 'Nobody', 'Weekly pattern'],
    ]);

    // Cover for today: caseworker.three takes the chats instead, and only they (or a team leader) answer.
    const coverForm = {
      ...(await leader.formFields(ROTA, COVER)),
      'cover-day': '15',
      'cover-month': '12',
      'cover-year': '2026',
      'cover-staff': 'caseworker.three',
    };
    expect((await leader.post(COVER, coverForm)).location).toBe(`${ROTA}?saved=cover`);
    expect((await leader.post(COVER, coverForm)).location).toBe(`${ROTA}?saved=cover`);
    expect(dayRows((await caseworker.get(ROTA)).body)[0]).toEqual([
      'Tuesday 15 December 2026',
      'Kit Instance',
      'Cover',
    ]);
    expect(await onCallToday(caseworker)).toBe('caseworker.three');
    const changes = await rotaStore().changes(10);
    // Both made at the same instant on the still clock: their order between them is the change ids'.
    expect(changes.map((c) => [c.kind, c.by]).sort()).toEqual([
      ['cover', 'team.leader'],
      ['pattern', 'team.leader'],
    ]);
    expect((await caseworker.get(ROTA)).body).toContain(
      'Cover on Tuesday 15 December 2026: Kit Instance, by Jo Specimen',
    );
  });

  it('answers bad input with the error summary naming the field, keeps the values, and writes nothing', async () => {
    const leader = await new Visitor(served.url).signIn('team.leader');
    const before = await rotaStore().changes(10);
    const cover = async (fields: Record<string, string>) =>
      leader.post(COVER, { ...(await leader.formFields(ROTA, COVER)), ...fields });

    const past = await cover({
      'cover-day': '14',
      'cover-month': '12',
      'cover-year': '2026',
      'cover-staff': 'caseworker.two',
    });
    expect(past.status).toBe(400);
    expect(errorLinks(past.body)).toEqual([
      ['#cover-day', 'The date of the cover must be today or in the future'],
    ]);
    expect(past.body).toMatch(/name="cover-day"[^>]*value="14"/);
    expect(past.body).toMatch(/<option value="caseworker.two" selected>/);

    const notReal = await cover({
      'cover-day': '31',
      'cover-month': '2',
      'cover-year': '2027',
      'cover-staff': '',
    });
    expect(notReal.status).toBe(400);
    expect(errorLinks(notReal.body).map(([href]) => href)).toEqual(['#cover-day', '#cover-staff']);
    expect(notReal.body).toContain('The date of the cover must be a real date');
    expect(notReal.body).toContain('Select who takes open chats on the date');

    const stranger = await cover({
      'cover-day': '18',
      'cover-month': '12',
      'cover-year': '2026',
      'cover-staff': 'someone.else',
    });
    expect(stranger.status).toBe(400);
    expect(errorLinks(stranger.body)).toEqual([
      ['#cover-staff', 'Select who takes open chats on the date from the list'],
    ]);

    const pattern = await leader.post(PATTERN, {
      ...(await leader.formFields(ROTA, PATTERN)),
      'day-1': 'caseworker.one',
      'day-4': 'someone.else',
    });
    expect(pattern.status).toBe(400);
    expect(errorLinks(pattern.body)).toEqual([
      ['#day-4', 'Select who takes open chats on Thursday from the list'],
    ]);

    expect(await rotaStore().changes(10)).toEqual(before);
  });
});
