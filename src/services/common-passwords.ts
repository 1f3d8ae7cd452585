import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Passwords that attackers try first. The list is the 49,233 most common passwords that
 * zxcvbn ranks by frequency, as shipped (plain JSON, most common first) in the npm package
 * @zxcvbn-ts/language-common 4.1.3, src/passwords.json. Licence: MIT ("Copyright (c)
 * 2012-2016 Dan Wheeler and Dropbox, Inc.; Copyright (c) 2021 @zxcvbn-ts", LICENSE.txt in
 * that package), so it may be used and redistributed with the notice kept.
 * Compared in lower case: "Password1" is as guessable as "password1".
 */
const require = createRequire(import.meta.url);
const LIST_FILE = require.resolve('@zxcvbn-ts/language-common/src/passwords.json');

let common: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  const list = JSON.parse(fs.readFileSync(LIST_FILE, 'utf8')) as unknown;
  if (!Array.isArray(list) || list.length < 10_000 || !list.every((p) => typeof p === 'string')) {
    throw new Error(`${LIST_FILE} is not the list of common passwords expected`);
  }
  return new Set(list.map((p: string) => p.toLowerCase()));
}

/** Loaded on first use (about 50,000 entries), then kept. */
export function isCommonPassword(candidate: string): boolean {
  common ??= load();
  return common.has(candidate.toLowerCase());
}

export function commonPasswordCount(): number {
  common ??= load();
  return common.size;
}
