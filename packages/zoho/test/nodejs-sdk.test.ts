import { describe } from "vitest";

import { describeSdkScenarios } from "./support/scenarios.js";

describe("ZohoNodeTokenStore with the SDK", () => {
  describeSdkScenarios("nodejs-sdk", "zoho_nodejs_sdk_tokens");
});
