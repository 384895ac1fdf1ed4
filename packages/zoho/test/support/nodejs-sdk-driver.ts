import {
  Environment,
  InitializeBuilder,
  Initializer,
  Levels,
  LogBuilder,
  OAuthBuilder,
  ParameterMap,
  SDKException,
  UserSignature,
  Users,
} from "@zohocrm/nodejs-sdk-8.0";

import { ZohoNodeTokenStore } from "../../src/nodejs-sdk.js";
import type { ZohoToken } from "../../src/sdk-token.js";
import type { InitializeOptions, SdkDriver, SdkSession } from "./sdk-driver.js";

async function initialize(options: InitializeOptions): Promise<SdkSession> {
  const builder = new OAuthBuilder();
  const { token } = options;
  if (token.id !== undefined) builder.id(token.id);
  if (token.userName !== undefined) {
    builder.userSignature(new UserSignature(token.userName));
  }
  if (token.clientId !== undefined) builder.clientId(token.clientId);
  if (token.clientSecret !== undefined) {
    builder.clientSecret(token.clientSecret);
  }
  if (token.grantToken !== undefined) builder.grantToken(token.grantToken);
  if (token.refreshToken !== undefined) {
    builder.refreshToken(token.refreshToken);
  }
  if (token.accessToken !== undefined) builder.accessToken(token.accessToken);
  if (token.redirectUrl !== undefined) builder.redirectURL(token.redirectUrl);
  const oauthToken = builder.build();

  const adapter = new ZohoNodeTokenStore(options.store);
  const environment = new Environment(
    options.apiUrl,
    options.accountsUrl,
    options.apiUrl,
  );
  const logger = new LogBuilder().level(Levels.OFF).filePath(null).build();
  // Each session stands for a new application process. Node.js SDK 2.0.0
  // cannot initialize twice in one process with a token that has no user
  // signature, refresh token or access token: it then computes its session
  // key from undefined and throws a TypeError.
  Initializer.LOCAL.clear();
  // The Node.js SDK's InitializeBuilder constructor returns a promise.
  const initializeBuilder = await new InitializeBuilder();
  await initializeBuilder
    .environment(environment)
    .token(oauthToken)
    .store(adapter)
    .logger(logger)
    .resourcePath(options.resourcePath)
    .initialize();

  return {
    token: oauthToken as unknown as SdkSession["token"],
    adapter,
    async currentUserEmails() {
      const parameters = new ParameterMap();
      await parameters.add(Users.GetUsersParam.TYPE, "CurrentUser");
      const response = await new Users.UsersOperations().getUsers(parameters);
      const body = response.getObject();
      if (!(body instanceof Users.ResponseWrapper)) {
        throw new Error(
          `GET /crm/v8/users returned status ${response.getStatusCode()}`,
        );
      }
      return body.getUsers().map((user) => user.getEmail());
    },
  };
}

export const nodeSdkDriver: SdkDriver = {
  name: "nodejs-sdk",
  SDKException,
  initialize,
};
