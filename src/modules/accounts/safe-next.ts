/**
 * Where sign-in may lead: a path of this site, given as `next`. The value is parsed the way a
 * browser would parse it against this site and re-encoded from its parts, so what goes into the
 * Location header is printable ASCII (Node refuses anything else there, which was a 500) and means
 * to the browser exactly what was checked.
 */

// Any origin serves: only whether the parsed URL stays on it matters.
const HERE = 'https://ponte.invalid';

/**
 * Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/\t/evil.example"
 * would become "//evil.example": control and whitespace characters (C0, DEL, C1 and Unicode
 * spaces) are refused outright rather than guessed at.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/;

/** True when a path would be read by a browser as the start of another host ("//host", "/\host"). */
function looksLikeHost(path: string): boolean {
  return path.startsWith('//') || path.startsWith('/\\');
}

/** The same-site path to follow after sign-in, re-encoded; `landing` when `next` is absent or unsafe. */
export function safeNext(next: string | undefined, landing: string): string {
  if (!next?.startsWith('/') || looksLikeHost(next) || UNSAFE.test(next)) return landing;
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return landing;
  }
  if (url.origin !== HERE) return landing;
  // The parser resolves dot segments: "/.//evil.example" becomes "//evil.example", a host again.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (looksLikeHost(path) || !/^[\x21-\x7e]+$/.test(path)) return landing;
  return path;
}
