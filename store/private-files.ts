import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

// The store holds every session's output and the token sits beside it: other local users must
// not read them. Modes are set per file rather than by the umask, which the sessions inherit.
const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;
const OTHERS_READ_OR_WRITE = 0o066;

const warnedFolders = new Set<string>();

/**
 * Creates a missing folder (and its missing parents) 0700. A folder that already exists was
 * chosen by the operator and is left as it is, with one warning when others can read it.
 */
export function ensurePrivateFolder(dir: string): void {
  if (mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR }) !== undefined) return;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & OTHERS_READ_OR_WRITE) === 0 || warnedFolders.has(dir)) return;
  warnedFolders.add(dir);
  console.warn(
    `[active-sessions] WARNING: ${dir} is open to other users (mode ${mode.toString(8)}). ` +
      `The files the app keeps there are 0600, but others can list or replace them: ` +
      `run \`chmod 700 ${dir}\`, or point DATABASE_PATH at a folder of your own.`,
  );
}

/** Creates the file 0600 if it is missing; takes group and other bits off one that has them. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', OWNER_ONLY_FILE));
  closeToOthers(file);
}

/** Takes group and other bits off the file, if there is one. */
export function closeToOthers(file: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) !== 0) chmodSync(file, mode & ~0o077);
}
