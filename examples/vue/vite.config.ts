import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

export default defineConfig({
  plugins: [
    vue({
      template: {
        // Confab's elements are custom elements, not Vue components: Vue renders them as
        // they are instead of looking for components of those names.
        compilerOptions: { isCustomElement: (tag) => tag.startsWith("confab-") },
      },
    }),
  ],
});
