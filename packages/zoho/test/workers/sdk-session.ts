// Runs one SDK session in its own process, as a second application
// instance would: opens the store, initializes the SDK with the given
// credentials, fetches the current user and prints the outcome as JSON.
//
//   node --import tsx --import ./test/support/install-network-guard.ts \
//     test/workers/sdk-session.ts '<WorkerRequest as JSON>'
import { loadSdkDriver } from "../support/sdk-driver.js";
import { openStore } from "../support/stores.js";
import type { WorkerRequest, WorkerResult } from "../support/worker.js";

const request = JSON.parse(process.argv[2] ?? "") as WorkerRequest;
const driver = await loadSdkDriver(request.sdk);
const store = await openStore(request.store);

let result: WorkerResult;
try {
  const session = await driver.initialize({
    apiUrl: request.apiUrl,
    accountsUrl: request.accountsUrl,
    token: request.token,
    store,
    resourcePath: request.resourcePath,
  });
  result = { emails: await session.currentUserEmails() };
} catch (error) {
  const code = (error as { code?: unknown } | null)?.code;
  result = {
    error: {
      name: error instanceof Error ? error.constructor.name : typeof error,
      code: code === undefined || code === null ? null : String(code),
      message: error instanceof Error ? error.message : String(error),
    },
  };
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
