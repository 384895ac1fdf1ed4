// Walks through the life of one user's tokens in the memory store: first
// login, a later process that finds them, a refresh that keeps the refresh
// token, and logout. Secrets are printed masked, as an application should.
import { isTokenStoreError, type OAuthToken } from "@tokenstore/core";
import { MemoryTokenStore } from "@tokenstore/store-memory";

function mask(value: string | null): string {
  return value === null ? "null" : `****${value.slice(-4)}`;
}

function describe(token: OAuthToken | null): string {
  if (token === null) {
    return "null";
  }
  const expiry =
    token.expiryTime === null
      ? "none"
      : new Date(token.expiryTime).toISOString();
  return (
    `id=${token.id} user=${token.userName} access=${mask(token.accessToken)} ` +
    `refresh=${mask(token.refreshToken)} expires=${expiry}`
  );
}

const store = new MemoryTokenStore();
const now = Date.now();

const saved = await store.saveToken({
  userName: "ada@example.com",
  clientId: "1000.EXAMPLECLIENT",
  clientSecret: "example-client-secret",
  grantToken: "1000.example-grant-code",
  refreshToken: "1000.example-refresh-0001",
  accessToken: "1000.example-access-0001",
  expiryTime: now + 3_600_000,
  redirectUrl: "https://app.example.com/oauth/callback",
  apiDomain: "https://www.zohoapis.com",
});
console.log(`saved after login:     ${describe(saved)}`);

const found = await store.findToken({ userName: "ada@example.com" });
console.log(`found by user name:    ${describe(found)}`);

// A refresh response carries a new access token but no refresh token; the
// stored refresh token is kept.
const refreshed = await store.saveToken({
  clientId: "1000.EXAMPLECLIENT",
  clientSecret: "example-client-secret",
  refreshToken: "1000.example-refresh-0001",
  accessToken: "1000.example-access-0002",
  expiryTime: now + 7_200_000,
});
console.log(`after refresh:         ${describe(refreshed)}`);
console.log(`same record:           ${refreshed.id === saved.id}`);

try {
  await store.saveToken({ userName: "ada@example.com", expiryTime: -1 });
} catch (error) {
  if (!isTokenStoreError(error)) {
    throw error;
  }
  console.log(`rejected bad save:     ${error.code}: ${error.message}`);
}

console.log(`deleted:               ${await store.deleteToken(saved.id)}`);
console.log(
  `find after delete:     ${describe(await store.findTokenById(saved.id))}`,
);
console.log(`tokens left:           ${(await store.getTokens()).length}`);
await store.close();
