/**
 * The New session form's environment: one KEY=VALUE a line, as a .env file has them. The value is
 * everything after the first `=`, as written (quotes included); blank lines and `#` comments are
 * skipped. Problems name their line, so the form can say which one to fix.
 */
export type EnvLines = { ok: true; env: Record<string, string> } | { ok: false; error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseEnvLines(text: string): EnvLines {
  const env: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `line ${index + 1}`;
    const equals = raw.indexOf('=');
    if (equals === -1) return { ok: false, error: `${where}: write it as NAME=value` };
    const name = raw.slice(0, equals).trim();
    if (!NAME.test(name)) {
      return { ok: false, error: `${where}: “${name}” is not a variable name (letters, digits and _, not starting with a digit)` };
    }
    if (Object.hasOwn(env, name)) return { ok: false, error: `${where}: ${name} is given twice` };
    env[name] = raw.slice(equals + 1);
  }
  return { ok: true, env };
}
