/**
 * The settings a local run reads from the command line and the environment, checked before anything runs: a
 * wrong one is a usage error (exit 2) naming the setting and what is wrong with it, instead of a raw TypeError
 * or EISDIR seconds into a run, after retries.
 */
import { existsSync, statSync } from 'node:fs';
import { UsageError } from './run.ts';

/** Where a value came from, as the operator would change it: the option, or the variable. */
export const settingName = (option: string, variable: string, fromOption: boolean): string =>
  fromOption ? option : variable;

/** The BigCommerce API URL: an absolute http(s) URL (with `{storeHash}` where the store goes). */
export function checkApiUrl(url: string, setting: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll('{storeHash}', 'store'));
  } catch {
    // The value is not echoed: a URL may carry credentials.
    throw new UsageError(
      `${setting}: not an absolute URL; expected https://api.bigcommerce.com/stores/{storeHash}/v2`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`${setting}: must be an http(s) URL, not ${parsed.protocol}`);
  }
}

/** A folder bcship keeps files in: absent (created when needed) or a folder, never a file. */
export function checkFolder(path: string, setting: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new UsageError(`${setting}: ${path} is a file, not a folder`);
  }
}

/** A file bcship reads: absent (when `optional`) or a regular file, never a folder. */
export function checkFile(path: string, setting: string, { optional }: { optional: boolean }): void {
  if (!existsSync(path)) {
    if (optional) return;
    throw new UsageError(`${setting}: no such file ${path}`);
  }
  if (statSync(path).isDirectory()) throw new UsageError(`${setting}: ${path} is a folder, not a file`);
}
