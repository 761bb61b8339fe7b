// Confab's comments under a page, as an Eleventy 3 plugin. Copy this file next to
// eleventy.config.js (an ES module; in a CommonJS project name it confab.mjs) and add there:
//
//   import confab from "./confab.js";
//   eleventyConfig.addPlugin(confab, { server: "https://comments.example", site: "https://blog.example" });
//
// then, in a post layout (Liquid or Nunjucks): {% confab title %}
// The thread is the page's path (with the path prefix, --pathprefix or pathPrefix), the
// title is the one given, and the address is the page's own on `site` (left out without
// `site`: the widget then takes the address the reader sees).
export default function confab(eleventyConfig, { server, site } = {}) {
  if (!server) throw new Error('Confab: addPlugin(confab, { server: "https://comments.example" })');
  const embed = `${server.replace(/\/+$/, "")}/embed.js`;
  // Eleventy's own url filter adds the path prefix, read when the page is built.
  const withPrefix = eleventyConfig.getFilter("url");

  // A classic function: Eleventy passes the page as `this.page`.
  eleventyConfig.addShortcode("confab", function (title) {
    const thread = withPrefix(this.page.url);
    let attributes = ` thread="${attr(thread)}"`;
    if (title) attributes += ` title="${attr(title)}"`;
    if (site) attributes += ` url="${attr(new URL(thread, site).href)}"`;
    return `<confab-comments${attributes}></confab-comments>\n<script async src="${attr(embed)}"></script>`;
  });
}

/** The text as a double-quoted attribute's value. */
function attr(text) {
  const entities = { "&": "&amp;", '"': "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;" };
  return String(text).replace(/[&"'<>]/g, (c) => entities[c]);
}
