/**
 * The two pieces of Markdown syntax the printers share: text made inert, and
 * a table.
 */

/**
 * Text from the data, made inert: GitHub renders inline HTML (a `<` opens a
 * tag, an `&` an entity) and a stray `|` splits a table cell, so those are
 * escaped and line breaks flattened. A lone `>` mid-line is plain text.
 */
export function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** A table with one header row; `align` per column: left, right or centre. */
export function table(
  header: readonly string[],
  align: readonly ('l' | 'r' | 'c')[],
  rows: readonly (readonly string[])[],
): string {
  const rule = align.map((a) => (a === 'r' ? '---:' : a === 'c' ? ':---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
