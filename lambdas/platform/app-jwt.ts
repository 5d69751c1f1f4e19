/**
 * BigCommerce's `signed_payload_jwt` (the app's load, uninstall and remove-user callbacks): a JWT signed
 * HS256 with the app's client secret. It is what proves a callback came from BigCommerce for this app, so
 * every claim that can say otherwise is checked: the algorithm (HS256 only: `none` or an RSA header is a
 * forgery), the signature (in constant time), `aud` (our client id, not another app's), `iss` (`bc`),
 * `nbf` and `exp` (with a minute's leeway for clocks), and `sub` (`stores/{hash}`, the store it is about).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AppJwtClaims {
  /** Lower case, from `sub`. */
  storeHash: string;
  /** The JWT's id, when it has one. */
  jti?: string;
  /** The user who opened the app, when the payload names one. */
  userEmail?: string;
}

export type JwtVerification = { ok: true; claims: AppJwtClaims } | { ok: false; reason: string };

export interface JwtVerifyOptions {
  clientId: string;
  clientSecret: string;
  /** Seconds since the epoch (default: now). */
  nowSeconds?: number;
  /** Allowed clock difference, seconds. */
  leewaySeconds?: number;
}

const DEFAULT_LEEWAY_SECONDS = 60;
const SUBJECT = /^stores\/([a-z0-9]{1,32})$/i;

/** Verifies a signed payload; a failure says why in words that quote nothing from the token. */
export function verifyAppJwt(token: string, options: JwtVerifyOptions): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
  const header = decodeJson(encodedHeader);
  if (header?.alg !== 'HS256') return { ok: false, reason: 'not signed with HS256' };
  const expected = createHmac('sha256', options.clientSecret)
    .update(`${encodedHeader}.${encodedPayload}`)
    .digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature' };
  }
  const payload = decodeJson(encodedPayload);
  if (payload === undefined) return { ok: false, reason: 'unreadable payload' };
  return checkClaims(payload, options);
}

function checkClaims(payload: Record<string, unknown>, options: JwtVerifyOptions): JwtVerification {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const leeway = options.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audience.includes(options.clientId)) return { ok: false, reason: 'issued for another app' };
  if (payload.iss !== 'bc') return { ok: false, reason: 'not issued by BigCommerce' };
  if (typeof payload.exp !== 'number' || payload.exp + leeway <= now) return { ok: false, reason: 'expired' };
  if (typeof payload.nbf === 'number' && payload.nbf - leeway > now) {
    return { ok: false, reason: 'not valid yet' };
  }
  const subject = typeof payload.sub === 'string' ? SUBJECT.exec(payload.sub) : null;
  if (!subject?.[1]) return { ok: false, reason: 'no store in "sub"' };
  const user = payload.user as { email?: unknown } | undefined;
  return {
    ok: true,
    claims: {
      storeHash: subject[1].toLowerCase(),
      ...(typeof payload.jti === 'string' ? { jti: payload.jti } : {}),
      ...(typeof user?.email === 'string' ? { userEmail: user.email } : {}),
    },
  };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
