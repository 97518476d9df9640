// @ts-check
// What the published reference adds to the page redocly build-docs writes: a link to the guides,
// links to download the bundled openapi.json and openapi.yaml (copied next to index.html), a title that fits two lines at
// 1280 px and leaves most of a phone's first screen to the text, and the operation shown in the
// sidebar on load (Redoc opens a tag only when a reader clicks it).
import { copyFile } from "node:fs/promises";
import path from "node:path";

export const DOWNLOADS = ["openapi.json", "openapi.yaml"];

const STYLE = `<style id="vpcep-reference">
  #redoc h1 { font-size: 22px; line-height: 1.3; overflow-wrap: anywhere; }
  #redoc div:has(> div > h1) { flex-wrap: wrap; }
  #redoc div:has(> h1) { flex: 1 1 100%; }
  .vpcep-downloads { font: 14px/1.5 system-ui, sans-serif; padding: 6px 16px; border-bottom: 1px solid #e4e7eb; background: #f8f9fa; }
  .vpcep-downloads a { margin-left: 12px; }
  .vpcep-downloads a.vpcep-guides { margin-left: 0; }
</style>`;

// The guides (scripts/guides.js) live in guides/ beside the page; their Start page links every other.
const DOWNLOAD_BAR = `<nav class="vpcep-downloads" aria-label="Site"><a class="vpcep-guides" href="guides/index.html">Guides: quick start, calling, testing, CI</a></nav>
<nav class="vpcep-downloads" aria-label="Download the contract">Download the contract (OpenAPI 3.1):${DOWNLOADS.map(
  (file) => `<a href="${file}" download="${file}">${file}</a>`,
).join("")}</nav>`;

// Opens the operations' tag in the sidebar once Redoc has rendered it. The click on the tag's chevron
// has its default prevented, so the tag opens without navigating away from where the reader landed;
// it is repeated until Redoc has hydrated the page and shows the operation.
const EXPAND_SCRIPT = `<script id="vpcep-expand-sidebar">
(function () {
  var tries = 0;
  function labels() { return Array.prototype.slice.call(document.querySelectorAll('li[data-testid="menu-item-label"]')); }
  function open() {
    if (labels().some(function (l) { return /^Query VPC endpoint services/.test(l.textContent || ""); })) return;
    var tag = labels().filter(function (l) { return l.textContent === "VPC endpoint services"; })[0];
    if (tag) {
      var stay = function (event) { event.preventDefault(); };
      window.addEventListener("click", stay, true);
      (tag.querySelector("svg") || tag).dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
      window.removeEventListener("click", stay, true);
    }
    if (++tries < 100) setTimeout(open, 100);
  }
  if (document.readyState === "complete") open(); else window.addEventListener("load", open);
})();
</script>`;

/** @param {string} html */
export function addReferenceExtras(html) {
  if (html.includes('id="vpcep-reference"')) return html;
  // The first </head> and <body> and the last </body> are the page's own; the others are in scripts.
  const head = html.indexOf("</head>");
  const body = html.indexOf(">", html.indexOf("<body", head)) + 1;
  const end = html.lastIndexOf("</body>");
  if (head < 0 || body <= head || end < body) throw new Error("docs: the page redocly build-docs wrote has no <head>/<body> to extend");
  return `${html.slice(0, head)}${STYLE}\n${html.slice(head, body)}\n${DOWNLOAD_BAR}${html.slice(body, end)}${EXPAND_SCRIPT}\n${html.slice(end)}`;
}

/** Copies the bundled document next to the page, for its download links. @param {string} bundleDir @param {string} docsDir */
export async function copyDownloads(bundleDir, docsDir) {
  for (const file of DOWNLOADS) await copyFile(path.join(bundleDir, file), path.join(docsDir, file));
}
