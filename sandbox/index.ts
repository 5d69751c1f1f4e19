export { defaultProducts, type ProductSeed } from './catalog.ts';
export {
  type FaultKind,
  type FaultRule,
  type FaultSpec,
  type LatencySpec,
  parseFaultSpec,
} from './faults.ts';
export { type Sandbox, type SandboxOptions, type SandboxStore, startSandbox } from './sandbox.ts';
export {
  defaultSeed,
  defaultStoreHash,
  defaultStoreToken,
  loadSeedFile,
  type SandboxSeed,
  seedFromSnapshots,
} from './seed.ts';
export type { RequestLogEntry } from './server.ts';
export type { Method, StoreSnapshot, Zone } from './store-state.ts';
