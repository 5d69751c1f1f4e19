/**
 * The small HTML pages the app's callbacks answer with (BigCommerce shows them in an iframe of the control
 * panel). Everything that comes from a store, a profile or a request is escaped, and the Content-Security-Policy
 * forbids every script, so a store or method named `<script>…` is shown as text and runs nothing. Pages carry
 * nothing secret: no token, no client secret, no code, no signed payload.
 */
import { type RunRecord, runCounts, type StoreEntry } from '../platform/ports.ts';
import { describeZoneEntry, type Profile } from '../shipping/profile.ts';
import type { ScopeNeed } from './scopes.ts';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // No script of any origin, inline or not; only the page's own inline style.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and quoted attributes. */
const escapeHtml = (text: unknown): string =>
  String(text ?? '').replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d1d1f}table{border-collapse:collapse}' +
  'th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f4f4f4}';

/** A page: `title` is text, `body` is HTML built from escaped parts. */
export function htmlPage(statusCode: number, title: string, body: string): HttpResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return { statusCode, headers: { ...HEADERS }, body: html };
}

export const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;

/** A table of rows of text cells, each escaped. */
export function table(id: string, header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = (tag: 'th' | 'td', values: readonly unknown[]) =>
    values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('');
  const body = rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('');
  return `<table id="${escapeHtml(id)}"><thead><tr>${cells('th', header)}</tr></thead><tbody>${body}</tbody></table>`;
}

export const unauthorizedPage = (): HttpResponse =>
  htmlPage(401, 'Not authorized', paragraph('This request is not signed by BigCommerce for this app.'));

export function missingScopesPage(missing: readonly ScopeNeed[], granted: readonly string[]): HttpResponse {
  const rows = missing.map((need) => [need.scope, need.why]);
  return htmlPage(
    403,
    'bcship cannot be installed: a scope is missing',
    paragraph(
      `The app was granted ${granted.length > 0 ? granted.join(', ') : 'no scopes'}; bcship also needs:`,
    ) +
      table('missing-scopes', ['scope', 'needed for'], rows) +
      paragraph('Add the missing scopes to the app in the Developer Portal, then install it again.'),
  );
}

/** The merchant's view of the store: its profile, last run, drift and the methods bcship manages. */
export function statusPage(
  storeHash: string,
  store: StoreEntry | undefined,
  profile: Profile | undefined,
): HttpResponse {
  if (!store) {
    return htmlPage(
      200,
      `bcship: store ${storeHash}`,
      paragraph('This store is not registered with bcship: it is not configured or reconciled.'),
    );
  }
  const run = store.lastRun;
  const rows = [
    ['Store', storeHash],
    ['Profile', store.profileName],
    ['Last run', run ? `${run.mode} ${run.finishedAt} (${run.executionId})` : 'none yet'],
    [
      'Outcome',
      run ? run.outcome + (run.error ? `: ${run.error.name}` : '') : 'onboarding has not finished yet',
    ],
    ['Drift', driftOf(run)],
  ];
  return htmlPage(
    200,
    `bcship: store ${storeHash}`,
    `${table('status', ['', ''], rows)}<h2>Methods bcship manages</h2>${managedMethods(profile)}`,
  );
}

function driftOf(run: RunRecord | undefined): string {
  if (!run) return 'not checked yet';
  if (run.outcome === 'drifted') return `${runCounts(run).mismatches} difference(s) from the profile`;
  if (run.outcome === 'failed' || run.outcome === 'rolled-back') return 'unknown: the last run failed';
  if (run.outcome === 'planned') return 'not checked: the last run was a plan';
  return 'none: the store matched its profile';
}

function managedMethods(profile: Profile | undefined): string {
  if (!profile) return paragraph('The profile is not deployed.');
  const rows = profile.zones.flatMap((zone) =>
    zone.methods.map((method) => [describeZoneEntry(zone), method.name, method.type]),
  );
  return rows.length > 0 ? table('methods', ['zone', 'method', 'type'], rows) : paragraph('None.');
}
