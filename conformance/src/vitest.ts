import type { TokenStore } from "@tokenstore/core";
import { describe, it } from "vitest";

import { CATEGORIES } from "./cases/index.js";
import { runCase, skipReason } from "./runner.js";
import type { ConformanceOptions } from "./types.js";

const DEFAULT_CASE_TIMEOUT_MS = 30_000;

/**
 * Registers the whole suite as vitest tests under `name`, one `describe` per
 * category. Cases that need a capability the store declares unsupported are
 * registered as skipped, with the reason in their name.
 */
export function describeConformance<Store extends TokenStore>(
  name: string,
  options: ConformanceOptions<Store>,
): void {
  const timeout = (options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS) + 5_000;
  describe(name, () => {
    for (const category of CATEGORIES) {
      describe(category.name, () => {
        for (const conformanceCase of category.cases) {
          const reason = skipReason(
            options as ConformanceOptions<never>,
            conformanceCase,
          );
          if (reason !== undefined) {
            it.skip(`${conformanceCase.name} (unsupported: ${reason})`, () => {});
          } else {
            it(
              conformanceCase.name,
              () => runCase(options, conformanceCase),
              timeout,
            );
          }
        }
      });
    }
  });
}
