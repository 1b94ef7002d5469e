/**
 * A server error in the words a designer uses. The server's own message names fields and causes the way
 * a developer would ("imageUrl: host does not resolve"); this says what went wrong with what, and what
 * to do, and RunError keeps the server's message, code and field in a details line below.
 */
import type { ApiError } from '../../recipe/index.ts';

export interface ErrorWords {
  /** One sentence: what went wrong, with what. */
  title: string;
  /** What to do about it, when there is something better than "try again". */
  hint?: string;
}

/** What a field or JSON path holds, as a noun ("the photo at that address"). */
const THING: Record<string, string> = {
  imageUrl: 'the photo at that address',
  image: 'the photo',
  backgroundImage: 'the uploaded backdrop image',
  'background.replace': 'the backdrop image',
  'background.generate.background_url': 'the image to blend in',
};

const thingOf = (error: ApiError) => (error.path && THING[error.path]) || 'the image';
const DROP_INSTEAD = 'Or download the image and drop the file here instead.';

/** Words per error code; codes not listed keep the server's message, with field names put in words. */
const BY_CODE: Record<string, (error: ApiError, thing: string) => ErrorWords> = {
  'url-fetch-failed': (_, thing) => ({
    title: `Backdrop could not download ${thing}.`,
    hint: `Check that the address is spelled right and opens the image itself in a browser tab. ${DROP_INSTEAD}`,
  }),
  'url-timeout': (_, thing) => ({
    title: `The site holding ${thing} took too long to send it.`,
    hint: `Try again in a moment. ${DROP_INSTEAD}`,
  }),
  'url-refused': (_, thing) => ({
    title: `Backdrop does not fetch ${thing} from that address: it is not on the public internet.`,
    hint: `Use a public link. ${DROP_INSTEAD}`,
  }),
  'invalid-url': (_, thing) => ({
    title: `The address given for ${thing} is not a web address Backdrop can fetch.`,
    hint: 'Paste a full link that starts with https://.',
  }),
};

/** The server's message with a leading "field: " and "The field" put in words. */
function humanized(error: ApiError, thing: string): string {
  if (!error.path) return error.message;
  const capital = thing.charAt(0).toUpperCase() + thing.slice(1);
  return error.message
    .replace(new RegExp(`^${escape(error.path)}: (\\w)`), (_, first: string) => `${capital}: ${first}`)
    .replace(new RegExp(`\\bThe ${escape(error.path)}\\b`, 'g'), capital);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function errorWords(error: ApiError): ErrorWords {
  const thing = thingOf(error);
  const known = BY_CODE[error.code];
  return known ? known(error, thing) : { title: humanized(error, thing) };
}
