import { closeSync, constants, fchmodSync, openSync } from "node:fs";

import Database from "better-sqlite3";

/** Mode of a database file that the store creates: owner read and write. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates an empty file with mode 0600 unless one exists. SQLite reads an
 * empty file as an empty database, and its unix VFS gives the -wal and -shm
 * files the mode of the database file, so all three stay private. An existing
 * file keeps its mode.
 */
function createPrivateFile(path: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(
      path,
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      PRIVATE_FILE_MODE,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return;
    }
    throw error;
  }
  try {
    // The umask may have removed bits from the requested mode.
    fchmodSync(descriptor, PRIVATE_FILE_MODE);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Opens a database that the store owns. A file database gets WAL mode, so
 * readers never block the writer, and synchronous=FULL, so a committed save
 * survives a power loss on storage that honors fsync. secure_delete overwrites deleted tokens with zeros.
 */
export function openOwnedDatabase(
  path: string,
  busyTimeoutMs: number,
): Database.Database {
  const inMemory = path === ":memory:";
  if (!inMemory) {
    createPrivateFile(path);
  }

  const database = new Database(path, { timeout: busyTimeoutMs });
  try {
    if (!inMemory) {
      database.pragma("journal_mode = WAL");
      database.pragma("synchronous = FULL");
    }
    database.pragma("secure_delete = ON");
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
