import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, nameFromCommand } from './naming';

const cases: [string, string][] = [
  ['npm run build', 'npm run build'],
  ['claude -p "fix the login bug"', 'claude: fix the login bug'],
  ['python3 scripts/migrate.py --batch 5', 'migrate.py'],
  ['cd web && PORT=4000 npm run dev', 'npm run dev'],
  ["codex exec 'add tests for the parser'", 'codex: add tests for the parser'],
  ['node dist/server.js --port 8080', 'server.js'],
  ['python -m pytest tests/ -x', 'pytest tests/'],
  ['NODE_ENV=production node ./scripts/seed.mjs', 'seed.mjs'],
  ['npx playwright test --headed', 'playwright test --headed'],
  ['cargo build --release', 'cargo build'],
  ['make -j4 all', 'make all'],
  ['sudo apt-get install -y chromium', 'apt-get install -y chromium'],
  ['timeout 60 ./scrape.sh https://example.com', 'scrape.sh https://example.com'],
  ['bash -c "sleep 10"', 'sleep 10'],
  ["sh -c 'echo hi; exit 3'", 'echo hi'],
  ['python3 -c "print(1)"', 'python3: print(1)'],
  ["node -e 'console.log(process.version)'", 'node: console.log(process.version)'],
  ['python3 -c', 'python3 -c'],
  ['sleep 1; make build', 'make build'],
  ['sleep 5 && curl -fsS https://example.com/health', 'curl -fsS https://example.com/health'],
  ['sleep 600', 'sleep 600'],
  ['cd /srv && sleep 30', 'sleep 30'],
  ['(setsid sleep 611 &); sleep 613', 'sleep 611'],
  ['( cd web && make )', 'make'],
  ['trap "" TERM; ./serve.sh', 'serve.sh'],
  ['echo $(date) done', 'echo $(date) done'],
  ['./run-migrations.sh', 'run-migrations.sh'],
  ['yes "hello" | head -c 1000', 'yes hello'],
  ['for i in 1 2 3; do echo $i; sleep 1; done', 'for i in 1 2 3; do echo $i; sleep 1;…'],
  ['docker compose up --build', 'docker compose up --build'],
  ['git clone https://github.com/vercel/next.js.git', 'git clone https://github.com/vercel/nex…'],
  ['  ls -la   ', 'ls -la'],
  ['aider --model sonnet --message "refactor the user service"', 'aider: refactor the user service'],
  ['uv run scripts/backfill.py', 'uv run scripts/backfill.py'],
  ['echo bad >&2; exit 2', 'echo bad'],
  ['./deploy.sh production 2>&1 > deploy.log', 'deploy.sh production'],
];

describe('nameFromCommand', () => {
  it.each(cases)('%s → %s', (command, expected) => {
    expect(nameFromCommand(command)).toBe(expected);
  });

  it('keeps every name within the limit and is deterministic', () => {
    const long = `claude -p "${'rewrite the whole billing module to use the new ledger '.repeat(5)}"`;
    const name = nameFromCommand(long);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name.endsWith('…')).toBe(true);
    expect(nameFromCommand(long)).toBe(name);
  });

  it('never returns an empty name', () => {
    expect(nameFromCommand('"" ')).not.toBe('');
  });
});
