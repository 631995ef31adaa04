import { NbError } from '../errors.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Docker Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?error}`, `${VAR?error}` (defaults may nest), `$$` for `$`.
 */
export function interpolate(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(text, dollar + 2);
      if (end === -1) throw new NbError(`unclosed "\${" in compose file`, 'fix the variable reference');
      out += expand(text.slice(dollar + 2, end), vars);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      out += name ? (vars[name] ?? '') : '$';
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function expand(expr: string, vars: Readonly<Record<string, string | undefined>>): string {
  const op = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(expr);
  if (!op) throw new NbError(`invalid interpolation "\${${expr}}" in compose file`, 'fix the variable reference');
  const [, name, kind, arg = ''] = op;
  const raw = vars[name];
  const set = raw !== undefined;
  const value = raw ?? '';
  const nonEmpty = value !== '';
  switch (kind) {
    case undefined:
      return value;
    case ':-':
      return nonEmpty ? value : interpolate(arg, vars);
    case '-':
      return set ? value : interpolate(arg, vars);
    case ':+':
      return nonEmpty ? interpolate(arg, vars) : '';
    case '+':
      return set ? interpolate(arg, vars) : '';
    default:
      if (kind === ':?' ? nonEmpty : set) return value;
      throw new NbError(`compose variable ${name} is required: ${arg || 'not set'}`, `set ${name} in the compose project's .env`);
  }
}
