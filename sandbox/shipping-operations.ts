/**
 * The Shipping V2 operations, by the spec's operationId. Each takes a request already validated against the
 * spec and returns the status and body BigCommerce documents (REFERENCE.md §1.1): create zone 201, create
 * method 200, connection writes 204, deletes 204 with no body. Where the docs are silent they follow the variants
 * chosen (variants.ts).
 */
import { type MethodView, type Rendering, renderMethod, renderZone } from './render.ts';
import type { Method, StoreState } from './store-state.ts';
import type { Variants } from './variants.ts';

interface OperationRequest {
  state: StoreState;
  /** Path parameters as strings; the spec has already checked they are integers. */
  params: Record<string, string>;
  body: Record<string, unknown>;
  rendering: Rendering;
  variants: Variants;
}

interface OperationResult {
  status: number;
  body?: unknown;
}

export type Operation = (request: OperationRequest) => OperationResult;

const zoneIdOf = (params: Record<string, string>) => Number(params.zone_id ?? params.id);
const methodIdOf = (params: Record<string, string>) => Number(params.method_id);
const noContent: OperationResult = { status: 204 };

/** A list: 200 with the array, or with `empty-list=204` nothing to list is a 204 with no body. */
const listResult = (items: unknown[], variants: Variants): OperationResult =>
  items.length === 0 && variants['empty-list'] === '204' ? noContent : { status: 200, body: items };

const methodBody = (request: OperationRequest, method: Method, view: MethodView) =>
  renderMethod(method, view, request.rendering, { storeChannelIds: request.state.defaultChannelIds() });

export const shippingOperations: Record<string, Operation> = {
  getShippingZones: ({ state, variants }) => listResult(state.listZones().map(renderZone), variants),
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

  getShippingZoneMethods: (request) =>
    listResult(
      request.state
        .listMethods(zoneIdOf(request.params))
        .map((method) => methodBody(request, method, 'list')),
      request.variants,
    ),
  createShippingMethod: (request) => ({
    status: 200,
    body: methodBody(request, request.state.createMethod(zoneIdOf(request.params), request.body), 'create'),
  }),
  getShippingMethod: (request) => ({
    status: 200,
    body: methodBody(
      request,
      request.state.getMethod(zoneIdOf(request.params), methodIdOf(request.params)),
      'single',
    ),
  }),
  updateShippingMethod: (request) => {
    const { state, params, body, variants } = request;
    const settings = variants['method-put-settings'];
    const method = state.updateMethod(zoneIdOf(params), methodIdOf(params), body, settings);
    return { status: 200, body: methodBody(request, method, 'update') };
  },
  deleteShippingMethod: ({ state, params }) => {
    state.deleteMethod(zoneIdOf(params), methodIdOf(params));
    return noContent;
  },

  createCarrierConnection: ({ state, body, variants }) => {
    state.connectCarrier(body, variants['connection-post']);
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
