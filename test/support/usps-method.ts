/**
 * One USPS method in its two forms: as a profile declares it and a client sends it, and as BigCommerce's
 * draft endicia response renders it (REFERENCE.md §1.5). The sandbox must answer with the rendered form,
 * and normalization must read that form back to the declared one.
 */

export const uspsMediaMail = {
  name: 'USPS',
  type: 'endicia',
  settings: {
    carrier_options: {
      show_transit_time: true,
      packaging_type: 'FlatRateLegalEnvelope',
      delivery_services: ['MediaMail'],
    },
  },
  enabled: true,
};

/**
 * `uspsMediaMail` as BigCommerce returns it, but for the id: string flags, a `{ value }` service, a packaging
 * echo and a "0" fee.
 */
export const uspsMediaMailAsRendered = {
  name: 'USPS',
  type: 'endicia',
  settings: {
    carrier_options: {
      show_transit_time: '1',
      packaging: 'FlatRateLegalEnvelope',
      packaging_type: 'FlatRateLegalEnvelope',
      delivery_services: { value: 'MediaMail' },
    },
  },
  enabled: 'true',
  handling_fees: { fixed_surcharge: '0' },
  is_fallback: 'false',
};
