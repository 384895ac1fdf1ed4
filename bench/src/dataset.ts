import { createHash } from "node:crypto";

import type { OAuthToken } from "@tokenstore/core";

/** Number of OAuth clients the seeded users are spread over. */
export const CLIENT_COUNT = 4;

/** Expiry of the first seeded token, in epoch milliseconds. */
const BASE_EXPIRY_TIME = 1_767_225_600_000;

/**
 * Zoho-style token: "1000." and two 32-digit hex parts, 70 characters in all,
 * derived from `seed` so every run stores the same bytes.
 */
function zohoStyleToken(seed: string): string {
  const digest = createHash("sha256").update(seed).digest("hex");
  return `1000.${digest.slice(0, 32)}.${digest.slice(32, 64)}`;
}

/** Builds the token seeded at `index`. Ids are UUID-shaped and sort by index. */
export function seededToken(index: number): OAuthToken {
  const client = index % CLIENT_COUNT;
  return {
    id: `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`,
    userName: `user${index}@example.com`,
    clientId: `1000.BENCHCLIENT${client}`,
    clientSecret: `secret-of-client-${client}`,
    grantToken: null,
    refreshToken: zohoStyleToken(`refresh ${index}`),
    accessToken: zohoStyleToken(`access ${index}`),
    expiryTime: BASE_EXPIRY_TIME + index,
    redirectUrl: "https://example.com/oauth/callback",
    apiDomain: "https://www.zohoapis.com",
  };
}

/** Builds a token for inserts, sharing no identity with a seeded token. */
export function insertedToken(sequence: number): Omit<OAuthToken, "id"> {
  const client = sequence % CLIENT_COUNT;
  return {
    userName: `inserted${sequence}@example.com`,
    clientId: `1000.BENCHCLIENT${client}`,
    clientSecret: `secret-of-client-${client}`,
    grantToken: null,
    refreshToken: zohoStyleToken(`inserted refresh ${sequence}`),
    accessToken: zohoStyleToken(`inserted access ${sequence}`),
    expiryTime: BASE_EXPIRY_TIME + sequence,
    redirectUrl: "https://example.com/oauth/callback",
    apiDomain: "https://www.zohoapis.com",
  };
}

/** The seeded tokens of one size, built once and shared by every suite. */
export class Dataset {
  readonly size: number;
  readonly tokens: readonly OAuthToken[];

  constructor(size: number) {
    this.size = size;
    this.tokens = Array.from({ length: size }, (_, index) =>
      seededToken(index),
    );
  }

  token(index: number): OAuthToken {
    const token = this.tokens[index];
    if (token === undefined) {
      throw new RangeError(`no seeded token ${index} in a set of ${this.size}`);
    }
    return token;
  }
}

/** Hands out insert sequence numbers that are unique in this process. */
let insertSequence = 0;

export function nextInsertSequence(): number {
  insertSequence += 1;
  return insertSequence;
}

/**
 * A small seeded pseudo-random generator (mulberry32), so two runs pick the
 * same keys in the same order.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
