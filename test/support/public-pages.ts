import { type ServedLocalSystem, startServedLocalSystem } from './local-server.ts';
import { Visitor } from './visitor.ts';

/**
 * A member of the public at a browser on the public pages (docs/public-pages.md): keeps the cookies the
 * public app sets (the form token's, the kept answers'), and sends each form with the token its page drew
 * and this site's own Origin, as a browser does.
 */
export class PublicVisitor extends Visitor {
  constructor(readonly site: string) {
    super(site);
  }

  /** The form token the page at `path` drew into its forms (and set in the visitor's cookie). */
  async formToken(path: string): Promise<string> {
    const { body } = await this.get(path);
    const token = /name="formToken" value="([^"]+)"/.exec(body)?.[1];
    if (!token) throw new Error(`no form token on ${path}`);
    return token;
  }

  /** The visitor's form-token cookie after opening the page at `path` (set on their first page). */
  async formTokenOrUndefined(path: string): Promise<string | undefined> {
    await this.get(path);
    return this.cookies.get('vf-public-form');
  }

  /**
   * Opens the page at `path` and posts `answers` (a list: a set of checkboxes) to `action`, the page
   * itself unless said, with its token and this site's Origin.
   */
  async submit(path: string, answers: Record<string, string | readonly string[]>, action = path) {
    const form = new URLSearchParams({ formToken: await this.formToken(path) });
    for (const [name, value] of Object.entries(answers))
      for (const one of typeof value === 'string' ? [value] : value) form.append(name, one);
    return this.post(action, form, { origin: this.site });
  }
}

/**
 * The local system served over HTTP as `vf start` serves it (startServedLocalSystem), with the public pages
 * on their paths, and a way to meet it as a fresh member of the public (no cookies).
 */
export async function startServedPublicPages(
  start: Date,
): Promise<ServedLocalSystem & { readonly visitor: () => PublicVisitor }> {
  const served = await startServedLocalSystem(start);
  return Object.assign(served, { visitor: () => new PublicVisitor(served.url) });
}
