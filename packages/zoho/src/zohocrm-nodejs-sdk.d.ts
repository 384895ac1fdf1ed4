// The Zoho CRM Node.js SDK ships no type declarations. These describe the
// exports that the adapter uses, as defined in version 2.0.0 of the SDK.
declare module "@zohocrm/nodejs-sdk-8.0" {
  export class UserSignature {
    constructor(name: string);
    getName(): string;
  }

  export class OAuthToken {
    getId(): string | null | undefined;
    setId(id: string | null): void;
    getUserSignature(): UserSignature | null | undefined;
    setUserSignature(userSignature: UserSignature | null): void;
    getClientId(): string | null | undefined;
    setClientId(clientId: string): void;
    getClientSecret(): string | null | undefined;
    setClientSecret(clientSecret: string): void;
    getGrantToken(): string | null | undefined;
    setGrantToken(grantToken: string | null): void;
    getRefreshToken(): string | null | undefined;
    setRefreshToken(refreshToken: string | null): void;
    getAccessToken(): string | null | undefined;
    setAccessToken(accessToken: string | null): void;
    getExpiresIn(): string | number | null | undefined;
    setExpiresIn(expiresIn: string): void;
    getRedirectURL(): string | null | undefined;
    setRedirectURL(redirectURL: string | null): void;
    getAPIDomain(): string | null | undefined;
    setAPIDomain(apiDomain: string | null): void;
  }

  /** The SDK exports its token store module, whose class has this name too. */
  export namespace TokenStore {
    class TokenStore {}
  }

  export class SDKException extends Error {
    constructor(
      code: string | null,
      message: string | null,
      details?: Record<string, unknown> | null,
      cause?: unknown,
    );
    code: string | null;
  }

  export const Constants: { readonly TOKEN_STORE: string };
}
