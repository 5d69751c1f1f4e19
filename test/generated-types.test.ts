/**
 * The BigCommerce wire types are generated from the official specs and committed. This fails when a generated
 * file was edited by hand or not regenerated after a spec change, and when a vendored spec no longer matches the
 * shared copy. Fix with `npm run generate`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findStale, specs, vendoredSpecDir } from '../scripts/generate-bigcommerce-types.ts';

describe('generated BigCommerce types', () => {
  it('equal a fresh regeneration, and the vendored specs equal the shared copies when present', async () => {
    expect(await findStale()).toEqual([]);
  });

  describe('with a shared spec that differs from the vendored one', () => {
    const savedSpecDir = process.env.BC_SPEC_DIR;
    let sharedDir: string | undefined;

    afterEach(() => {
      if (savedSpecDir === undefined) delete process.env.BC_SPEC_DIR;
      else process.env.BC_SPEC_DIR = savedSpecDir;
      if (sharedDir) rmSync(sharedDir, { recursive: true, force: true });
      vi.resetModules();
    });

    it('reports the vendored spec as stale', async () => {
      sharedDir = mkdtempSync(join(tmpdir(), 'bcship-specs-'));
      for (const { spec } of specs) {
        writeFileSync(join(sharedDir, spec), readFileSync(join(vendoredSpecDir, spec)));
      }
      const edited = readFileSync(join(vendoredSpecDir, 'shipping.v2.yml'), 'utf8').replace(
        'Get All Shipping Zones',
        'Get Every Shipping Zone',
      );
      writeFileSync(join(sharedDir, 'shipping.v2.yml'), edited);
      process.env.BC_SPEC_DIR = sharedDir;
      vi.resetModules();

      // The script reads BC_SPEC_DIR when it loads, so load a fresh copy.
      const script = await import('../scripts/generate-bigcommerce-types.ts');
      const stale = await script.findStale();

      expect(stale).toContainEqual({
        file: join(vendoredSpecDir, 'shipping.v2.yml'),
        reason: `differs from ${join(sharedDir, 'shipping.v2.yml')}`,
      });
    });
  });
});
