// Adds the Node.js SDK exports that the tests drive to the declarations in
// src/zohocrm-nodejs-sdk.d.ts, with the signatures of SDK version 2.0.0.
declare module "@zohocrm/nodejs-sdk-8.0" {
  interface OAuthToken {
    remove(): Promise<boolean>;
  }
  export class OAuthBuilder {
    id(id: string): this;
    clientId(clientId: string): this;
    clientSecret(clientSecret: string): this;
    grantToken(grantToken: string): this;
    refreshToken(refreshToken: string): this;
    accessToken(accessToken: string): this;
    redirectURL(redirectUrl: string): this;
    userSignature(userSignature: UserSignature): this;
    build(): OAuthToken;
  }
  export class Environment {
    constructor(url: string, accountsUrl: string, fileUploadUrl: string);
  }
  export class Logger {}
  export class LogBuilder {
    level(level: string): this;
    filePath(path: string | null): this;
    build(): Logger;
  }
  export const Levels: { OFF: string };
  export class InitializeBuilder {
    environment(environment: Environment): this;
    token(token: OAuthToken): this;
    store(store: object): this;
    logger(logger: Logger): this;
    resourcePath(path: string): this;
    initialize(): Promise<void>;
  }
  export class Initializer {
    static LOCAL: Map<string, Initializer>;
  }
  export class ParameterMap {
    add(param: unknown, value: unknown): Promise<void>;
  }
  export const Users: {
    GetUsersParam: { TYPE: unknown };
    UsersOperations: new () => {
      getUsers(parameters: ParameterMap): Promise<{
        getStatusCode(): number;
        getObject(): unknown;
      }>;
    };
    ResponseWrapper: new () => { getUsers(): { getEmail(): string }[] };
  };
}
