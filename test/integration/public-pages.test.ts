import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedLocalSystem } from '../support/local-server.ts';
import { type PublicVisitor, startServedPublicPages } from '../support/public-pages.ts';

const START = new Date('2026-12-15T10:00:00Z');

describe('the public pages on the local server', () => {
  let served: ServedLocalSystem & { readonly visitor: () => PublicVisitor };
  beforeAll(async () => {
    served = await startServedPublicPages(START);
  }, 120_000);
  afterAll(async () => served?.close());

  it('answers a public path from the public app: no sign-in, no staff navigation, the pages’ headers', async () => {
    const visitor = served.visitor();
    const page = await visitor.get('/self-referral');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ask Victim First for support');
    expect(page.body).toContain('Exit this page');
    expect(page.body).not.toContain('Sign out');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+'/);
    // The form token's cookie, HttpOnly; not Secure on http://127.0.0.1.
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('vf-public-form='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(visitor.cookies.get('vf-public-form')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps a visitor’s form token from page to page, and gives another visitor another', async () => {
    const visitor = served.visitor();
    const first = await visitor.formTokenOrUndefined('/self-referral');
    await visitor.get('/self-referral');
    expect(visitor.cookies.get('vf-public-form')).toBe(first);
    const other = served.visitor();
    await other.get('/self-referral');
    expect(other.cookies.get('vf-public-form')).not.toBe(first);
  });

  it('answers a path under a public prefix that has no page with the public not-found page', async () => {
    const page = await served.visitor().get('/self-referral/no-such-page');
    expect(page.status).toBe(404);
    expect(page.body).toContain('Page not found');
    expect(page.body).not.toContain('Victim First casework');
  });
});
