/**
 * Strips secrets and personal data from a line ring-client-api wants to log. Its lines quote
 * request URLs, Ring's answers (profile, locations with their street address, devices with their
 * MAC address) and push payloads, in JSON, escaped JSON, util.inspect and query-string forms, so
 * fields are recognised by name in all of them, and what has a shape of its own (emails, MAC
 * addresses, street addresses, long opaque tokens) is caught anywhere. Pure.
 */

/**
 * Field names whose value is hidden, compared lower-cased without `_` and `-`, so `refresh_token`,
 * `refreshToken` and `refresh-token` are one entry.
 */
const SECRET_KEYS = new Set([
  // credentials
  'refreshtoken',
  'accesstoken',
  'idtoken',
  'authtoken',
  'sessiontoken',
  'token',
  'fcmtoken',
  'securitytoken',
  'password',
  'authorization',
  '2facode',
  'rt',
  'hid',
  'hardwareid',
  'systemid',
  'androidid',
  'privatekey',
  'authsecret',
  'apikey',
  'secret',
  'clientsecret',
  // who
  'username',
  'email',
  'firstname',
  'lastname',
  'phone',
  'phonenumber',
  // where
  'address',
  'address1',
  'address2',
  'streetaddress',
  'street',
  'crossstreet',
  'city',
  'zip',
  'zipcode',
  'postalcode',
  'postcode',
  'latitude',
  'longitude',
  'lat',
  'lng',
  'lon',
  // which hardware
  'mac',
  'macaddress',
  'devicemac',
  'wifimac',
  'bssid',
  'ssid',
]);

/**
 * A key (bare, quoted, or with escaped quotes inside a JSON string), its separator, then its value;
 * a quoted value cut off by the line's end still counts (a truncated line must not leak half a secret).
 */
const KEY_VALUE =
  /(?<![A-Za-z0-9_])(\\?["']?)([A-Za-z0-9][A-Za-z0-9_-]{0,40})(\\?["']?\s*[:=]\s*)(\\"(?:(?!\\").)*(?:\\"|$)|"(?:[^"\\]|\\.)*(?:"|$)|'(?:[^'\\]|\\.)*(?:'|$)|[^\s,;&}\]{["']+)/g;

const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/g;
// Bounded repeats keep every pattern linear in the line's length (an unbounded local part is quadratic).
const EMAIL = /[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;
const MAC = /(?<![0-9A-Fa-f:-])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
const STREET_SUFFIXES = [
  'Street',
  'St',
  'Avenue',
  'Ave',
  'Road',
  'Rd',
  'Boulevard',
  'Blvd',
  'Lane',
  'Ln',
  'Drive',
  'Dr',
  'Court',
  'Ct',
  'Way',
  'Place',
  'Pl',
  'Terrace',
  'Circle',
  'Cir',
  'Highway',
  'Hwy',
  'Parkway',
  'Pkwy',
  'Square',
  'Sq',
  'Trail',
  'Crescent',
  'Close',
  'Row',
  'Alley',
];
const suffixes = STREET_SUFFIXES.flatMap((suffix) => [suffix, suffix.toUpperCase()]).join('|');
/** "42 Wallaby Way", "1600 Pennsylvania Avenue NW", "12B Baker St.": a number, capitalised words, a street type. */
const STREET = new RegExp(`\\b\\d{1,6}[A-Za-z]?\\s+(?:[A-Z0-9][A-Za-z0-9'.-]*\\s+){0,4}(?:${suffixes})\\b\\.?(?:\\s+(?:N|S|E|W|NE|NW|SE|SW)\\b)?`, 'g');
/** "Hauptstraße 12", "Kerkstraat 4a": the street first, the number after. */
const STREET_NUMBER_LAST = /\b\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|straat|laan|gatan|vägen|vej|veien)\s+\d{1,5}[a-z]?\b/gu;
/** Anything token-shaped this long is hidden whatever its key: refresh tokens, JWTs, session ids. */
const LONG_OPAQUE = /[A-Za-z0-9+/=_-]{40,}/g;

/** Longer lines are cut here: a debug line is a summary, and every pattern stays cheap. */
export const MAX_LINE = 2000;

const normaliseKey = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

export function scrub(line: string): string {
  const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… [${line.length - MAX_LINE} characters cut]` : line;
  return hideSecretFields(text.replace(BEARER, 'Bearer [hidden]'))
    .replace(EMAIL, '[email]')
    .replace(MAC, '[mac]')
    .replace(STREET, '[address]')
    .replace(STREET_NUMBER_LAST, '[address]')
    .replace(LONG_OPAQUE, (run) => (looksLikePath(run) ? run : '[hidden]'));
}

/**
 * A URL path (`com/clients_api/locations/<uuid>/devices`) is a long run of token characters too;
 * it is kept when every segment is short and it has no base64 padding or `+`. A real token is
 * hundreds of characters, so some segment of it between two `/` is long.
 */
function looksLikePath(run: string): boolean {
  return !/[+=]/.test(run) && run.split('/').every((segment) => segment.length < 40);
}

/** Hides the values of secret fields; other fields' values are searched too (they may hold escaped JSON). */
function hideSecretFields(text: string): string {
  const pattern = new RegExp(KEY_VALUE.source, 'g');
  let out = '';
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [whole, open = '', key = '', separator = ''] = match;
    if (SECRET_KEYS.has(normaliseKey(key))) {
      out += `${text.slice(last, match.index)}${open}${key}${separator}[hidden]`;
      last = match.index + whole.length;
    } else {
      pattern.lastIndex = match.index + open.length + key.length + separator.length;
    }
  }
  return out + text.slice(last);
}
