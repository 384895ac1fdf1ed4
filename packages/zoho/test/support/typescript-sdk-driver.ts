import zohoSdk from "@zohocrm/typescript-sdk-8.0";

import { ZohoTypeScriptTokenStore } from "../../src/typescript-sdk.js";
import type { InitializeOptions, SdkDriver, SdkSession } from "./sdk-driver.js";

const {
  Environment,
  GetUsersParam,
  InitializeBuilder,
  Levels,
  LogBuilder,
  OAuthBuilder,
  ParameterMap,
  UserSignature,
  UsersOperations,
  ResponseWrapper,
} = {
  ...zohoSdk,
  GetUsersParam: zohoSdk.Users.GetUsersParam,
  UsersOperations: zohoSdk.Users.UsersOperations,
  ResponseWrapper: zohoSdk.Users.ResponseWrapper,
};

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

  const adapter = new ZohoTypeScriptTokenStore(options.store);
  const environment = new Environment(
    options.apiUrl,
    options.accountsUrl,
    options.apiUrl,
  );
  const logger = new LogBuilder().level(Levels.OFF).filePath(null).build();
  await new InitializeBuilder()
    .environment(environment)
    .token(oauthToken)
    .store(adapter)
    .logger(logger)
    .resourcePath(options.resourcePath)
    .initialize();

  return {
    token: oauthToken,
    adapter,
    async currentUserEmails() {
      const parameters = new ParameterMap();
      await parameters.add(GetUsersParam.TYPE, "CurrentUser");
      const response = await new UsersOperations().getUsers(parameters);
      const body = response.getObject();
      if (!(body instanceof ResponseWrapper)) {
        throw new Error(
          `GET /crm/v8/users returned status ${response.getStatusCode()}`,
        );
      }
      return body.getUsers().map((user) => user.getEmail());
    },
  };
}

export const typeScriptSdkDriver: SdkDriver = {
  name: "typescript-sdk",
  SDKException: zohoSdk.SDKException as unknown as SdkDriver["SDKException"],
  initialize,
};
