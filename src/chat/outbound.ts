// Splitting outbound text for channels with a length limit, at line boundaries.

/** Splits `text` into chunks of at most `limit` characters, preferring line breaks, then spaces. */
export function splitText(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf("\n", limit);
    if (cut < limit * 0.5) cut = rest.lastIndexOf(" ", limit);
    if (cut < limit * 0.3) cut = limit;
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, "").replace(/^ /, "");
  }
  if (rest.length) chunks.push(rest);
  return chunks;
}
