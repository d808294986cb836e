/**
 * Everything that comes from a result (scenario names, notes, error reasons,
 * offenders) is data, never markup: it passes through one of these on its way
 * into the page.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * JSON for a `<script type="application/json">` block. `<` and `>` become
 * `\u003c`/`\u003e` so no string in the data can close the script element (or
 * open a comment that changes how it is parsed); `&` and the two JavaScript
 * line separators are escaped too. JSON.parse reads the same values back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Code inlined in a `<script>`: a literal `</script` in it would end the element early. */
export function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

/** CSS inlined in a `<style>`, by the same reasoning. */
export function inlineStyle(css: string): string {
  return css.replace(/<\/style/gi, '<\\/style');
}
