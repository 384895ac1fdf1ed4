// Saves 200 tokens whose userNames another worker saves too, interleaved with
// tokens of its own, then writes one JSON line per shared save and "done".
import { FileTokenStore } from "../../src/index.js";

const [path, name] = process.argv.slice(2);
if (path === undefined || name === undefined) {
  throw new Error("usage: save-many.ts <token file> <worker name>");
}

const store = new FileTokenStore({ path });

// Waits for "go" on stdin, so that both workers start saving together.
process.stdout.write("ready\n");
await new Promise<void>((resolve) => {
  process.stdin.on("data", (chunk: Buffer) => {
    if (chunk.toString().includes("go")) {
      resolve();
    }
  });
});

const sharedIds: Record<string, string> = {};
for (let index = 0; index < 200; index += 1) {
  const shared = await store.saveToken({
    userName: `user-${index}`,
    clientId: `client-${name}`,
    accessToken: `${name}-access-${index}`,
    expiryTime: index,
  });
  sharedIds[`user-${index}`] = shared.id;

  if (index % 4 === 0) {
    await store.saveToken({
      userName: `${name}-own-${index}`,
      clientId: `client-${name}`,
      clientSecret: `${name}-secret-${index}`,
      refreshToken: `${name}-refresh-${index}`,
    });
  }
  if (index < 20) {
    await store.saveToken({ accessToken: `shared-access-${index}` });
  }
}

await store.close();
process.stdout.write(`${JSON.stringify(sharedIds)}\ndone\n`);
process.stdin.destroy();
