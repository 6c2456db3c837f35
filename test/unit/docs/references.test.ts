import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The repository explains itself: code and docs cite docs/ (docs/architecture.md is the map), never a
// design document kept outside the repository nor the numbers of the issues the work came from, which a
// reader of the repository cannot follow.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const self = relative(root, fileURLToPath(import.meta.url));

/** Every file git tracks, and every new one it does not ignore (the work not yet committed). */
function repositoryFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString('utf8')
    .split('\0')
    .filter((file) => file !== '' && file !== self && existsSync(resolve(root, file)));
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** A relative path such as `../shared/…` that leaves the repository from the file that names it. */
function leavesRepository(file: string, path: string): boolean {
  return relative(root, resolve(root, dirname(file), path)).startsWith('..');
}

const OUTSIDE_REFERENCES: readonly {
  readonly what: string;
  readonly test: (file: string, line: string) => boolean;
}[] = [
  // "DESIGN 4", "DESIGN 4, rule 12", "DESIGN section 4", "DESIGN.md", "DESIGN chose …" — not TABLE_DESIGN.
  { what: 'the outside design document', test: (_file, line) => /\bDESIGN\b/.test(line) },
  { what: 'issue numbers', test: (_file, line) => /\bissues? #?\d+/i.test(line) },
  // `../shared/…` outside the repository (where the design document was kept); the imports of the
  // repository's own shared/ (`../../shared/domain/…`) resolve inside it and are fine.
  {
    what: 'paths outside the repository',
    test: (file, line) =>
      [...line.matchAll(/(?:\.\.\/)+shared\b/g)].some(([path]) => leavesRepository(file, path)),
  },
];

function findings(files: readonly string[]): Record<string, Finding[]> {
  const found: Record<string, Finding[]> = {};
  for (const file of files) {
    const content = readFileSync(resolve(root, file));
    if (content.includes(0)) continue; // binary
    const lines = content.toString('utf8').split('\n');
    lines.forEach((text, index) => {
      for (const reference of OUTSIDE_REFERENCES) {
        if (reference.test(file, text)) {
          const list = found[reference.what] ?? [];
          list.push({ file, line: index + 1, text: text.trim().slice(0, 160) });
          found[reference.what] = list;
        }
      }
    });
  }
  return found;
}

describe('references in the repository', () => {
  it('cite docs/, never the outside design document, issue numbers or paths outside the repository', () => {
    const files = repositoryFiles();
    expect(files).toContain('docs/architecture.md');
    expect(findings(files)).toEqual({});
  });

  it('would notice each kind of reference', () => {
    const examples = [
      { file: 'shared/domain/x.ts', line: '// DESIGN 4, rule 12' },
      { file: 'docs/x.md', line: 'DESIGN.md (outside the repository)' },
      { file: 'docs/x.md', line: '## Not done yet (Issue 5)' },
      { file: 'README.md', line: 'see ../shared/DESIGN.md' },
      { file: 'docs/x.md', line: 'see ../../shared/notes.md' },
    ];
    for (const { file, line } of examples) {
      expect(
        OUTSIDE_REFERENCES.some((reference) => reference.test(file, line)),
        line,
      ).toBe(true);
    }
    const fine = [
      { file: 'functions/contact/x/x.ts', line: "import { a } from '../../../shared/domain/a.ts';" },
      { file: 'infra/constructs/case-table.ts', line: 'partitionKey: TABLE_DESIGN.partitionKey,' },
      { file: 'docs/x.md', line: 'the GOV.UK Design System; a known issue of the library' },
    ];
    for (const { file, line } of fine) {
      expect(
        OUTSIDE_REFERENCES.some((reference) => reference.test(file, line)),
        line,
      ).toBe(false);
    }
  });
});
