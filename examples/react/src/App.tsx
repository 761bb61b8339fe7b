import { useState } from "react";
import { posts, threadOf, type Post } from "./posts";

// Two pages without a router: the index, or one post.
export function App() {
  const [post, setPost] = useState<Post | null>(null);
  return post ? <PostPage post={post} onOpen={setPost} /> : <Index onOpen={setPost} />;
}

function Index({ onOpen }: { onOpen: (post: Post) => void }) {
  return (
    <main>
      <h1>Notes</h1>
      <ul>
        {posts.map((post) => (
          <li key={post.slug}>
            <button type="button" onClick={() => onOpen(post)}>{post.title}</button>{" "}
            {/* Left empty: embed.js writes “N comments” into it. */}
            <confab-count thread={threadOf(post)} />
          </li>
        ))}
      </ul>
    </main>
  );
}

function PostPage({ post, onOpen }: { post: Post; onOpen: (post: Post | null) => void }) {
  const thread = threadOf(post);
  const next = posts[(posts.indexOf(post) + 1) % posts.length];
  return (
    <main>
      <button type="button" onClick={() => onOpen(null)}>All notes</button>
      <article>
        <h1>{post.title}</h1>
        <p>{post.body}</p>
      </article>
      <button type="button" onClick={() => onOpen(next)}>Next: {next.title}</button>
      {/* The widget reads its attributes once, when it joins the page: the key makes React
          put a new element there for another post instead of changing this one's thread. */}
      <confab-comments key={thread} thread={thread} title={post.title} />
    </main>
  );
}
