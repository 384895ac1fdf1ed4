import { describeConformance } from "@tokenstore/conformance/vitest";

import { MemoryTokenStore } from "../src/index.js";

describeConformance("MemoryTokenStore", {
  createStore: () => new MemoryTokenStore(),
});
