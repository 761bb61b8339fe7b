// A small Eleventy site to build with the shortcode: the test lays snippets/eleventy/confab.js
// beside this file and sets the server's and the site's address in CONFAB_SERVER and
// CONFAB_SITE, and the path prefix with --pathprefix.
import confab from "./confab.js";

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(confab, { server: process.env.CONFAB_SERVER, site: process.env.CONFAB_SITE });
}
