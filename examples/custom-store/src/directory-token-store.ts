import { createHash, randomUUID } from "node:crypto";
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";

import {
  BaseTokenStore,
  conflictError,
  findIdentityConflict,
  findMatchingToken,
  mergeToken,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
} from "@tokenstore/core";

export interface DirectoryTokenStoreOptions {
  /** Directory that contains one `<hash>.json` file per token. Created if missing. */
  directory: string;
}

/**
 * Keeps each token in its own JSON file, named by the SHA-256 of its id.
 * Operations of one instance run one at a time; several processes on one
 * directory are not coordinated.
 */
export class DirectoryTokenStore extends BaseTokenStore {
  protected readonly backendName = "directory";
  readonly #directory: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: DirectoryTokenStoreOptions) {
    super();
    this.#directory = options.directory;
  }

  #serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #pathOf(id: string): string {
    const name = createHash("sha256").update(id).digest("hex");
    return join(this.#directory, `${name}.json`);
  }

  async #readAll(): Promise<OAuthToken[]> {
    await mkdir(this.#directory, { recursive: true, mode: 0o700 });
    const names = (await readdir(this.#directory)).filter((name) =>
      name.endsWith(".json"),
    );
    const tokens: OAuthToken[] = [];
    for (const name of names) {
      tokens.push(
        JSON.parse(await readFile(join(this.#directory, name), "utf8")),
      );
    }
    return tokens;
  }

  async #write(token: OAuthToken): Promise<void> {
    const path = this.#pathOf(token.id);
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(token), { mode: 0o600 });
    await rename(temporary, path);
  }

  protected findByKey(key: MatchKey): Promise<OAuthToken | null> {
    return this.#serialize(async () =>
      findMatchingToken(await this.#readAll(), key),
    );
  }

  protected findById(id: string): Promise<OAuthToken | null> {
    return this.#serialize(async () => {
      try {
        return JSON.parse(
          await readFile(this.#pathOf(id), "utf8"),
        ) as OAuthToken;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          return null;
        }
        throw error;
      }
    });
  }

  protected upsert(input: TokenInput, key: MatchKey): Promise<OAuthToken> {
    return this.#serialize(async () => {
      const tokens = await this.#readAll();
      const merged = mergeToken(findMatchingToken(tokens, key), input);
      const conflict = findIdentityConflict(merged, tokens);
      if (conflict !== null) {
        throw conflictError("saveToken", conflict.kind, conflict.tokenId);
      }
      await this.#write(merged);
      return merged;
    });
  }

  protected deleteById(id: string): Promise<boolean> {
    return this.#serialize(async () => {
      try {
        await rm(this.#pathOf(id));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          return false;
        }
        throw error;
      }
    });
  }

  protected listTokens(): Promise<OAuthToken[]> {
    return this.#serialize(() => this.#readAll());
  }

  protected deleteAll(): Promise<void> {
    return this.#serialize(async () => {
      for (const token of await this.#readAll()) {
        await rm(this.#pathOf(token.id), { force: true });
      }
    });
  }

  protected async release(): Promise<void> {}
}
