export { defaultProducts } from './catalog.ts';
export { type FaultSpec, parseFaultSpec } from './faults.ts';
export { type Sandbox, type SandboxOptions, startSandbox } from './sandbox.ts';
export {
  defaultStoreHash,
  defaultStoreToken,
  loadSeedFile,
  type SandboxSeed,
  seedFromSnapshots,
} from './seed.ts';
export type { RequestLogEntry } from './server.ts';
