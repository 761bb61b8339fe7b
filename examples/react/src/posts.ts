export interface Post {
  slug: string;
  title: string;
  body: string;
}

export const posts: Post[] = [
  { slug: "first-light", title: "First light", body: "The telescope saw its first star tonight." },
  { slug: "second-thoughts", title: "Second thoughts", body: "On second thought, it was a planet." },
];

/**
 * The key of a post's thread: the path the post would have, with the site's base path
 * (as Confab's snippets for static sites key threads), so it stays the same if the app
 * later gets a router.
 */
export function threadOf(post: Post): string {
  return `${import.meta.env.BASE_URL}posts/${post.slug}/`;
}
