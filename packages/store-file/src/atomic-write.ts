import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";

/** Mode of the token file and of the temporary files it is written from. */
export const FILE_MODE = 0o600;

/** Mode of the directories the store creates. */
export const DIRECTORY_MODE = 0o700;

function temporaryFileName(target: string): string {
  return `.${basename(target)}.${randomBytes(8).toString("hex")}.tmp`;
}

function temporaryFilePattern(target: string): RegExp {
  const escaped = basename(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\.${escaped}\\.[0-9a-f]{16}\\.tmp$`);
}

/**
 * Creates `directory` and its missing parents with mode 0700. The mode is set
 * with chmod as well, because `mkdir` applies the process umask.
 */
export async function ensureDirectory(directory: string): Promise<void> {
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(directory, {
      recursive: true,
      mode: DIRECTORY_MODE,
    });
  } catch (error) {
    // A recursive mkdir reports a file in the way as EEXIST.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw Object.assign(
        new Error(`ENOTDIR: not a directory, mkdir '${directory}'`),
        { code: "ENOTDIR", cause: error },
      );
    }
    throw error;
  }
  if (firstCreated === undefined) {
    return;
  }
  const created = [firstCreated];
  const below = relative(firstCreated, directory);
  if (below !== "") {
    let current = firstCreated;
    for (const part of below.split(sep)) {
      current = join(current, part);
      created.push(current);
    }
  }
  for (const path of created) {
    await chmod(path, DIRECTORY_MODE);
  }
}

/**
 * Replaces `target` with `data`, so that readers see either the old or the new
 * file, also after a crash. Writes a temporary file with a unique name in the
 * same directory, fsyncs it, renames it over `target` and fsyncs the
 * directory. `beforeRename` may throw to abandon the write.
 */
export async function writeFileAtomic(
  target: string,
  data: string,
  beforeRename: () => void,
): Promise<void> {
  const directory = dirname(target);
  const temporaryPath = join(directory, temporaryFileName(target));

  try {
    const handle = await open(temporaryPath, "wx", FILE_MODE);
    try {
      // The mode given to open is reduced by the umask.
      await handle.chmod(FILE_MODE);
      await handle.writeFile(data, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    beforeRename();
    await rename(temporaryPath, target);
  } catch (error) {
    // The caller gets the error of the write, so a failure to remove the
    // temporary file is not reported on top of it.
    await rm(temporaryPath, { force: true }).catch(() => undefined);
    throw error;
  }

  await syncDirectory(directory);
}

/** Makes a rename in `directory` durable. */
async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync.
  if (process.platform === "win32") {
    return;
  }
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes temporary files that a process left beside `target` when it died
 * between creating one and renaming it. Call it only while holding the lock,
 * because a temporary file exists only while its writer holds the lock.
 */
export async function removeLeftoverTemporaryFiles(
  target: string,
): Promise<void> {
  const directory = dirname(target);
  const pattern = temporaryFilePattern(target);
  for (const name of await readdir(directory)) {
    if (pattern.test(name)) {
      await rm(join(directory, name), { force: true });
    }
  }
}
