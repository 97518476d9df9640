// @ts-check
// Step 11: the README (the site's Start page) and the guides (docs/*.md) as HTML pages beside the API
// reference, in generated/docs/guides/: rendered by markdown-it, headings given GitHub's ids, one
// small layout with navigation between every page and the reference, inline CSS, no script and no
// request outside the site. Links between the Markdown files become links between the pages, and
// links to the published site become relative ones, so the site works offline and in a test.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import MarkdownIt from "markdown-it";
import anchor from "markdown-it-anchor";
import { commandLine, isMain, OUT_FLAG, runAlone } from "./lib/cli.js";
import { generatedDir, outputPath, repoRoot, shown } from "./lib/paths.js";

export const SITE_URL = "https://vpcep-openapi.github.io/vpcep-openapi/";
export const REPOSITORY_URL = "https://github.com/vpcep-openapi/vpcep-openapi/";
export const GUIDES_FOLDER = "guides";
const docsDir = path.join(repoRoot, "docs");

/** docs/*.md written for maintainers: in the repository, not on the site. */
export const MAINTAINER_PAGES = ["architecture.md"];
/** The guides in reading order; any other docs/*.md (a generated page, a new guide) follows, by name. */
const ORDER = ["calling.md", "testing.md", "contract-checks.md", "contract.md"];

/**
 * @typedef {object} Page
 * @property {string} source the Markdown file, relative to the repository (README.md, docs/calling.md)
 * @property {string} file the HTML file, relative to the guides folder (index.html, calling.html)
 * @property {string} title the first `# ` heading
 * @property {string} label the navigation's name for it
 */

/** The pages of the site, README first. @returns {Promise<Page[]>} */
export async function sitePages() {
  const names = (await readdir(docsDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md") && !MAINTAINER_PAGES.includes(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const sources = ["README.md", ...names.map((name) => `docs/${name}`)];
  return Promise.all(
    sources.map(async (source) => {
      const title = firstHeading(await readFile(path.join(repoRoot, source), "utf8"), source);
      const file = source === "README.md" ? "index.html" : `${path.basename(source, ".md")}.html`;
      return { source, file, title, label: source === "README.md" ? "Start" : title };
    }),
  );
}

/** @param {string} name */
const rank = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

/** @param {string} markdown @param {string} source */
function firstHeading(markdown, source) {
  const title = /^# (.+)$/m.exec(markdown)?.[1];
  if (!title) throw new Error(`guides: ${source} has no "# " title`);
  return title.replaceAll("`", "").trim();
}

/**
 * GitHub's heading ids: lower case, punctuation dropped, each space a hyphen (so a link written for
 * GitHub, `testing.md#seed-data`, finds the same heading on the site).
 * @param {string} text
 */
export const githubSlug = (text) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
    .replaceAll(" ", "-");

/**
 * Where a link of `page` points on the site: a page of the site, a relative link into the site, or
 * a file of the repository on GitHub. Absolute links elsewhere and anchors stay as they are.
 * @param {string} href @param {Page} page @param {Page[]} pages
 */
export function siteHref(href, page, pages) {
  if (href.startsWith(SITE_URL)) {
    const rest = href.slice(SITE_URL.length);
    if (rest.startsWith(`${GUIDES_FOLDER}/`)) return rest.slice(GUIDES_FOLDER.length + 1);
    return `../${rest === "" ? "index.html" : rest}`;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#") || href.startsWith("//")) return href;
  const [target = "", fragment] = href.split("#", 2);
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(page.source), target));
  const hash = fragment === undefined ? "" : `#${fragment}`;
  const linked = pages.find((candidate) => candidate.source === resolved);
  if (linked) return `${linked.file}${hash}`;
  if (resolved.startsWith("..")) throw new Error(`guides: ${page.source} links to ${href}, outside the repository`);
  const kind = target.endsWith("/") ? "tree" : "blob";
  return `${REPOSITORY_URL}${kind}/main/${resolved.replace(/\/$/, "")}${hash}`;
}

/** @param {Page[]} pages */
function renderer(pages) {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.use(anchor, { slugify: githubSlug, permalink: anchor.permalink.headerLink() });
  const linkOpen = md.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const href = token?.attrGet("href");
    if (token && typeof href === "string" && href !== "")
      token.attrSet("href", siteHref(href, /** @type {{ page: Page }} */ (env).page, pages));
    return linkOpen(tokens, index, options, env, self);
  };
  return md;
}

/** @param {string} text */
const escapeHtml = (text) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const STYLE = `
  :root { color-scheme: light; --line: #e4e7eb; --accent: #0044d4; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
  .site-nav { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 10px 20px; border-bottom: 1px solid var(--line); background: #f8f9fa; font-size: 15px; }
  .site-nav a { color: var(--accent); text-decoration: none; }
  .site-nav a[aria-current="page"] { color: #1f2328; font-weight: 600; }
  main { max-width: 980px; margin: 0 auto; padding: 8px 20px 48px; }
  h1, h2, h3 { line-height: 1.25; margin-top: 1.6em; }
  h1 { margin-top: 0.8em; }
  h2 { padding-bottom: 0.3em; border-bottom: 1px solid var(--line); }
  .header-anchor { color: inherit; text-decoration: none; }
  a { color: var(--accent); overflow-wrap: anywhere; }
  code { font: 0.875em/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6; padding: 0.1em 0.3em; border-radius: 4px; }
  pre { background: #f6f8fa; padding: 12px 16px; overflow-x: auto; border-radius: 6px; }
  pre code { background: none; padding: 0; }
  table { border-collapse: collapse; display: block; overflow-x: auto; margin: 1em 0; }
  th, td { border: 1px solid var(--line); padding: 6px 10px; vertical-align: top; text-align: left; }
  th { background: #f8f9fa; }
  footer { max-width: 980px; margin: 0 auto; padding: 16px 20px 32px; border-top: 1px solid var(--line); font-size: 14px; color: #57606a; }
`;

/** @param {Page} page @param {Page[]} pages @param {string} body */
function layout(page, pages, body) {
  const links = pages.map(
    (other) => `<a href="${other.file}"${other === page ? ' aria-current="page"' : ""}>${escapeHtml(other.label)}</a>`,
  );
  links.push(`<a href="../index.html">API reference</a>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} — vpcep-openapi</title>
<style>${STYLE}</style>
</head>
<body>
<nav class="site-nav" aria-label="Site">${links.join("\n")}</nav>
<main>
${body}</main>
<footer>From <a href="${REPOSITORY_URL}blob/main/${page.source}">${escapeHtml(page.source)}</a> in the repository.</footer>
</body>
</html>
`;
}

/** The guides folder of a build's site. @param {string} outDir */
export const guidesDir = (outDir) => path.join(path.dirname(outputPath(outDir, "docs")), GUIDES_FOLDER);

/** @param {string} outDir */
export async function writeGuides(outDir = generatedDir) {
  const pages = await sitePages();
  const md = renderer(pages);
  const target = guidesDir(outDir);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const page of pages) {
    const html = md.render(await readFile(path.join(repoRoot, page.source), "utf8"), { page });
    await writeFile(path.join(target, page.file), layout(page, pages, html));
  }
  return `guides: ${pages.length} pages in ${shown(target)}`;
}

if (isMain(import.meta.url)) {
  const flags = commandLine("node scripts/guides.js", { ...OUT_FLAG });
  await runAlone(() => writeGuides(flags.out));
}
