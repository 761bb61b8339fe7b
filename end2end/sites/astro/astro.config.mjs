// A small Astro site to build with the component: the test lays snippets/astro/Confab.astro
// into src/components/ and sets the site's address and base path (--site, --base) and the
// server's address (CONFAB_SERVER).
import { defineConfig } from "astro/config";

export default defineConfig({
  // The test links node_modules from here into its copy: keep Astro's and Vite's caches,
  // which go into node_modules by default, in the copy.
  cacheDir: "./.astro-cache",
  vite: { cacheDir: "./.astro-cache/vite" },
});
