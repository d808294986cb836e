export { printJson } from './print-json.js';
export { printMarkdown } from './print-markdown.js';
export { printHtml } from './print-html.js';
export { verdictFor, TIE_TOLERANCE } from './verdict.js';
