import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request that the fake server received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** Form fields of a token request, empty for API requests. */
  form: Record<string, string>;
  authorization: string | undefined;
}

export interface FakeZohoOptions {
  clientId: string;
  clientSecret: string;
  grantToken: string;
  /** Email of the one CRM user. */
  userEmail: string;
  /** Zoho group id of the organization. */
  orgZgid: string;
  /** Lifetime of issued access tokens, in seconds. */
  expiresInSeconds?: number;
}

/**
 * A loopback HTTP server in place of Zoho's accounts token endpoint
 * (`POST /oauth/v2/token`) and two CRM API calls (`GET /crm/v8/users` and
 * `GET /crm/v8/org`). It issues `access-1`, `access-2`, ... and one refresh
 * token, `refresh-1`.
 */
export class FakeZoho {
  readonly requests: ReceivedRequest[] = [];
  readonly #options: Required<FakeZohoOptions>;
  readonly #server: http.Server;
  readonly #validAccessTokens = new Set<string>();
  #issuedAccessTokens = 0;
  #grantTokenUsed = false;
  #url = "";

  private constructor(options: FakeZohoOptions) {
    this.#options = { expiresInSeconds: 3600, ...options };
    this.#server = http.createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      });
    });
  }

  static async start(options: FakeZohoOptions): Promise<FakeZoho> {
    const fake = new FakeZoho(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once("error", reject);
      fake.#server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = fake.#server.address() as AddressInfo;
    fake.#url = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** Base URL, also returned as `api_domain` in token responses. */
  get url(): string {
    return this.#url;
  }

  get accountsUrl(): string {
    return `${this.#url}/oauth/v2/token`;
  }

  get refreshToken(): string {
    return "refresh-1";
  }

  /** Token requests received with the given `grant_type`. */
  tokenRequests(grantType: string): ReceivedRequest[] {
    return this.requests.filter(
      (request) =>
        request.path === "/oauth/v2/token" &&
        request.form.grant_type === grantType,
    );
  }

  /** Returns the access tokens of the CRM API requests, in order. */
  apiAccessTokens(): string[] {
    return this.requests
      .filter((request) => request.path.startsWith("/crm/"))
      .map((request) =>
        (request.authorization ?? "").replace(/^Zoho-oauthtoken /, ""),
      );
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
    });
  }

  async #handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? "/", this.#url);
    const body = await readBody(request);
    const received: ReceivedRequest = {
      method: request.method ?? "",
      path: url.pathname,
      form: {},
      authorization: request.headers.authorization,
    };
    this.requests.push(received);

    if (request.method === "POST" && url.pathname === "/oauth/v2/token") {
      received.form = await parseForm(request, body);
      sendJson(response, 200, this.#tokenResponse(received.form));
      return;
    }
    const apiResponses: Record<string, () => Record<string, unknown>> = {
      "/crm/v8/users": () => this.#usersResponse(),
      "/crm/v8/org": () => this.#orgResponse(),
    };
    const apiResponse = apiResponses[url.pathname];
    if (request.method === "GET" && apiResponse !== undefined) {
      const accessToken = (request.headers.authorization ?? "").replace(
        /^Zoho-oauthtoken /,
        "",
      );
      if (!this.#validAccessTokens.has(accessToken)) {
        sendJson(response, 401, {
          code: "INVALID_TOKEN",
          details: {},
          message: "invalid oauth token",
          status: "error",
        });
        return;
      }
      sendJson(response, 200, apiResponse());
      return;
    }
    sendJson(response, 404, { code: "INVALID_URL_PATTERN", status: "error" });
  }

  #tokenResponse(form: Record<string, string>): Record<string, unknown> {
    const options = this.#options;
    if (
      form.client_id !== options.clientId ||
      form.client_secret !== options.clientSecret
    ) {
      return { error: "invalid_client" };
    }
    if (form.grant_type === "authorization_code") {
      if (form.code !== options.grantToken || this.#grantTokenUsed) {
        return { error: "invalid_code" };
      }
      this.#grantTokenUsed = true;
      return { ...this.#issueAccessToken(), refresh_token: this.refreshToken };
    }
    if (form.grant_type === "refresh_token") {
      if (form.refresh_token !== this.refreshToken) {
        return { error: "invalid_code" };
      }
      // Zoho's refresh response has no refresh_token, because the old one
      // stays valid.
      return this.#issueAccessToken();
    }
    return { error: "unsupported_grant_type" };
  }

  #issueAccessToken(): Record<string, unknown> {
    this.#issuedAccessTokens += 1;
    const accessToken = `access-${this.#issuedAccessTokens}`;
    this.#validAccessTokens.add(accessToken);
    return {
      access_token: accessToken,
      api_domain: this.#url,
      token_type: "Bearer",
      expires_in: this.#options.expiresInSeconds,
    };
  }

  #usersResponse(): Record<string, unknown> {
    return {
      users: [
        {
          id: "4150868000000225013",
          email: this.#options.userEmail,
          full_name: "Ada Lovelace",
          status: "active",
        },
      ],
      info: { per_page: 200, count: 1, page: 1, more_records: false },
    };
  }

  #orgResponse(): Record<string, unknown> {
    return {
      org: [
        {
          id: "4150868000000225001",
          company_name: "Example Ltd",
          zgid: this.#options.orgZgid,
        },
      ],
    };
  }
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a multipart or URL-encoded form with the WHATWG `Request` parser. */
async function parseForm(
  request: http.IncomingMessage,
  body: Buffer,
): Promise<Record<string, string>> {
  const parsed = await new Request("http://127.0.0.1/", {
    method: "POST",
    headers: { "content-type": request.headers["content-type"] ?? "" },
    body,
  }).formData();
  const form: Record<string, string> = {};
  for (const [name, value] of parsed) {
    form[name] = typeof value === "string" ? value : "";
  }
  return form;
}

function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
