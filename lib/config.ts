import { existsSync } from 'node:fs';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.warn(`[active-sessions] ignoring ${name}=${JSON.stringify(raw)}: not a whole number`);
    return fallback;
  }
  return value;
}

export const config = {
  /** How long a killed session gets between SIGTERM and SIGKILL. */
  get killGraceMs() {
    return positiveInt('KILL_GRACE_MS', 5000);
  },
  /** The shell that runs command lines, as a terminal would: bash where there is one. */
  get shell() {
    return process.env.SESSION_SHELL || (existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh');
  },
  /** Past this much output a session keeps its head and tail and drops the middle. */
  get maxOutputBytes() {
    return positiveInt('MAX_OUTPUT_BYTES', 1024 * 1024 * 1024);
  },
  /** Where a session runs when it names no cwd. */
  get defaultCwd() {
    return process.env.SESSION_CWD || process.cwd();
  },
};
