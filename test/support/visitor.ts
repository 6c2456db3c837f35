import { expect } from 'vitest';

/** A person at a browser: keeps the cookies the app sets, never follows redirects by itself. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async get(path: string, headers: Record<string, string> = {}) {
    return this.send(path, { method: 'GET', headers });
  }

  async post(
    path: string,
    form: Record<string, string> | URLSearchParams,
    headers: Record<string, string> = {},
  ) {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** A multipart form with one file, as a browser sends a file upload. */
  async upload(
    path: string,
    fields: Record<string, string>,
    file: { field: string; name: string; content: string },
  ) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append(file.field, new Blob([file.content], { type: 'text/csv' }), file.name);
    return this.send(path, { method: 'POST', body });
  }

  /** A JSON request, as a program calling the task API with the browser's session would send it. */
  async postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  /** Signs in through the local sign-in page as one of the local people. */
  async signIn(user: string) {
    const response = await this.post('/sign-in', { user });
    expect(response.status).toBe(303);
    return this;
  }

  /** The form token of the page at `path` (every form carries it). */
  async csrf(path: string): Promise<string> {
    const { body } = await this.get(path);
    const token = /name="csrf" value="([^"]+)"/.exec(body)?.[1];
    if (!token) throw new Error(`no form token on ${path}`);
    return token;
  }

  /**
   * The hidden fields of the form on the page at `path` that posts to `action` — its form token and, on a
   * form that records something, the idempotency key drawn with the page — as a browser would send them.
   */
  async formFields(path: string, action: string): Promise<Record<string, string>> {
    const { body } = await this.get(path);
    const form = [...body.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)]
      .map((match) => match[0])
      .find((html) => html.includes(`action="${action}"`));
    if (!form) throw new Error(`no form posting to ${action} on ${path}`);
    return Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1] as string,
        m[2] as string,
      ]),
    );
  }

  private async send(path: string, init: RequestInit) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/Max-Age=0/i.test(set) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
      headers: response.headers,
    };
  }
}
