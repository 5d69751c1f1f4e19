export {
  createShippingClient,
  type RawMethod,
  type RawMethodInput,
  type RawZone,
  type RawZoneInput,
  type RawZoneUpdate,
  type ResponseInfo,
  SHIPPING_CLIENT_DEFAULTS,
  ShippingClient,
  type ShippingClientOptions,
  type StoreInfo,
} from './client.ts';
export * from './errors.ts';
export {
  type PacingAdvice,
  type RateLimitHeaders,
  RequestPacer,
  readRateLimitHeaders,
  retryAfterMs,
} from './rate-limit.ts';
export type { Lenient } from './wire-types.ts';
