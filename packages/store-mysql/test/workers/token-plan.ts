import type { TokenInput } from "@tokenstore/core";

export const CLIENT_ID = "1000.CLIENT-SHARED";

/**
 * Builds the token a worker saves for `index`. Even indexes match on
 * userName and odd ones on clientId with refreshToken, so both match rules
 * race. The identity depends only on the index, the access token also on the
 * worker.
 */
export function tokenForIndex(index: number, worker: string): TokenInput {
  const accessToken = `access-${worker}-${index}`;
  if (index % 2 === 0) {
    return { userName: `user-${index}`, accessToken, expiryTime: index };
  }
  return {
    clientId: CLIENT_ID,
    clientSecret: "secret",
    refreshToken: `refresh-${index}`,
    accessToken,
    expiryTime: index,
  };
}
