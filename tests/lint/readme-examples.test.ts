import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The package READMEs show code that CI compiles: every ```ts block must be one of the package's
// examples/*.mts files verbatim (those are type-checked by the root tsconfig), and every example
// must appear in the README, so the docs can neither drift nor hide an example.
const ROOT = join(__dirname, '..', '..');

describe.each(['sdk', 'server'])('libs/%s/README.md', (lib) => {
  const readme = readFileSync(join(ROOT, 'libs', lib, 'README.md'), 'utf8');
  const examplesDir = join(ROOT, 'libs', lib, 'examples');
  const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.mts'));

  it('embeds each example file verbatim', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples)
      expect(readme, file).toContain(`\`examples/${file}\`:\n\n\`\`\`ts\n${readFileSync(join(examplesDir, file), 'utf8').trimEnd()}\n\`\`\``);
  });

  it('has no ts block before the reference part that is not a compiled example', () => {
    // The server README keeps its px402 reference (older, illustrative snippets) after this heading.
    const reference = readme.indexOf('# px402 (private scheme) in detail');
    const quickStarts = reference === -1 ? readme : readme.slice(0, reference);
    const tsBlocks = quickStarts.split('\n').filter((line) => line === '```ts').length;
    expect(tsBlocks).toBe(examples.length);
  });
});
