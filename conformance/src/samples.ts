import type { TokenInput } from "@tokenstore/core";

/**
 * Builds a complete token whose every identity is unique to `n`, so tokens
 * built with different numbers never conflict.
 */
export function sampleToken(n: number, overrides: TokenInput = {}): TokenInput {
  return {
    userName: `user-${n}@example.com`,
    clientId: `1000.CLIENT${n}`,
    clientSecret: `client-secret-${n}-6f1d2c`,
    grantToken: `1000.grant-${n}.a1b2c3`,
    refreshToken: `1000.refresh-${n}.d4e5f6`,
    accessToken: `1000.access-${n}.0a9b8c`,
    expiryTime: 1_733_333_333_123 + n,
    redirectUrl: `https://app.example.com/callback/${n}`,
    apiDomain: "https://www.zohoapis.com",
    ...overrides,
  };
}
