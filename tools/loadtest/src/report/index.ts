export { printJson } from './print-json.js';
export { printMarkdown } from './markdown/print-markdown.js';
export { printHtml } from './html/print-html.js';
