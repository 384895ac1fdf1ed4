import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import type { ConformanceOptions } from "@tokenstore/conformance";
import type { TokenStore } from "@tokenstore/core";

import { UsageError } from "./usage-error.js";

export interface StoreSpecOptions {
  /** Table (SQL stores) or collection (MongoDB) name; the store's default when absent. */
  table?: string;
}

/** A store named on the command line, opened on demand. */
export interface StoreHandle {
  /** The name as given, with any password masked, for output. */
  readonly label: string;
  /** Whether every `open()` returns a new, empty store (memory, `:memory:`). */
  readonly fresh: boolean;
  open(): Promise<TokenStore>;
  /** Loads the suite options a store module exports, for module paths only. */
  readonly loadModule?: () => Promise<ConformanceOptions>;
}

const SCHEMES = [
  "memory:",
  "file:",
  "sqlite:",
  "mysql://",
  "mongodb://",
  "mongodb+srv://",
];

/**
 * Hides the password of a URL, so it can be printed. The password runs to the
 * last "@" before the path, because drivers accept an unencoded "@" in it.
 */
export function maskUrlPassword(spec: string): string {
  return spec.replace(
    /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^/?#]*@/i,
    "$1****@",
  );
}

/**
 * Imports an optional store package, turning a missing package into an error
 * that names what to install.
 */
export async function importStore<Module>(
  load: () => Promise<Module>,
  packages: string,
): Promise<Module> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") {
      throw new UsageError(
        `this store needs ${packages}. Install it with npm install ${packages}.`,
      );
    }
    throw error;
  }
}

function requirePath(spec: string, scheme: string): string {
  const path = spec.slice(scheme.length);
  if (path.length === 0) {
    throw new UsageError(`${scheme} needs a path, as in ${scheme}./tokens`);
  }
  return path;
}

/** Parses a store name: a URL of a built-in store or the path of a store module. */
export function parseStoreSpec(
  spec: string,
  options: StoreSpecOptions = {},
): StoreHandle {
  const label = maskUrlPassword(spec);
  const table = options.table;

  if (spec === "memory:" || spec === "memory") {
    return {
      label,
      fresh: true,
      async open() {
        const { MemoryTokenStore } = await importStore(
          () => import("@tokenstore/store-memory"),
          "@tokenstore/store-memory",
        );
        return new MemoryTokenStore();
      },
    };
  }
  if (spec.startsWith("file:")) {
    const path = resolve(requirePath(spec, "file:"));
    return {
      label,
      fresh: false,
      async open() {
        const { FileTokenStore } = await importStore(
          () => import("@tokenstore/store-file"),
          "@tokenstore/store-file",
        );
        return new FileTokenStore({ path });
      },
    };
  }
  if (spec.startsWith("sqlite:")) {
    const location = requirePath(spec, "sqlite:");
    const database = location === ":memory:" ? location : resolve(location);
    return {
      label,
      fresh: database === ":memory:",
      async open() {
        const { SqliteTokenStore } = await importStore(
          () => import("@tokenstore/store-sqlite"),
          "@tokenstore/store-sqlite better-sqlite3",
        );
        return new SqliteTokenStore({ database, ...(table ? { table } : {}) });
      },
    };
  }
  if (spec.startsWith("mysql://")) {
    return {
      label,
      fresh: false,
      async open() {
        const { MysqlTokenStore } = await importStore(
          () => import("@tokenstore/store-mysql"),
          "@tokenstore/store-mysql mysql2",
        );
        return new MysqlTokenStore({ uri: spec, ...(table ? { table } : {}) });
      },
    };
  }
  if (spec.startsWith("mongodb://") || spec.startsWith("mongodb+srv://")) {
    return {
      label,
      fresh: false,
      async open() {
        const { MongoTokenStore } = await importStore(
          () => import("@tokenstore/store-mongo"),
          "@tokenstore/store-mongo mongodb",
        );
        return new MongoTokenStore({
          url: spec,
          ...(table ? { collection: table } : {}),
        });
      },
    };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)) {
    throw new UsageError(
      `unknown store "${label}". Use ${SCHEMES.join(", ")} or the path of a module that exports createStore.`,
    );
  }
  return moduleHandle(spec, label);
}

function moduleHandle(spec: string, label: string): StoreHandle {
  const path = isAbsolute(spec) ? spec : resolve(spec);
  let loaded: Promise<ConformanceOptions> | undefined;
  const loadModule = (): Promise<ConformanceOptions> => {
    loaded ??= loadStoreModule(path);
    return loaded;
  };
  return {
    label,
    fresh: true,
    loadModule,
    async open() {
      return (await loadModule()).createStore();
    },
  };
}

/**
 * Imports a store module. It must export `createStore` (or a default export
 * with it, or a default function), and may export `readRaw`, `destroyStore`
 * and `unsupported` as `@tokenstore/conformance` defines them.
 */
export async function loadStoreModule(
  path: string,
): Promise<ConformanceOptions> {
  let imported: Record<string, unknown>;
  try {
    imported = (await import(pathToFileURL(path).href)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot load the store module ${path}: ${reason}`);
  }

  const fallback = imported.default;
  const source: Record<string, unknown> =
    typeof imported.createStore === "function"
      ? imported
      : typeof fallback === "function"
        ? { createStore: fallback }
        : fallback !== null && typeof fallback === "object"
          ? (fallback as Record<string, unknown>)
          : {};
  if (typeof source.createStore !== "function") {
    throw new UsageError(
      `the store module ${path} must export a createStore() function that returns a new, empty store.`,
    );
  }
  return source as unknown as ConformanceOptions;
}
