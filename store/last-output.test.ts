import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '@/lib/testing/helpers';
import { insertEntries } from './output-write';
import { getSession, insertSession, listSessions } from './queries';

beforeAll(() => {
  useTempDatabase();
});

function newSession(id: string) {
  return insertSession({ id, name: id, command: 'true', cwd: '/', status: 'running', createdAt: new Date() });
}

describe('lastOutputAt', () => {
  it("is the time of the command's last output, the console's own lines not counted", () => {
    newSession('printed');
    insertEntries('printed', [
      { stream: 'stdout', text: 'one\n', at: new Date(1_000_000) },
      { stream: 'stderr', text: 'two\n', at: new Date(2_000_000) },
      { stream: 'system', text: 'exited with code 0\n', at: new Date(3_000_000) },
    ]);
    expect(getSession('printed')?.lastOutputAt).toEqual(new Date(2_000_000));
    expect(listSessions({ limit: 10 }).find((session) => session.id === 'printed')?.lastOutputAt).toEqual(new Date(2_000_000));
  });

  it('is null before any output, for each session on its own', () => {
    newSession('quiet');
    expect(getSession('quiet')?.lastOutputAt).toBeNull();
    expect(listSessions({ limit: 10 }).find((session) => session.id === 'quiet')?.lastOutputAt).toBeNull();
  });
});
