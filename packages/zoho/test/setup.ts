import { afterEach, expect } from "vitest";

import {
  blockedTargets,
  installNetworkGuard,
} from "./support/network-guard.js";

installNetworkGuard();

// The SDKs catch and log some connection errors, so a blocked connection
// fails the test here even when no call rejected.
afterEach(() => {
  const blocked = blockedTargets.splice(0);
  expect(blocked, "non-loopback connections were attempted").toEqual([]);
});
