// Saves one token in an endless loop, raising a counter on each save, and
// writes "saved <counter>" after each save resolves. The crash test kills it.
import { FileTokenStore } from "../../src/index.js";

const [path] = process.argv.slice(2);
if (path === undefined) {
  throw new Error("usage: save-loop.ts <token file>");
}

/** Makes the file large enough that a kill often lands inside a write. */
const PADDING_LENGTH = 200_000;

const store = new FileTokenStore({ path });
const current = await store.findToken({ userName: "crash-test" });
let counter = current?.expiryTime ?? 0;

for (;;) {
  counter += 1;
  await store.saveToken({
    userName: "crash-test",
    accessToken: `access-${counter}`,
    expiryTime: counter,
    apiDomain: `${counter}:${"x".repeat(PADDING_LENGTH)}`,
  });
  process.stdout.write(`saved ${counter}\n`);
}
