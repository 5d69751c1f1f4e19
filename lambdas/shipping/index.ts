/** The shipping domain's public API: pure, AWS-free and HTTP-free. */
export { isCarrierType } from './carriers.ts';
export * from './errors.ts';
export { normalizeMethod, normalizeZone } from './normalize.ts';
export {
  describeAction,
  describeCreatedValues,
  describeMethod,
  hasIdentity,
  methodsNeedingDetail,
  planCarrierConnections,
  planZoneChanges,
  toRequestBody,
  toRestoreBody,
} from './plan.ts';
export { desiredMethod, type Profile, parseProfile } from './profile.ts';
export type * from './types.ts';
export { describeMismatch, verifyZone } from './verify.ts';
export { resolveZones } from './zones.ts';
