export { expectStoreError } from "./assertions.js";
export { CATEGORIES } from "./cases/index.js";
export { TRICKY_VALUES } from "./cases/fidelity.js";
export {
  runCase,
  runConformance,
  skipReason,
  type RunOptions,
} from "./runner.js";
export { sampleToken } from "./samples.js";
export type {
  Capability,
  CaseContext,
  CaseResult,
  CaseStatus,
  ConformanceCase,
  ConformanceCategory,
  ConformanceOptions,
  RawTokenRecord,
} from "./types.js";
