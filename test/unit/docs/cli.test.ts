import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// docs/cli.md against the vf command itself: every command and option its help lists is documented, and
// the page documents no command the CLI does not have.

/**
 * The program local/cli/main.ts builds, taken at the moment main.ts hands it the command line: its parse
 * is held, so no command runs and no process is spawned.
 */
async function vfProgram(): Promise<Command> {
  let program: Command | undefined;
  const parse = vi.spyOn(Command.prototype, 'parseAsync').mockImplementation(async function (this: Command) {
    program = this;
    return this;
  });
  try {
    await import('../../../local/cli/main.ts');
  } finally {
    parse.mockRestore();
  }
  if (!program) throw new Error('local/cli/main.ts did not parse its program');
  return program;
}

interface Documented {
  readonly path: string;
  readonly command: Command;
  /** A command that only groups others (`vf ingest`) and has no section of its own. */
  readonly group: boolean;
}

function commandsOf(program: Command): Documented[] {
  const all: Documented[] = [];
  const walk = (command: Command, path: string): void => {
    for (const sub of command.commands) {
      const subPath = `${path} ${sub.name()}`;
      // A command with options, arguments or no subcommands runs something and has a section of its own;
      // `vf outbox` both runs and has `mark`.
      const runs = sub.commands.length === 0 || sub.options.length > 0 || sub.registeredArguments.length > 0;
      all.push({ path: subPath, command: sub, group: !runs });
      walk(sub, subPath);
    }
  };
  walk(program, program.name());
  return all;
}

/** docs/cli.md's sections by heading: "## `vf ingest police`" → its text. */
function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let heading: string | undefined;
  let body: string[] = [];
  const close = () => {
    if (heading !== undefined) sections.set(heading, body.join('\n'));
  };
  for (const line of markdown.split('\n')) {
    const match = /^## `(.+)`\s*$/.exec(line);
    if (match?.[1]) {
      close();
      heading = match[1];
      body = [];
    } else if (/^## /.test(line)) {
      close();
      heading = undefined;
    } else {
      body.push(line);
    }
  }
  close();
  return sections;
}

describe('docs/cli.md', () => {
  let commands: Documented[];
  let sections: Map<string, string>;
  let page: string;

  beforeAll(async () => {
    commands = commandsOf(await vfProgram());
    page = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
    sections = sectionsOf(page);
  });

  it('finds the commands it checks', () => {
    const paths = commands.map(({ path }) => path);
    expect(paths).toContain('vf start');
    expect(paths).toContain('vf ingest police');
    expect(paths).toContain('vf outbox mark');
  });

  it('has a section with a usage line, and a line in the summary table, for every command that runs something', () => {
    for (const { path } of commands.filter((command) => !command.group)) {
      expect(sections.has(path), `a "## \`${path}\`" section`).toBe(true);
      expect(sections.get(path), `${path}: its usage line`).toMatch(new RegExp(`^\`${path}( |\`)`, 'm'));
      expect(page, `the summary table links ${path}`).toContain(`[\`${path}\`](#`);
    }
  });

  it('names every command that groups others', () => {
    for (const { path } of commands.filter((command) => command.group)) {
      expect(page).toContain(`\`${path} `);
    }
  });

  it("documents every option in its command's section, with its argument", () => {
    for (const { path, command } of commands.filter((entry) => !entry.group)) {
      const section = sections.get(path) ?? '';
      for (const option of command.options) {
        if (option.long === '--help') continue;
        expect(section, `${path}: ${option.flags}`).toContain(`\`${option.flags}\``);
      }
    }
  });

  it('documents no command the CLI does not have', () => {
    const known = new Set(commands.map(({ path }) => path));
    for (const heading of sections.keys()) expect(known.has(heading), heading).toBe(true);
  });
});
