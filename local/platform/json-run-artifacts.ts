/**
 * RunArtifactsPort off AWS: each document a JSON file, `<folder>/<executionId>/<key>.json` (the CLI keeps them
 * in `<home>/runs/`, as the stack keeps them in its bucket), or in memory without a folder (tests). A file is
 * written whole (staged, then renamed), so a reader never sees half a document.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MissingArtifact, type RunArtifactsPort } from '../../lambdas/platform/ports.ts';

/** Execution names and keys are path segments here: letters, digits, `-`, `_`, `.` and, in keys, `/`. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
const SAFE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

function artifactName(executionId: string, key: string): string {
  if (!SAFE_NAME.test(executionId))
    throw new Error(`Unusable execution name for a run artifact: ${executionId}`);
  if (!SAFE_KEY.test(key)) throw new Error(`Unusable run artifact key: ${key}`);
  return `${executionId}/${key}.json`;
}

export class JsonRunArtifacts implements RunArtifactsPort {
  private readonly folder: string | undefined;
  private readonly memory = new Map<string, string>();

  constructor(folder?: string) {
    this.folder = folder;
  }

  async put(executionId: string, key: string, document: unknown): Promise<string> {
    const name = artifactName(executionId, key);
    const text = JSON.stringify(document);
    if (this.folder === undefined) {
      this.memory.set(name, text);
      return `memory:${name}`;
    }
    const file = join(this.folder, name);
    mkdirSync(dirname(file), { recursive: true });
    const staged = `${file}.${process.pid}.tmp`;
    writeFileSync(staged, text);
    renameSync(staged, file);
    return file;
  }

  async get<T>(executionId: string, key: string): Promise<T> {
    const name = artifactName(executionId, key);
    const text = this.folder === undefined ? this.memory.get(name) : readIfPresent(join(this.folder, name));
    if (text === undefined) throw new MissingArtifact(`Run ${executionId} has no ${key} document`);
    return JSON.parse(text) as T;
  }
}

const readIfPresent = (file: string): string | undefined =>
  existsSync(file) ? readFileSync(file, 'utf8') : undefined;
