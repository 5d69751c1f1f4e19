/**
 * Each deployed function's bundle, as `cdk synth` builds it: its size, and how long a fresh Node process takes
 * to import it, next to one that imports an empty module (the median of several fresh processes each, run
 * alternately so that load on the machine falls on both alike).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createApp } from '../lib/app.ts';

interface BundleMeasurement {
  operation: string;
  bytes: number;
  sourceMapBytes: number;
  importMs: number;
}

export interface BundleReport {
  bundles: BundleMeasurement[];
  emptyImportMs: number;
  processes: number;
}

interface Bundle {
  operation: string;
  file: string;
}

/** Synthesizes the app with its bundles into a temporary directory; returns every operation's index.mjs. */
function synthesizeBundles(outdir: string): Bundle[] {
  const { app, stack } = createApp({}, { outdir });
  app.synth();
  const template = JSON.parse(
    fs.readFileSync(path.join(outdir, `${stack.stackName}.template.json`), 'utf8'),
  ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .flatMap(({ Properties }) => {
      const variables = (Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      const s3Key = (Properties.Code as { S3Key?: string }).S3Key;
      if (typeof variables?.BCSHIP_OPERATION !== 'string' || !s3Key) return [];
      const file = path.join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      return [{ operation: variables.BCSHIP_OPERATION, file }];
    });
}

/** Milliseconds from spawning `node` to its exit, having imported `file` and nothing else. */
function importOnce(file: string): number {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      // What Lambda sets that Powertools reads at import; no credentials, no region: nothing may call AWS.
      env: { PATH: process.env.PATH ?? '', POWERTOOLS_DEV: 'false' },
    },
  );
  if (result.status !== 0) throw new Error(`Importing ${file} failed: ${result.stderr.toString()}`);
  return performance.now() - started;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function measureBundles(processes: number): BundleReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcship-bench-bundles-'));
  try {
    const bundles = synthesizeBundles(outdir);
    const empty = path.join(outdir, 'empty.mjs');
    fs.writeFileSync(empty, '');
    const times = new Map<string, number[]>([
      [empty, []],
      ...bundles.map((b) => [b.file, []] as [string, number[]]),
    ]);
    for (let round = 0; round < processes; round++) {
      for (const [file, samples] of times) samples.push(importOnce(file));
    }
    return {
      processes,
      emptyImportMs: median(times.get(empty)!),
      bundles: bundles.map(({ operation, file }) => ({
        operation,
        bytes: fs.statSync(file).size,
        sourceMapBytes: fs.existsSync(`${file}.map`) ? fs.statSync(`${file}.map`).size : 0,
        importMs: median(times.get(file)!),
      })),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
