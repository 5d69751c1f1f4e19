/**
 * Profiles as text (YAML or JSON files). Kept apart from profile.ts so that code which only validates
 * profile objects, such as every Lambda bundle, does not carry a YAML parser.
 */
import { parseDocument } from 'yaml';
import { InvalidProfile } from './errors.ts';
import { type Profile, parseProfile } from './profile.ts';

/** YAML or JSON (JSON is YAML). A syntax error is reported with its line and column. */
export const parseProfileText = (text: string, source?: string): Profile =>
  parseProfile(parseProfileDocument(text, source), source);

/** The document a profile file holds, before validation (a layer of a composition may be partial). */
export const parseProfileDocument = (text: string, source?: string): unknown => {
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error) {
    const position = error.linePos?.[0];
    const where = position ? `line ${position.line}, column ${position.col}: ` : '';
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
    throw new InvalidProfile([{ path: '', message: `syntax error at ${where}${reason}` }], source);
  }
  return document.toJS();
};
