/**
 * Finds secrets in captured log text, including pieces and encodings of them: any run of at least
 * `minFragment` characters shared with a secret, the inner parts of a ring-client-api wrapped token
 * (`rt`, `hid`, push credential strings), and the base64, base64url, URL-encoded and JSON-escaped
 * forms of each. Findings name the secret by index and the form, never by value.
 */

export interface SecretFinding {
  /** Index of the secret in the list given. */
  secret: number;
  /** Which form of it matched, e.g. `raw`, `rt/base64`, `hid/url-encoded`. */
  form: string;
  /** Where the match starts in the scanned text, and how long it runs. */
  offset: number;
  length: number;
}

export interface ScanOptions {
  /** Shortest shared run reported; 8 by default. */
  minFragment?: number;
}

interface Needle {
  secret: number;
  form: string;
  text: string;
}

export function scanForSecrets(text: string, secrets: string[], options: ScanOptions = {}): SecretFinding[] {
  const minFragment = options.minFragment ?? 8;
  const needles = secrets.flatMap((secret, index) => secretForms(secret).map((form) => ({ secret: index, ...form })));
  const windows = indexWindows(needles, minFragment);
  const findings: SecretFinding[] = [];
  const reported = new Set<string>();
  for (let offset = 0; offset + minFragment <= text.length; offset += 1) {
    const hits = windows.get(text.slice(offset, offset + minFragment));
    if (!hits) continue;
    for (const { needle, at } of hits) {
      const length = sharedRun(text, offset, needle.text, at);
      const key = `${needle.secret}/${needle.form}/${offset + length}`;
      // A run is reported once, from where it starts, not again from each later window inside it.
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({ secret: needle.secret, form: needle.form, offset, length });
    }
  }
  return findings;
}

/** Throws (failing the test) when `text` holds any secret or fragment of one; the message shows no secret. */
export function expectNoSecrets(text: string, secrets: string[], options?: ScanOptions): void {
  const findings = scanForSecrets(text, secrets, options);
  if (findings.length === 0) return;
  const lines = findings.slice(0, 20).map((f) => `  secret #${f.secret} as ${f.form}: ${f.length} characters at offset ${f.offset}`);
  throw new Error(`Log text contains secrets (${findings.length} findings):\n${lines.join('\n')}`);
}

/** The strings a secret may leak as. */
export function secretForms(secret: string): { form: string; text: string }[] {
  const parts: { form: string; text: string }[] = [{ form: 'raw', text: secret }];
  for (const [name, value] of Object.entries(wrappedParts(secret))) parts.push({ form: name, text: value });
  return parts.flatMap(({ form, text }) => encodings(text).map((encoded) => ({ form: encoded.name ? `${form}/${encoded.name}` : form, text: encoded.text })));
}

/** The string leaves of a ring-client-api wrapped token (base64 JSON `{rt, hid, pnc?}`); empty for raw tokens. */
function wrappedParts(token: string): Record<string, string> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return {};
  }
  if (!decoded || typeof decoded !== 'object' || typeof (decoded as { rt?: unknown }).rt !== 'string') return {};
  const parts: Record<string, string> = {};
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') parts[path] = value;
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
    }
  };
  visit(decoded, '');
  return parts;
}

function encodings(text: string): { name: string; text: string }[] {
  const forms = [
    { name: '', text },
    { name: 'url-encoded', text: encodeURIComponent(text) },
    { name: 'json-escaped', text: JSON.stringify(text).slice(1, -1) },
  ];
  // Base64 of a fragment lines up with base64 of the whole only at one of three byte offsets.
  for (let shift = 0; shift < 3; shift += 1) {
    const bytes = Buffer.from(text, 'utf8').subarray(shift);
    forms.push({ name: shift ? `base64+${shift}` : 'base64', text: bytes.toString('base64').replace(/=+$/, '') });
    forms.push({ name: shift ? `base64url+${shift}` : 'base64url', text: bytes.toString('base64url') });
  }
  const seen = new Set<string>();
  return forms.filter((form) => form.text.length > 0 && !seen.has(form.text) && seen.add(form.text));
}

function indexWindows(needles: Needle[], size: number): Map<string, { needle: Needle; at: number }[]> {
  const windows = new Map<string, { needle: Needle; at: number }[]>();
  for (const needle of needles) {
    for (let at = 0; at + size <= needle.text.length; at += 1) {
      const key = needle.text.slice(at, at + size);
      const list = windows.get(key) ?? [];
      list.push({ needle, at });
      windows.set(key, list);
    }
  }
  return windows;
}

function sharedRun(text: string, from: number, needle: string, at: number): number {
  let length = 0;
  while (from + length < text.length && at + length < needle.length && text[from + length] === needle[at + length]) length += 1;
  return length;
}
