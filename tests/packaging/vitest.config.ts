import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // npm compiles better-sqlite3 from source, which took about 70 seconds
    // on a two-core machine.
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
