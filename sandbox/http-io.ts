/** Reading requests and negotiating media types for the sandbox server. */
import type { IncomingMessage } from 'node:http';
import { V2Error } from './v2-errors.ts';

const maxBodyBytes = 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new V2Error(413, `The request body is larger than ${maxBodyBytes} bytes.`);
    chunks.push(buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('utf8');
}

export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const mediaType = (value: string) => (value.split(';')[0] ?? '').trim().toLowerCase();

/** BigCommerce answers JSON to `application/json`, `application/*` and `*\/*` (what curl sends by default). */
export function acceptsJson(accept: string): boolean {
  return accept
    .split(',')
    .map(mediaType)
    .some((range) => range === 'application/json' || range === 'application/*' || range === '*/*');
}

export function isJsonContentType(contentType: string): boolean {
  return mediaType(contentType) === 'application/json';
}

/** Parses a body that the spec validation has already accepted as JSON; anything else reads as `{}`. */
export function parseJsonObject(rawBody: string | undefined): Record<string, unknown> | undefined {
  if (rawBody === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
