/** Test support: a profile zone of the United States and how the store reports the methods in it. */
import type { DesiredMethod, ObservedMethod, ResolvedZone } from '../../../../lambdas/shipping/types.ts';

export const flatRate: DesiredMethod = {
  name: 'Flat Rate',
  type: 'perorder',
  enabled: true,
  settings: { rate: 7 },
};

/** The profile's methods for the store's United States zone (id 1). */
export const zoneWith = (...methods: DesiredMethod[]): ResolvedZone => ({
  zoneId: 1,
  zoneName: 'United States',
  selector: '{ country: US }',
  methods,
});

/** `method` as the store reports it under `id`: exactly as desired, on channels 1 and 2, unless overridden. */
export const observed = (
  id: number,
  method: DesiredMethod,
  overrides: Partial<ObservedMethod> = {},
): ObservedMethod => ({
  id,
  name: method.name,
  type: method.type,
  enabled: method.enabled,
  settings: structuredClone(method.settings),
  is_fallback: false,
  channel_ids: [1, 2],
  ...overrides,
});

/** A `Standard` flat rate of `rate` the profile gives to one sales channel only. */
export const standardOn = (channel: number, rate: number): DesiredMethod => ({
  ...flatRate,
  name: 'Standard',
  settings: { rate },
  channel_ids: [channel],
});
