import { readFile, readlink, realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

import {
  BaseTokenStore,
  conflictError,
  findIdentityConflict,
  findMatchingToken,
  mergeToken,
  redactError,
  TokenStoreError,
  type ErrorDescription,
  type MatchKey,
  type OAuthToken,
  type TokenInput,
  type TokenStoreOperation,
} from "@tokenstore/core";

import {
  ensureDirectory,
  removeLeftoverTemporaryFiles,
  writeFileAtomic,
} from "./atomic-write.js";
import { acquireFileLock } from "./file-lock.js";
import { resolveOptions, type FileTokenStoreOptions } from "./options.js";
import { parseTokenFile, serializeTokenFile } from "./token-file.js";

/** Links followed before giving up, the same limit as Linux's path lookup. */
const MAX_SYMLINK_HOPS = 40;

/** Result of a change computed from the current tokens. */
interface ChangeOutcome<T> {
  /** The tokens to write, or `undefined` to leave the file as it is. */
  tokens: readonly OAuthToken[] | undefined;
  result: T;
}

function errorCode(error: unknown): string | undefined {
  const code =
    error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/**
 * Keeps every token in one human-readable JSON file. Each write replaces the
 * file atomically under an inter-process lock, and each operation reads the
 * file again, so several instances and processes can share one file.
 */
export class FileTokenStore extends BaseTokenStore {
  protected readonly backendName = "file";

  /** Absolute path of the token file. */
  readonly path: string;

  readonly #lockStaleMs: number;
  readonly #lockTimeoutMs: number;

  /** Tail of this instance's operation queue. It never rejects. */
  #queue: Promise<void> = Promise.resolve();

  /** The bytes last read or written, with their parsed tokens. */
  #cache: { bytes: Buffer; tokens: readonly OAuthToken[] } | undefined;

  #temporaryFilesRemoved = false;

  constructor(options: FileTokenStoreOptions) {
    super();
    const resolved = resolveOptions(options);
    this.path = resolved.path;
    this.#lockStaleMs = resolved.lockStaleMs;
    this.#lockTimeoutMs = resolved.lockTimeoutMs;
  }

  protected async findByKey(key: MatchKey): Promise<OAuthToken | null> {
    return this.#enqueue(async () => {
      const tokens = await this.#readTokens("findToken");
      return findMatchingToken(tokens, key);
    });
  }

  protected async findById(id: string): Promise<OAuthToken | null> {
    return this.#enqueue(async () => {
      const tokens = await this.#readTokens("findTokenById");
      return tokens.find((token) => token.id === id) ?? null;
    });
  }

  protected async listTokens(): Promise<OAuthToken[]> {
    return this.#enqueue(async () => [
      ...(await this.#readTokens("getTokens")),
    ]);
  }

  protected async upsert(
    token: TokenInput,
    key: MatchKey,
  ): Promise<OAuthToken> {
    return this.#enqueue(() =>
      this.#change("saveToken", (tokens) => {
        const stored = findMatchingToken(tokens, key);
        const merged = mergeToken(stored, token);

        const conflict = findIdentityConflict(merged, tokens);
        if (conflict !== null) {
          throw conflictError("saveToken", conflict.kind, conflict.tokenId);
        }

        const next =
          stored === null
            ? [...tokens, merged]
            : tokens.map((candidate) =>
                candidate === stored ? merged : candidate,
              );
        return { tokens: next, result: merged };
      }),
    );
  }

  // A delete that finds nothing to delete in one read is complete at that
  // read, so it neither takes the lock nor creates directories.
  protected async deleteById(id: string): Promise<boolean> {
    return this.#enqueue(async () => {
      const current = await this.#readTokens("deleteToken");
      if (!current.some((token) => token.id === id)) {
        return false;
      }
      return this.#change("deleteToken", (tokens) => {
        const next = tokens.filter((token) => token.id !== id);
        const found = next.length < tokens.length;
        return { tokens: found ? next : undefined, result: found };
      });
    });
  }

  protected async deleteAll(): Promise<void> {
    return this.#enqueue(async () => {
      if ((await this.#readTokens("deleteTokens")).length === 0) {
        return;
      }
      await this.#change("deleteTokens", (tokens) => ({
        tokens: tokens.length > 0 ? [] : undefined,
        result: undefined,
      }));
    });
  }

  protected async release(): Promise<void> {
    await this.#queue;
    this.#cache = undefined;
  }

  protected override describeError(
    error: unknown,
    _operation: TokenStoreOperation,
  ): ErrorDescription | undefined {
    const code = errorCode(error);
    switch (code) {
      case "EACCES":
      case "EPERM":
      case "EROFS":
        return {
          code: "PERMISSION_DENIED",
          message:
            `the file system denied access (${code}) to the token file ` +
            `${this.path}, its lock or its directory. Give the process read ` +
            "and write access to the file and its directory.",
        };
      case "ENOSPC":
      case "EDQUOT":
        return {
          code: "BACKEND_ERROR",
          message:
            `the file system has no space left (${code}) for the token file ` +
            `${this.path}. Free space and retry.`,
        };
      case "EFBIG":
        return {
          code: "BACKEND_ERROR",
          message:
            "the file system refused to grow a file past the size limit " +
            `(EFBIG) while writing the token file ${this.path}. Raise the ` +
            "file size limit of the process or store fewer or smaller tokens.",
        };
      case "ENOTDIR":
        return {
          code: "BACKEND_ERROR",
          message:
            `a parent of the token file path ${this.path} is not a ` +
            "directory (ENOTDIR). Give a path inside a directory.",
        };
      case "EISDIR":
        return {
          code: "BACKEND_ERROR",
          message:
            `the token file path ${this.path} is a directory (EISDIR). ` +
            "Give the path of a file.",
        };
      default:
        return undefined;
    }
  }

  /** Runs `task` after every earlier operation of this instance. */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Reads the tokens from the file, which may have changed since the last
   * call. A missing file contains no tokens. Parsing is skipped when the bytes
   * equal those last read or written.
   */
  async #readTokens(
    operation: TokenStoreOperation,
    path: string = this.path,
  ): Promise<readonly OAuthToken[]> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (errorCode(error) === "ENOENT") {
        return [];
      }
      throw error;
    }

    if (this.#cache !== undefined && this.#cache.bytes.equals(bytes)) {
      return this.#cache.tokens;
    }
    const tokens = parseTokenFile(bytes, path, operation);
    this.#cache = { bytes, tokens };
    return tokens;
  }

  /**
   * Applies `change` to the current tokens and writes the result, holding the
   * inter-process lock from the read to the rename, so no other writer can
   * slip in between. A file that does not parse is never overwritten, because
   * the read throws before the change runs.
   */
  async #change<T>(
    operation: TokenStoreOperation,
    change: (tokens: readonly OAuthToken[]) => ChangeOutcome<T>,
  ): Promise<T> {
    await ensureDirectory(dirname(this.path));
    const target = await this.#resolveTarget();
    if (target !== this.path) {
      await ensureDirectory(dirname(target));
    }
    const lock = await acquireFileLock(
      target,
      {
        lockPath: `${target}.lock`,
        staleMs: this.#lockStaleMs,
        timeoutMs: this.#lockTimeoutMs,
      },
      operation,
    );

    let outcome: ChangeOutcome<T>;
    try {
      outcome = change(await this.#readTokens(operation, target));
      if (outcome.tokens !== undefined) {
        await this.#write(target, outcome.tokens, () => lock.assertHeld());
      }
    } catch (error) {
      // The first error is the one to report, so a failed release after it
      // is not. The lock then goes stale and is taken over.
      await lock.release().catch(() => undefined);
      throw error;
    }
    try {
      await lock.release();
    } catch (error) {
      throw new TokenStoreError(
        "BACKEND_ERROR",
        operation,
        `the change was written, but removing the lock ${target}.lock ` +
          "failed. Other writers wait until the lock is older than " +
          "lockStaleMs and then take it over. See the cause.",
        { cause: redactError(error, []) },
      );
    }
    return outcome.result;
  }

  async #write(
    target: string,
    tokens: readonly OAuthToken[],
    beforeRename: () => void,
  ): Promise<void> {
    if (!this.#temporaryFilesRemoved) {
      await removeLeftoverTemporaryFiles(target);
      this.#temporaryFilesRemoved = true;
    }
    const text = serializeTokenFile(tokens);
    await writeFileAtomic(target, text, beforeRename);
    this.#cache = { bytes: Buffer.from(text, "utf8"), tokens };
  }

  /**
   * Resolves symbolic links in the path, so that every instance locks and
   * replaces the same file however its path was spelled, and a symbolic link
   * at the path keeps pointing to the token file.
   */
  async #resolveTarget(): Promise<string> {
    const directory = await realpath(dirname(this.path));
    let candidate = join(directory, basename(this.path));
    // Follows links by hand, because realpath fails on a link whose target
    // does not exist yet, and the first save must create that target.
    for (let hops = 0; hops < MAX_SYMLINK_HOPS; hops += 1) {
      try {
        return await realpath(candidate);
      } catch (error) {
        if (errorCode(error) !== "ENOENT") {
          throw error;
        }
      }
      let link: string;
      try {
        link = await readlink(candidate);
      } catch (error) {
        if (errorCode(error) === "ENOENT" || errorCode(error) === "EINVAL") {
          return candidate;
        }
        throw error;
      }
      const linkDirectory = await realpath(dirname(candidate)).catch(() =>
        dirname(candidate),
      );
      candidate = resolve(linkDirectory, link);
    }
    throw Object.assign(new Error(`too many symbolic links at ${this.path}`), {
      code: "ELOOP",
    });
  }
}
