/**
 * JSON text with object keys sorted and no white space. Numbers keep their literal text:
 * parsing them into doubles would let two different stored numbers hash the same.
 * Returns undefined for text that is not JSON.
 */
export function canonicalJson(text: string): string | undefined {
  const p = { text, at: 0 };
  try {
    const out = readValue(p);
    skipSpace(p);
    return p.at === text.length ? out : undefined;
  } catch {
    return undefined;
  }
}

interface Cursor {
  text: string;
  at: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

function skipSpace(p: Cursor): void {
  while (p.at < p.text.length && ' \t\n\r'.includes(p.text[p.at]!)) p.at++;
}

function readValue(p: Cursor): string {
  skipSpace(p);
  const c = p.text[p.at];
  if (c === '{') return readObject(p);
  if (c === '[') return readArray(p);
  if (c === '"') return readString(p).canonical;
  for (const word of ['true', 'false', 'null']) {
    if (p.text.startsWith(word, p.at)) {
      p.at += word.length;
      return word;
    }
  }
  NUMBER.lastIndex = p.at;
  const m = NUMBER.exec(p.text);
  if (!m) throw new Error('not JSON');
  p.at += m[0].length;
  return m[0];
}

/** A string literal: its value (for sorting keys) and its canonical text. */
function readString(p: Cursor): { value: string; canonical: string } {
  STRING.lastIndex = p.at;
  const m = STRING.exec(p.text);
  if (!m) throw new Error('not JSON');
  p.at += m[0].length;
  const literal = m[0];
  // Without escapes or surrogates the literal is already how JSON.stringify would write it.
  if (!/[\\\ud800-\udfff]/.test(literal)) return { value: literal.slice(1, -1), canonical: literal };
  const value = JSON.parse(literal) as string;
  return { value, canonical: JSON.stringify(value) };
}

function readObject(p: Cursor): string {
  p.at++; // {
  const members: Array<[string, string, string]> = [];
  skipSpace(p);
  if (p.text[p.at] === '}') {
    p.at++;
    return '{}';
  }
  for (;;) {
    skipSpace(p);
    const key = readString(p);
    skipSpace(p);
    if (p.text[p.at++] !== ':') throw new Error('not JSON');
    members.push([key.value, key.canonical, readValue(p)]);
    skipSpace(p);
    const next = p.text[p.at++];
    if (next === '}') break;
    if (next !== ',') throw new Error('not JSON');
  }
  // Sorted by UTF-16 code units; a stable sort keeps duplicate keys (not possible in jsonb) in order.
  members.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `{${members.map(([, k, v]) => `${k}:${v}`).join(',')}}`;
}

function readArray(p: Cursor): string {
  p.at++; // [
  const items: string[] = [];
  skipSpace(p);
  if (p.text[p.at] === ']') {
    p.at++;
    return '[]';
  }
  for (;;) {
    items.push(readValue(p));
    skipSpace(p);
    const next = p.text[p.at++];
    if (next === ']') break;
    if (next !== ',') throw new Error('not JSON');
  }
  return `[${items.join(',')}]`;
}
