// Loaded with `node --import` in worker processes. A blocked connection
// fails the worker even when the SDK catches and logs the error, as it does
// when it looks up the current user.
import { blockedTargets, installNetworkGuard } from "./network-guard.js";

installNetworkGuard();

process.on("exit", () => {
  if (blockedTargets.length > 0) {
    process.stderr.write(
      `Blocked non-loopback connections: ${blockedTargets.join(", ")}\n`,
    );
    process.exitCode = 1;
  }
});
