/**
 * The Shipping V2 operations, by the spec's operationId. Each takes a request already validated against the
 * spec and returns the status and body BigCommerce documents (REFERENCE.md §1.1): create zone 201, create
 * method 200, connection writes 204, deletes 204 with no body.
 */
import { renderMethod, renderZone } from './render.ts';
import type { StoreState } from './store-state.ts';

interface OperationRequest {
  state: StoreState;
  /** Path parameters as strings; the spec has already checked they are integers. */
  params: Record<string, string>;
  body: Record<string, unknown>;
  quirks: boolean;
}

interface OperationResult {
  status: number;
  body?: unknown;
}

export type Operation = (request: OperationRequest) => OperationResult;

const zoneIdOf = (params: Record<string, string>) => Number(params.zone_id ?? params.id);
const methodIdOf = (params: Record<string, string>) => Number(params.method_id);
const noContent: OperationResult = { status: 204 };

export const shippingOperations: Record<string, Operation> = {
  getShippingZones: ({ state }) => ({ status: 200, body: state.listZones().map(renderZone) }),
  createShippingZones: ({ state, body }) => ({ status: 201, body: renderZone(state.createZone(body)) }),
  getShippingZone: ({ state, params }) => ({
    status: 200,
    body: renderZone(state.getZone(zoneIdOf(params))),
  }),
  updateShippingZone: ({ state, params, body }) => ({
    status: 200,
    body: renderZone(state.updateZone(zoneIdOf(params), body)),
  }),
  deleteShippingZone: ({ state, params }) => {
    state.deleteZone(zoneIdOf(params));
    return noContent;
  },

  getShippingZoneMethods: ({ state, params, quirks }) => ({
    status: 200,
    body: state.listMethods(zoneIdOf(params)).map((method) => renderMethod(method, 'list', quirks)),
  }),
  createShippingMethod: ({ state, params, body, quirks }) => ({
    status: 200,
    body: renderMethod(state.createMethod(zoneIdOf(params), body), 'create', quirks),
  }),
  getShippingMethod: ({ state, params, quirks }) => ({
    status: 200,
    body: renderMethod(state.getMethod(zoneIdOf(params), methodIdOf(params)), 'single', quirks),
  }),
  updateShippingMethod: ({ state, params, body, quirks }) => ({
    status: 200,
    body: renderMethod(state.updateMethod(zoneIdOf(params), methodIdOf(params), body), 'single', quirks),
  }),
  deleteShippingMethod: ({ state, params }) => {
    state.deleteMethod(zoneIdOf(params), methodIdOf(params));
    return noContent;
  },

  createCarrierConnection: ({ state, body }) => {
    state.connectCarrier(body);
    return noContent;
  },
  updateCarrierConnection: ({ state, body }) => {
    state.updateCarrierConnection(body);
    return noContent;
  },
  deleteCarrierConnection: ({ state, body }) => {
    state.disconnectCarrier(body);
    return noContent;
  },
};
