import { describe } from "vitest";

import { describeSdkScenarios } from "./support/scenarios.js";

describe("ZohoTypeScriptTokenStore with the SDK", () => {
  describeSdkScenarios("typescript-sdk", "zoho_typescript_sdk_tokens");
});
