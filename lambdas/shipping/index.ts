/** The shipping domain's public API: pure, AWS-free and HTTP-free. */
export {
  BUILT_IN_CARRIER_TYPES,
  type BuiltInCarrierType,
  type CarrierModel,
  type CarrierOptionSpec,
  carrierIdOfType,
  carrierModel,
  isAppCarrierType,
  isBuiltInCarrierType,
  isCarrierType,
  isStaticMethodType,
  requiredConnectionFields,
  STATIC_METHOD_TYPES,
  type StaticMethodType,
} from './carriers.ts';
export * from './errors.ts';
export { normalizeDeliveryServices, normalizeMethod, normalizeSettings, normalizeZone } from './normalize.ts';
export {
  describeAction,
  describeChange,
  describeMethod,
  diffMethod,
  identityOf,
  methodsNeedingDetail,
  planCarrierConnections,
  planZoneChanges,
  toRequestBody,
  toRestoreBody,
} from './plan.ts';
export {
  describeSelector,
  desiredMethod,
  METHOD_TYPES,
  type Profile,
  type ProfileMethod,
  ProfileSchema,
  type ProfileZone,
  parseProfile,
} from './profile.ts';
export type * from './types.ts';
export { describeMismatch, verifyZone } from './verify.ts';
export { resolveZones } from './zones.ts';
