import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";

/** The machine a run measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  operatingSystem: string;
  node: string;
  /** 1-minute load average when the run started and when it ended. */
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
}

function cpuModel(): string {
  try {
    const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    const match = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
    if (match?.[1] !== undefined) {
      return match[1].trim();
    }
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? "unknown";
}

export function describeMachine(): Omit<MachineInfo, "loadAverageAtEnd"> {
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    operatingSystem: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg()[0] ?? 0,
  };
}

export function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}

function readVersion(packageJsonPath: string): string {
  const manifest = JSON.parse(readFileSync(packageJsonPath, "utf8")) as {
    version?: unknown;
  };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}

/**
 * Versions of the libraries the run loads, read from their package.json
 * files. `mysql` is the Zoho SDK's own dependency, which its DBStore uses.
 */
export function libraryVersions(
  benchDirectory: string,
): Record<string, string> {
  const modules = join(benchDirectory, "node_modules");
  const versions: Record<string, string> = {};
  for (const name of [
    "better-sqlite3",
    "mysql2",
    "mongodb",
    "@zohocrm/typescript-sdk-8.0",
    "@tokenstore/core",
  ]) {
    try {
      versions[name] = readVersion(join(modules, name, "package.json"));
    } catch {
      versions[name] = "not installed";
    }
  }
  try {
    const sdkDirectory = realpathSync(
      join(modules, "@zohocrm", "typescript-sdk-8.0"),
    );
    const sdkRequire = createRequire(join(sdkDirectory, "package.json"));
    const mysqlManifest = sdkRequire.resolve("mysql/package.json");
    versions["mysql (the Zoho SDK's dependency)"] = readVersion(mysqlManifest);
  } catch {
    versions["mysql (the Zoho SDK's dependency)"] = "not installed";
  }
  return versions;
}

/** Returns the directory of the bench package. */
export function benchDirectory(): string {
  return dirname(import.meta.dirname);
}
