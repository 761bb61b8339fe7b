// TypeScript declarations for Confab's custom elements: the attributes the README's
// "Embedding" section documents, for the DOM (`document.querySelector("confab-count")`),
// React 19's JSX and Vue 3's templates (checked by vue-tsc). Copy this file into your app's
// sources, or list it in tsconfig.json's "include".
//
// It augments both "react" and "vue"; an app that has only one of them installed needs
// "skipLibCheck": true (as Vite's templates set), so the other augmentation is ignored.
//
// The elements have no JavaScript properties or events of their own: everything is an
// attribute, read when the element joins the page. Leave them empty in JSX and templates:
// `<confab-count>` is filled by embed.js, and `<confab-comments>` draws in a shadow root.

export {}; // a module, so that the blocks below augment "react" and "vue" instead of replacing them

/** `<confab-comments>`: a thread. Every attribute is optional. */
export interface ConfabCommentsAttributes {
  /** The key of the thread; must start with `/`. Default: the page's path. */
  thread?: string;
  /** Stored with the thread's first comment, shown in the heading. Default: the page's `<title>`. */
  title?: string;
  /** Stored with the thread's first comment. Default: the page's URL. */
  url?: string;
  /** Where the Confab server is. Default: the origin embed.js came from. */
  api?: string;
  /** `eager` loads the widget at once instead of near the viewport. Default: `lazy`. */
  loading?: "lazy" | "eager";
  /** Top-level comments per page (1–100), or `all`. Default: 20. */
  "page-size"?: number | `${number}` | "all";
  /** The widget's language. Default: the page's `<html lang>`, else the browser's. */
  lang?: string;
  /** Default: none, the page's own font and colours. */
  theme?: "light" | "dark" | "auto";
  /** A single sign-on token the site's backend signed for its logged-in reader. */
  sso?: string;
  /** Where on the page the theme is, followed live: `html[data-theme]` or `html.dark`. */
  "theme-source"?: string;
  /** Replaces one string of the widget, keyed as in lang/en.json: `text-post-comment="Send"`. */
  [text: `text-${string}`]: string | undefined;
}

/** `<confab-count>`: filled with “N comments” for its thread. */
export interface ConfabCountAttributes {
  /** The key of the thread to count. */
  thread: string;
}

/** `<confab-recent>`: the site's latest comments (read once, when embed.js starts). */
export interface ConfabRecentAttributes {
  /** How many, up to 20. Default: 5. */
  limit?: number | `${number}`;
  /** The language the dates are written in. Default: the page's. */
  lang?: string;
}

declare global {
  interface HTMLElementTagNameMap {
    "confab-comments": HTMLElement;
    "confab-count": HTMLElement;
    "confab-recent": HTMLElement;
  }
}

// React 19 reads JSX's elements from the "react" module's JSX namespace (no longer the
// global one). React passes these props to the element as attributes.
declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "confab-comments": DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & ConfabCommentsAttributes;
      "confab-count": DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & ConfabCountAttributes;
      "confab-recent": DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & ConfabRecentAttributes;
    }
  }
}

// Vue's documented way for custom elements not built with Vue: a global component type
// whose `$props` (for type checking only) are the attributes. The build still needs
// `compilerOptions.isCustomElement` for tags starting with "confab-".
type VueCustomElement<Attributes> = new () => HTMLElement & {
  /** @deprecated Only for type checking templates; the element has no such property. */
  $props: import("vue").HTMLAttributes & import("vue").PublicProps & Attributes;
};

declare module "vue" {
  interface GlobalComponents {
    "confab-comments": VueCustomElement<ConfabCommentsAttributes>;
    "confab-count": VueCustomElement<ConfabCountAttributes>;
    "confab-recent": VueCustomElement<ConfabRecentAttributes>;
  }
}
