import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './index';

const modeOf = (file: string) => statSync(file).mode & 0o777;
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'active-sessions-modes-'));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the files the app creates', () => {
  it('creates its folders 0700 and the database, its -wal and -shm 0600, whatever the umask', () => {
    // A umask of 022 is what most machines run with, and what sessions inherit: it must stay.
    const before = process.umask(0o022);
    try {
      const file = path.join(tempDir(), 'data', 'nested', 'sessions.db');
      const db = openDatabase(file);
      db.$client.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES ('written')");
      expect(modeOf(path.dirname(file))).toBe(0o700);
      expect(modeOf(path.dirname(path.dirname(file)))).toBe(0o700);
      for (const name of [file, `${file}-wal`, `${file}-shm`]) expect([name, modeOf(name)]).toEqual([name, 0o600]);
      db.$client.close();
      expect(process.umask()).toBe(0o022);
    } finally {
      process.umask(before);
    }
  });

  it('tightens an existing database and its -wal and -shm that others could read', () => {
    const dir = tempDir();
    chmodSync(dir, 0o700);
    const file = path.join(dir, 'sessions.db');
    openDatabase(file).$client.close();
    for (const name of [file, `${file}-wal`, `${file}-shm`]) {
      closeSync(openSync(name, 'a'));
      chmodSync(name, 0o644);
    }
    const db = openDatabase(file);
    for (const name of [file, `${file}-wal`, `${file}-shm`]) expect([name, modeOf(name)]).toEqual([name, 0o600]);
    db.$client.close();
  });

  it('leaves an existing folder it did not create alone, and warns once when others can read it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dir = path.join(tempDir(), 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'sessions.db');
    openDatabase(file).$client.close();
    openDatabase(file).$client.close();
    expect(modeOf(dir)).toBe(0o755);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain(dir);
    expect(warn.mock.calls[0][0]).toContain(`chmod 700 ${dir}`);
    expect(modeOf(file)).toBe(0o600);
  });

  it('says nothing about an existing folder only its owner can read', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dir = tempDir();
    chmodSync(dir, 0o700);
    openDatabase(path.join(dir, 'sessions.db')).$client.close();
    expect(warn).not.toHaveBeenCalled();
  });
});
